/**
 * The learner's progress, saved in the browser. Versioned. Reading keeps whatever is good in a save and drops only
 * what is bad (with a notice the page shows once); a save from a newer version of the course is read but never
 * overwritten; writing merges with what another tab may have saved meanwhile, so no tab loses another's steps.
 * Pure: the page's store (components/course/course-progress.svelte.ts) does the reading and writing.
 */

export type LessonStatus = 'not-started' | 'in-progress' | 'done';

export interface LessonProgress {
	/** `done` stays once the lesson was finished, also while the learner goes through it again. */
	status: LessonStatus;
	/** The step the learner is on in the current attempt (steps before it are done). */
	step: number;
	updatedAt: number;
	/**
	 * Which attempt `step` belongs to: 0 for the first, the time it began for a restart (or for going through a
	 * finished lesson again). Tabs on the same attempt merge to the furthest step; a newer attempt replaces an older.
	 */
	attempt?: number;
}

export interface Progress {
	version: typeof PROGRESS_VERSION;
	lessons: Record<string, LessonProgress>;
}

/**
 * Why the saved progress is not used as it was: nothing in it could be read (`corrupt`), some lessons could not
 * (`partly-corrupt`: the rest is kept), it comes from a newer version of the course (`newer-version`: read, never
 * overwritten), or the browser lets nothing be saved (`unavailable`: blocked or full storage).
 */
export type ProgressNotice = 'corrupt' | 'partly-corrupt' | 'newer-version' | 'unavailable';

export interface LoadedProgress {
	progress: Progress;
	notice?: ProgressNotice;
	/** The save must not be written (a newer version's). */
	readOnly: boolean;
	/** What was read differs from what is stored: store the cleaned progress. */
	repaired: boolean;
}

export const PROGRESS_KEY = 'e2ee-trainer.progress';
/** Bump when the shape changes, and migrate older saves in `parseProgress` (none exist yet). */
export const PROGRESS_VERSION = 1;

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, lessons: {} });

const STATUSES: readonly LessonStatus[] = ['not-started', 'in-progress', 'done'];

function isLessonProgress(v: unknown): v is LessonProgress {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
	const p = v as Record<string, unknown>;
	return (
		STATUSES.includes(p.status as LessonStatus) &&
		Number.isInteger(p.step) &&
		(p.step as number) >= 0 &&
		typeof p.updatedAt === 'number' &&
		Number.isFinite(p.updatedAt) &&
		(p.attempt === undefined || (typeof p.attempt === 'number' && Number.isFinite(p.attempt)))
	);
}

/** Only the fields this version knows, so that a newer save's extras are not carried along. */
function cleanEntry(p: LessonProgress): LessonProgress {
	const entry: LessonProgress = { status: p.status, step: p.step, updatedAt: p.updatedAt };
	if (p.attempt) entry.attempt = p.attempt;
	return entry;
}

/** Reads a stored save (`null`: none). Never throws. */
export function parseProgress(raw: string | null): LoadedProgress {
	if (raw === null) return { progress: emptyProgress(), readOnly: false, repaired: false };
	const reset: LoadedProgress = {
		progress: emptyProgress(),
		notice: 'corrupt',
		readOnly: false,
		repaired: true
	};
	let saved: unknown;
	try {
		saved = JSON.parse(raw);
	} catch {
		return reset;
	}
	if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return reset;
	const { version, lessons } = saved as Record<string, unknown>;
	const newer = typeof version === 'number' && version > PROGRESS_VERSION;
	if (typeof lessons !== 'object' || lessons === null || Array.isArray(lessons)) {
		return newer
			? { progress: emptyProgress(), notice: 'newer-version', readOnly: true, repaired: false }
			: reset;
	}
	const entries = Object.entries(lessons as Record<string, unknown>);
	const good = entries.filter((e): e is [string, LessonProgress] => isLessonProgress(e[1]));
	const progress: Progress = {
		version: PROGRESS_VERSION,
		lessons: Object.fromEntries(good.map(([id, p]) => [id, cleanEntry(p)]))
	};
	// A newer course may store more than this one understands: use what can be read, and leave the save alone.
	if (newer) return { progress, notice: 'newer-version', readOnly: true, repaired: false };
	const dropped = good.length < entries.length;
	if (dropped || version !== PROGRESS_VERSION) {
		return { progress, notice: good.length ? 'partly-corrupt' : 'corrupt', readOnly: false, repaired: true };
	}
	return { progress, readOnly: false, repaired: false };
}

export function serializeProgress(progress: Progress): string {
	return JSON.stringify(progress);
}

const STATUS_RANK: Record<LessonStatus, number> = { 'not-started': 0, 'in-progress': 1, done: 2 };

/** One lesson as two tabs saved it: the furthest step of the same attempt, or the newer attempt; done stays done. */
export function mergeLesson(a: LessonProgress | undefined, b: LessonProgress | undefined): LessonProgress {
	if (!a) return b!;
	if (!b) return a;
	const status = STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a.status : b.status;
	const aa = a.attempt ?? 0;
	const ba = b.attempt ?? 0;
	const step = aa === ba ? Math.max(a.step, b.step) : aa > ba ? a.step : b.step;
	const merged: LessonProgress = { status, step, updatedAt: Math.max(a.updatedAt, b.updatedAt) };
	const attempt = Math.max(aa, ba);
	if (attempt) merged.attempt = attempt;
	return merged;
}

/** Two saves of the same course (this tab's and what another tab stored), lesson by lesson. */
export function mergeProgress(a: Progress, b: Progress): Progress {
	const ids = new Set([...Object.keys(a.lessons), ...Object.keys(b.lessons)]);
	return {
		version: PROGRESS_VERSION,
		lessons: Object.fromEntries([...ids].map((id) => [id, mergeLesson(a.lessons[id], b.lessons[id])]))
	};
}

/**
 * The progress after the learner reached `step` (of `stepCount`; `step === stepCount`: done) in `attempt`. Never
 * lowers the step of the same attempt: a tab (or a redo) that is behind does not undo what another got to.
 */
export function recordStep(
	progress: Progress,
	lessonId: string,
	step: number,
	stepCount: number,
	now: number,
	attempt = 0
): Progress {
	const entry: LessonProgress = {
		status: step >= stepCount ? 'done' : 'in-progress',
		step: Math.min(step, stepCount),
		updatedAt: now
	};
	if (attempt) entry.attempt = attempt;
	return {
		...progress,
		lessons: { ...progress.lessons, [lessonId]: mergeLesson(progress.lessons[lessonId], entry) }
	};
}

/**
 * Where a lesson opens: the step to bring the learner back to (0: from the beginning), and the attempt the page
 * records its steps in. A finished lesson opened again begins a new attempt, so that leaving it midway resumes there.
 */
export function resumePoint(
	saved: LessonProgress | undefined,
	stepCount: number,
	now: number
): { step: number; attempt: number } {
	if (!saved) return { step: 0, attempt: 0 };
	if (saved.step >= stepCount) return { step: 0, attempt: now };
	return { step: saved.step, attempt: saved.attempt ?? 0 };
}

export function lessonStatus(progress: Progress, lessonId: string): LessonStatus {
	return progress.lessons[lessonId]?.status ?? 'not-started';
}

/** The first lesson (in course order) that is not done: where "Continue" leads. */
export function nextLesson(progress: Progress, order: readonly string[]): string | undefined {
	return order.find((id) => lessonStatus(progress, id) !== 'done');
}
