import { afterEach, describe, expect, it } from 'vitest';
import {
	forgetInstructorSecret,
	instructorSecret,
	secretInHash,
	takeInstructorLink
} from './instructor-link';

describe('the instructor link', () => {
	afterEach(() => forgetInstructorSecret());

	it('reads the secret from #instructor=…', () => {
		expect(secretInHash('#instructor=abc123')).toBe('abc123');
		expect(secretInHash('#instructor=a%2Bb')).toBe('a+b');
	});

	it('finds no secret in other fragments, empty ones or broken escapes', () => {
		expect(secretInHash('')).toBeUndefined();
		expect(secretInHash('#main')).toBeUndefined();
		expect(secretInHash('#instructor=')).toBeUndefined();
		expect(secretInHash('#instructor=%E0%A4%A')).toBeUndefined();
		expect(secretInHash(`#instructor=${'x'.repeat(501)}`)).toBeUndefined();
	});

	it('keeps the secret of a link for the tab until it is forgotten', () => {
		expect(takeInstructorLink('#main')).toBe(false);
		expect(instructorSecret()).toBeUndefined();
		expect(takeInstructorLink('#instructor=s3cret')).toBe(true);
		expect(instructorSecret()).toBe('s3cret');
		forgetInstructorSecret();
		expect(instructorSecret()).toBeUndefined();
	});
});
