import { describe, expect, it } from 'vitest';
import { scormTimespan } from './scorm12';

describe('SCORM 1.2 session time', () => {
	it('is a CMITimespan, HHHH:MM:SS.SS', () => {
		expect(scormTimespan(0)).toBe('0000:00:00.00');
		expect(scormTimespan(61_234)).toBe('0000:01:01.23');
		expect(scormTimespan(((25 * 60 + 7) * 60 + 9) * 1000 + 990)).toBe('0025:07:09.99');
		expect(scormTimespan(-5)).toBe('0000:00:00.00');
	});
});
