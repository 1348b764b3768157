/**
 * Bringing a learner who comes back to the step they left. The world is not saved (yet), so their steps are redone
 * through it; but a step's result is only worth resuming at if the world is at rest there. A verification that was
 * open when they left (emoji on screen, a request waiting) cannot be handed back to them: the redo opened a new one
 * the learner's screen never showed, and it would time out. So the learner resumes at the last step after which no
 * verification was open, and is told to start the unfinished one again.
 */
import { doStep, type LessonDriver, type LessonSolution } from './driver';
import type { Lesson, LessonView } from './types';

/** A verification of one of the learner's devices is under way (neither done nor cancelled). */
export function verificationOpen(view: LessonView): boolean {
	return view.snapshot.devices.some(
		(d) =>
			d.userId === view.learner && d.verifications.some((f) => f.phase !== 'done' && f.phase !== 'cancelled')
	);
}

/**
 * Redoes the steps before `upTo` as the learner had done them (each until the world shows it done), and says how far
 * the result holds: the number of steps after which the world was last at rest (`upTo` when it is at rest at the end).
 */
export async function redoSteps(
	lesson: Lesson,
	solution: LessonSolution,
	driver: LessonDriver,
	upTo: number,
	onStep?: (index: number) => void
): Promise<number> {
	const end = Math.min(upTo, lesson.steps.length);
	let atRest = 0;
	for (let i = 0; i < end; i++) {
		if (!verificationOpen(await driver.view())) atRest = i;
		onStep?.(i);
		await doStep(lesson, solution, driver, i);
	}
	if (!verificationOpen(await driver.view())) atRest = end;
	return atRest;
}
