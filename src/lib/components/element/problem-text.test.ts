import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { problemText, type ProblemReason } from './problem-text';

const REASONS: ProblemReason[] = [
	'no-backup',
	'wrong-key',
	'invalid-key',
	'no-identity',
	'not-found',
	'not-allowed',
	'not-ready',
	'unverified-device'
];
const action = (reason: string) => ({ kind: 'action' as const, reason, message: `raw ${reason}` });

describe('problemText', () => {
	it('says every reason a device names in words of its own, never the raw English message', () => {
		for (const edition of ['classic', '2026'] as const)
			for (const reason of REASONS) {
				const text = problemText(action(reason), edition);
				expect(text, `${edition} ${reason}`).not.toBe(`raw ${reason}`);
				expect(text.length).toBeGreaterThan(10);
			}
	});

	it('names the key as each Element version does', () => {
		expect(problemText(action('wrong-key'), 'classic')).toBe(m.client_problem_wrong_key());
		expect(problemText(action('wrong-key'), '2026')).toBe(m.client26_problem_wrong_key());
		expect(m.client26_problem_wrong_key({}, { locale: 'de' })).toBe(
			'Der eingegebene Wiederherstellungsschlüssel ist nicht korrekt.'
		);
	});

	it('passes on a server error or an unknown reason as it came', () => {
		const matrix = { kind: 'matrix' as const, errcode: 'M_FORBIDDEN', status: 403, message: 'Forbidden' };
		expect(problemText(matrix, '2026')).toBe('Forbidden');
		expect(problemText(action('something-new'), 'classic')).toBe('raw something-new');
	});
});
