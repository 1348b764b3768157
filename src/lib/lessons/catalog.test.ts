/** The course's lessons: ids unique and as the browser tests list them, 3–8 minutes, texts in both languages. */
import { describe, expect, it } from 'vitest';
import { LESSON_IDS_FOR_TESTS } from '../../../tests/lesson-ids';
import { LESSON_IDS, LESSONS } from './catalog';
import { OUTLINE } from './outline';

describe('the lesson catalog', () => {
	it('has thirteen lessons with unique ids, as the browser tests know them', () => {
		expect(LESSONS).toHaveLength(13);
		expect(new Set(LESSON_IDS).size).toBe(13);
		expect(LESSON_IDS).toEqual([...LESSON_IDS_FOR_TESTS]);
	});

	it('has an outline for the course home that says what the lessons say', () => {
		expect(
			OUTLINE.map((o) => ({ id: o.id, minutes: o.minutes, steps: o.steps, title: o.title, goal: o.goal }))
		).toEqual(
			LESSONS.map((l) => ({
				id: l.id,
				minutes: l.minutes,
				steps: l.steps.length,
				title: l.title,
				goal: l.goal
			}))
		);
	});

	it.each(LESSONS.map((l) => [l.id, l] as const))(
		'%s: 3–8 minutes, every text in English and German',
		(_id, l) => {
			expect(l.minutes).toBeGreaterThanOrEqual(3);
			expect(l.minutes).toBeLessThanOrEqual(8);
			const texts = [
				l.title,
				l.goal,
				...l.summary,
				...l.steps.flatMap((s) => [s.title, s.why, ...s.hints, ...(s.mistakes ?? []).map((mk) => mk.explain)])
			];
			expect(l.summary.length).toBeGreaterThanOrEqual(2);
			for (const text of texts) {
				const en = text({}, { locale: 'en' });
				const de = text({}, { locale: 'de' });
				expect(en.trim()).not.toBe('');
				expect(de.trim()).not.toBe('');
				expect(en).not.toMatch(/TODO/);
				expect(de).not.toMatch(/TODO/);
				for (const step of l.steps) expect(step.hints.length).toBeGreaterThanOrEqual(1);
			}
		}
	);
});
