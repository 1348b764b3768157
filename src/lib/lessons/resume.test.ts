/**
 * Resuming against real worlds (real crypto, contacts on a simulated clock): a learner who left in the middle of a
 * verification resumes before it, one who left at rest resumes where they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lessonById, SOLUTIONS } from './catalog';
import { redoSteps, verificationOpen } from './resume';
import { lessonWorld as openWorld, type LessonWorld } from './test-support';
import type { Lesson } from './types';

let open: LessonWorld | undefined;
afterEach(() => open?.world.close());
const lessonWorld = async (lesson: Lesson) => (open = await openWorld(lesson));

describe('resuming a lesson', () => {
	it('left at the emoji comparison of lesson 6: the redo holds only before the verification began', async () => {
		const lesson = lessonById('verify-contact')!;
		const { driver } = await lessonWorld(lesson);
		const seen: number[] = [];
		// Saved at step 3 ("They match"): steps 1 and 2 open a verification the learner's screen never showed.
		expect(await redoSteps(lesson, SOLUTIONS[lesson.id]!, driver, 2, (i) => seen.push(i))).toBe(0);
		expect(seen).toEqual([0, 1]);
		expect(verificationOpen(await driver.view())).toBe(true);
	});

	it('left at rest (lesson 1, step 3): every redone step holds', async () => {
		const lesson = lessonById('first-encrypted-chat')!;
		const { driver } = await lessonWorld(lesson);
		expect(await redoSteps(lesson, SOLUTIONS[lesson.id]!, driver, 2)).toBe(2);
		expect(verificationOpen(await driver.view())).toBe(false);
	});

	it('a finished verification is at rest again (lesson 6, all steps)', async () => {
		const lesson = lessonById('verify-contact')!;
		const { driver } = await lessonWorld(lesson);
		expect(await redoSteps(lesson, SOLUTIONS[lesson.id]!, driver, 3)).toBe(3);
	});
});
