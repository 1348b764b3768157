/** Choosing a lesson's texts by Element edition: classic as written, 2026 with its own texts where it has them. */
import { describe, expect, it } from 'vitest';
import { inEdition, outlineIn } from './edition-texts';
import type { LessonOutline } from './outline';
import type { Lesson, Text } from './types';

const text =
	(s: string): Text =>
	() =>
		s;
const done = () => true;
const happened = () => undefined;

const lesson: Lesson = {
	id: 'demo',
	minutes: 4,
	title: text('Classic title'),
	goal: text('Classic goal'),
	scenario: () => ({ people: [] }),
	summary: [text('Classic summary')],
	today: { summary: [text('2026 summary')] },
	steps: [
		{
			id: 'one',
			title: text('Set up Secure Backup'),
			why: text('Classic why'),
			hints: [text('Classic hint 1'), text('Classic hint 2')],
			done,
			today: { title: text('Get recovery key'), hints: [text('2026 hint')] },
			mistakes: [
				{ id: 'wrong', happened, explain: text('Classic explain'), today: { explain: text('2026 explain') } },
				{ id: 'same', happened, explain: text('Explain in both') }
			],
			alternatives: [
				{
					id: 'alt',
					title: text('Classic alt'),
					done,
					summary: [text('Classic alt summary')],
					today: { title: text('2026 alt') }
				}
			]
		},
		{ id: 'two', title: text('Write Bob'), why: text('Why in both'), hints: [text('Hint in both')], done }
	]
};

const read = (t: Text) => t();

describe('inEdition', () => {
	it('gives the classic lesson as it is', () => {
		expect(inEdition(lesson, 'classic')).toBe(lesson);
	});

	it("puts 2026's texts in place of the classic ones, and keeps the ones it does not give", () => {
		const today = inEdition(lesson, '2026');
		expect(read(today.title)).toBe('Classic title');
		expect(today.summary.map(read)).toEqual(['2026 summary']);
		const [one, two] = today.steps;
		expect(read(one!.title)).toBe('Get recovery key');
		expect(read(one!.why)).toBe('Classic why');
		expect(one!.hints.map(read)).toEqual(['2026 hint']);
		expect(one!.mistakes!.map((mk) => read(mk.explain))).toEqual(['2026 explain', 'Explain in both']);
		expect(read(one!.alternatives![0]!.title)).toBe('2026 alt');
		expect(one!.alternatives![0]!.summary!.map(read)).toEqual(['Classic alt summary']);
		expect(read(two!.title)).toBe('Write Bob');
	});

	it('keeps ids, predicates and wrong moves the same functions: a step completes on the same world', () => {
		const today = inEdition(lesson, '2026');
		expect(today.id).toBe(lesson.id);
		expect(today.scenario).toBe(lesson.scenario);
		today.steps.forEach((step, i) => {
			const classic = lesson.steps[i]!;
			expect(step.id).toBe(classic.id);
			expect(step.done).toBe(classic.done);
			expect(step.mistakes?.map((mk) => [mk.id, mk.happened, mk.rebuild])).toEqual(
				classic.mistakes?.map((mk) => [mk.id, mk.happened, mk.rebuild])
			);
			expect(step.alternatives?.map((a) => [a.id, a.done])).toEqual(
				classic.alternatives?.map((a) => [a.id, a.done])
			);
		});
	});

	it('does not change the lesson, and gives the same reading each time', () => {
		const today = inEdition(lesson, '2026');
		expect(read(lesson.steps[0]!.title)).toBe('Set up Secure Backup');
		expect(lesson.steps[0]!.hints).toHaveLength(2);
		expect(inEdition(lesson, '2026')).toBe(today);
	});
});

describe('outlineIn', () => {
	const outline: LessonOutline = {
		id: 'demo',
		minutes: 4,
		steps: 2,
		title: text('A red shield'),
		goal: text('Classic goal'),
		today: { title: text('An unverified device') }
	};

	it('reads the course home entry in either edition', () => {
		expect(outlineIn(outline, 'classic')).toBe(outline);
		expect(read(outlineIn(outline, '2026').title)).toBe('An unverified device');
		expect(read(outlineIn(outline, '2026').goal)).toBe('Classic goal');
	});
});
