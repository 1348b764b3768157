/**
 * Bringing a learner who comes back to the step they left. Each lesson's world is kept in the browser with a note of
 * where the lesson was in it (`LessonNote`): restored, the lesson goes on at that step, nothing redone. Without a
 * usable kept world (none, another version, storage blocked, or one that does not agree with the saved progress),
 * their steps are redone through a fresh world instead (`redoSteps`).
 *
 * Either way a step is only worth resuming at if the world is at rest there. A verification that was open when they
 * left (emoji on screen, a request waiting) cannot be handed back to them: the library keeps no unfinished
 * verification (a restored contact cancels it and says so), and a redo would open one the learner's screen never
 * showed. So the learner resumes at the last step at which no verification was open, and is told to start the
 * unfinished one again.
 */
import type { VerificationView } from '../device/types';
import type { LessonPlace } from './lesson.machine';
import { doStep, type LessonDriver, type LessonSolution } from './driver';
import type { Lesson, LessonView } from './types';

/** Bump when `LessonNote` or its meaning changes: a note of another version is not used (the steps are redone). */
export const LESSON_NOTE_VERSION = 1;

/** A device's finished verifications (done or cancelled), as the learner's screen last showed them. */
export interface RememberedFlows {
	deviceId: string;
	flows: VerificationView[];
}

/**
 * Where a lesson was in its kept world, stored with the world itself (in one record, so the note never says more
 * than the world it comes back with): the lesson and attempt, the step machine's place, the step to go on at (before
 * a verification that was open), and the verifications the learner finished, which the library does not keep.
 */
export interface LessonNote {
	version: number;
	lessonId: string;
	attempt: number;
	place: LessonPlace;
	/** The step to go on at: `place.step`, or the step where a verification still open began. */
	restStep: number;
	/**
	 * The step the saved progress was at when the note was made (ahead of `place.step` when the lesson went back before
	 * a verification that could not be kept): while the progress is still there, this world is the one it belongs to.
	 */
	saved: number;
	flows: RememberedFlows[];
}

const finished = (f: VerificationView) => f.phase === 'done' || f.phase === 'cancelled';

/** The learner's finished verifications in `view`, per device. */
export function finishedFlows(view: LessonView | undefined): RememberedFlows[] {
	if (!view) return [];
	return view.snapshot.devices.flatMap((d) => {
		const flows = d.userId === view.learner ? d.verifications.filter(finished) : [];
		return flows.length ? [{ deviceId: d.deviceId, flows }] : [];
	});
}

/**
 * The view with the learner's remembered finished verifications put back before the device's own (older first): a
 * restored device has forgotten them, but they happened, and a step may ask about one (Carol's cancelled request).
 */
export function withRemembered(view: LessonView, remembered: readonly RememberedFlows[]): LessonView {
	if (!remembered.length) return view;
	const devices = view.snapshot.devices.map((d) => {
		const old = d.userId === view.learner ? remembered.find((r) => r.deviceId === d.deviceId) : undefined;
		if (!old) return d;
		const known = new Set(d.verifications.map((f) => f.flowId));
		const missing = old.flows.filter((f) => !known.has(f.flowId));
		return missing.length ? { ...d, verifications: [...missing, ...d.verifications] } : d;
	});
	return { ...view, snapshot: { ...view.snapshot, devices } };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A note as stored, if it is one of this version (anything else: undefined). */
export function asLessonNote(value: unknown): LessonNote | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const n = value as Partial<LessonNote>;
	const p = n.place as Partial<LessonPlace> | undefined;
	const ok =
		n.version === LESSON_NOTE_VERSION &&
		typeof n.lessonId === 'string' &&
		typeof n.attempt === 'number' &&
		isNumber(n.restStep) &&
		isNumber(n.saved) &&
		Array.isArray(n.flows) &&
		typeof p === 'object' &&
		p !== null &&
		isNumber(p.step) &&
		n.restStep <= p.step &&
		Array.isArray(p.explained) &&
		Array.isArray(p.shields) &&
		isNumber(p.retries) &&
		typeof p.taken === 'object' &&
		p.taken !== null;
	return ok ? (n as LessonNote) : undefined;
}

/**
 * Whether a kept world may be gone on with: its note is of this lesson and of the attempt the saved progress is in,
 * at the step saved or before it — because the lesson went back before a verification (`saved` is the saved step), or
 * because the world was stored after the step's move and the note not yet (the session then goes on only if the
 * restored world shows the steps between done). One of another attempt (the lesson finished and begun again), of
 * another lesson, or ahead of the saved progress is not used.
 */
export function noteAgrees(
	note: LessonNote,
	lesson: Lesson,
	resume: { step: number; attempt: number }
): boolean {
	return (
		note.lessonId === lesson.id &&
		note.attempt === resume.attempt &&
		note.place.step <= resume.step &&
		resume.step < lesson.steps.length
	);
}

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
