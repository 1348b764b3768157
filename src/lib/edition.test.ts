import { describe, expect, it } from 'vitest';
import { defaultEdition, editions, pick, toEdition } from './edition';

describe('toEdition', () => {
	it('reads both link values, in any case and with spaces', () => {
		expect(toEdition('2026')).toBe('2026');
		expect(toEdition(' Classic ')).toBe('classic');
	});

	it('gives nothing for anything else', () => {
		for (const value of [null, undefined, '', '2021', 'today', '<b>2026</b>'])
			expect(toEdition(value)).toBeUndefined();
	});
});

describe('pick', () => {
	it('chooses the value of the given edition', () => {
		expect(editions.map((e) => pick(e, { '2026': 'Encryption', classic: 'Security & Privacy' }))).toEqual([
			'Encryption',
			'Security & Privacy'
		]);
	});

	it('has a default among the editions', () => {
		expect(editions).toContain(defaultEdition);
	});
});
