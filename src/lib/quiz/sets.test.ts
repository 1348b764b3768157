import { describe, expect, it } from 'vitest';
import { normalizeSetCode, randomSetCode, mulberry32 } from './prng';
import { QUESTIONS } from './questions';
import { SET_MIX, SET_SIZE, buildSet, choicesInOrder } from './sets';

const ids = (code: string) => buildSet(code, QUESTIONS).questions.map((q) => q.id);

describe('quiz sets', () => {
	it('gives the same questions in the same order for the same code', () => {
		expect(ids('ABC123')).toEqual(ids('ABC123'));
		expect(ids(normalizeSetCode('abc-123')!)).toEqual(ids('ABC123'));
		for (const q of buildSet('ABC123', QUESTIONS).questions) {
			expect(choicesInOrder('ABC123', q).map((c) => c.id)).toEqual(
				choicesInOrder('ABC123', q).map((c) => c.id)
			);
		}
	});

	it('gives other codes other sets', () => {
		const random = mulberry32(99);
		const sets = new Set(Array.from({ length: 50 }, () => ids(randomSetCode(random)).join()));
		expect(sets.size).toBe(50);
	});

	it('mixes the four kinds, without repeats', () => {
		for (const code of ['ABC123', 'ZZZZZZ', '222222']) {
			const { questions } = buildSet(code, QUESTIONS);
			expect(questions).toHaveLength(SET_SIZE);
			expect(new Set(questions.map((q) => q.id)).size).toBe(SET_SIZE);
			for (const [kind, n] of Object.entries(SET_MIX)) {
				expect(
					questions.filter((q) => q.kind === kind),
					`${code} ${kind}`
				).toHaveLength(n);
			}
		}
	});

	it('reaches every question of the pool over many codes', () => {
		const random = mulberry32(2024);
		const seen = new Set<string>();
		for (let i = 0; i < 400; i++) for (const id of ids(randomSetCode(random))) seen.add(id);
		expect(seen.size).toBe(QUESTIONS.length);
	});

	it('shuffles written choices but keeps shields and emoji answers in their natural order', () => {
		const random = mulberry32(5);
		let moved = 0;
		for (const q of QUESTIONS) {
			for (let i = 0; i < 5; i++) {
				const order = choicesInOrder(randomSetCode(random), q).map((c) => c.id);
				expect([...order].sort()).toEqual(q.choices.map((c) => c.id).sort());
				if (!q.shuffleChoices) expect(order).toEqual(q.choices.map((c) => c.id));
				else if (order[0] !== q.choices[0]!.id) moved++;
			}
		}
		expect(moved).toBeGreaterThan(0);
	});
});
