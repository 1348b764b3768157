import { describe, expect, it } from 'vitest';
import { seeded } from '$lib/quiz/prng';
import { QUESTIONS } from '$lib/quiz/questions';
import { SET_SIZE, buildSet } from '$lib/quiz/sets';
import { SetCode } from './set-code.svelte';

const fixed = () => new SetCode(QUESTIONS, seeded('test', 'codes'));

describe('SetCode', () => {
	it('takes a code from the link, in any case and with spaces, as a shared set', () => {
		const setCode = fixed();
		setCode.fromLink('abc 123');
		expect(setCode.code).toBe('ABC123');
		expect(setCode.shared).toBe(true);
		expect(setCode.invalid).toBe(false);
		expect(setCode.set?.questions).toEqual(buildSet('ABC123', QUESTIONS).questions);
		expect(setCode.set?.questions).toHaveLength(SET_SIZE);
	});

	it('makes up a set of its own when the link has none', () => {
		const setCode = fixed();
		setCode.fromLink(null);
		expect(setCode.code).toMatch(/^[A-Z0-9]{6}$/);
		expect(setCode.shared).toBe(false);
		expect(setCode.linkCode).toBeUndefined();
	});

	it('says that a code in the link does not exist, offers it in the field and makes nothing up', () => {
		const setCode = fixed();
		setCode.fromLink('NO-SUCH-SET');
		expect(setCode.code).toBeUndefined();
		expect(setCode.set).toBeUndefined();
		expect(setCode.linkCode).toBe('NO-SUCH-SET');
		expect(setCode.input).toBe('NO-SUCH-SET');
		expect(setCode.invalid).toBe(true);
	});

	it('keeps at most 40 characters of a long wrong code from the link', () => {
		const setCode = fixed();
		setCode.fromLink('x'.repeat(100));
		expect(setCode.linkCode).toHaveLength(40);
	});

	it('refuses a typed code that does not exist and keeps the set it had', () => {
		const setCode = fixed();
		setCode.fromLink('ABC123');
		setCode.input = 'no!';
		expect(setCode.useInput()).toBeUndefined();
		expect(setCode.invalid).toBe(true);
		expect(setCode.code).toBe('ABC123');
	});

	it('uses a typed code as a shared set and forgets the wrong one from the link', () => {
		const setCode = fixed();
		setCode.fromLink('12');
		setCode.input = 'xyz 789';
		expect(setCode.useInput()).toBe('XYZ789');
		expect(setCode.code).toBe('XYZ789');
		expect(setCode.shared).toBe(true);
		expect(setCode.invalid).toBe(false);
		expect(setCode.linkCode).toBeUndefined();
	});

	it('makes a new set of its own, clearing what was wrong', () => {
		const setCode = fixed();
		setCode.fromLink('12');
		const code = setCode.makeNew();
		expect(code).toMatch(/^[A-Z0-9]{6}$/);
		expect(setCode.code).toBe(code);
		expect(setCode.shared).toBe(false);
		expect(setCode.invalid).toBe(false);
		expect(setCode.linkCode).toBeUndefined();
		expect(setCode.set?.code).toBe(code);
	});
});
