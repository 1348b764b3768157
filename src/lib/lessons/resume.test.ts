/**
 * Resuming against real worlds (real crypto, contacts on a simulated clock): a learner who left in the middle of a
 * verification resumes before it, one who left at rest resumes where they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lessonById, SOLUTIONS } from './catalog';
import {
	asLessonNote,
	LESSON_NOTE_VERSION,
	noteAgrees,
	redoSteps,
	verificationOpen,
	withRemembered,
	type LessonNote
} from './resume';
import { lessonWorld as openWorld, type LessonWorld } from './test-support';
import type { Lesson, LessonView } from './types';

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

	it('goes on in a kept world only when its note is of this version, lesson, attempt and saved step', () => {
		const lesson = lessonById('verify-contact')!;
		const note: LessonNote = {
			version: LESSON_NOTE_VERSION,
			lessonId: lesson.id,
			attempt: 0,
			place: { step: 2, explained: [], shields: [], retries: 0, taken: {} },
			restStep: 0,
			saved: 2,
			flows: []
		};
		expect(asLessonNote(structuredClone(note))).toEqual(note);
		expect(asLessonNote({ ...note, version: LESSON_NOTE_VERSION + 1 })).toBeUndefined();
		expect(asLessonNote({ ...note, restStep: 3 })).toBeUndefined();
		expect(asLessonNote('step 2')).toBeUndefined();
		expect(noteAgrees(note, lesson, { step: 2, attempt: 0 })).toBe(true);
		// Older than the progress: worth restoring (the session checks that the world shows the step done).
		expect(noteAgrees({ ...note, place: { ...note.place, step: 1 } }, lesson, { step: 2, attempt: 0 })).toBe(
			true
		);
		// Ahead of the progress, the lesson finished (a new attempt), another attempt or another lesson.
		expect(noteAgrees(note, lesson, { step: 1, attempt: 0 })).toBe(false);
		expect(noteAgrees(note, lesson, { step: 3, attempt: 0 })).toBe(false);
		expect(noteAgrees(note, lesson, { step: 2, attempt: 5 })).toBe(false);
		expect(noteAgrees(note, lessonById('verify-group')!, { step: 2, attempt: 0 })).toBe(false);
	});

	it("puts the learner's remembered finished verifications back before the device's own", () => {
		const flow = (flowId: string, phase: 'done' | 'cancelled' | 'ready') =>
			({ flowId, phase, otherUserId: '@carol:sim.local' }) as never;
		const view = {
			learner: '@me:sim.local',
			snapshot: {
				devices: [
					{ userId: '@me:sim.local', deviceId: 'PHONE', verifications: [flow('new', 'ready')] },
					{ userId: '@carol:sim.local', deviceId: 'PHONE', verifications: [] }
				]
			}
		} as unknown as LessonView;
		const remembered = [{ deviceId: 'PHONE', flows: [flow('old', 'cancelled'), flow('new', 'ready')] }];
		const merged = withRemembered(view, remembered);
		expect(merged.snapshot.devices[0]!.verifications.map((f) => f.flowId)).toEqual(['old', 'new']);
		expect(merged.snapshot.devices[1]!.verifications).toEqual([]);
		expect(withRemembered(view, [])).toBe(view);
	});
});
