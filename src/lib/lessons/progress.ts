/**
 * The learner's progress, saved in the browser. Versioned: a save that is corrupt or from an unknown version is
 * reset with a notice the page shows, never a blank page.
 */

export type LessonStatus = 'not-started' | 'in-progress' | 'done';

export interface LessonProgress {
	status: LessonStatus;
	/** The step the learner is on (steps before it are done). */
	step: number;
	updatedAt: number;
}

export interface Progress {
	version: typeof PROGRESS_VERSION;
	lessons: Record<string, LessonProgress>;
}

/** Why a save was not used as it was. */
export type ProgressNotice = 'corrupt' | 'unknown-version';

export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export const PROGRESS_KEY = 'e2ee-trainer.progress';
/** Bump when the shape changes, and migrate older saves in `loadProgress` (none exist yet). */
export const PROGRESS_VERSION = 1;

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, lessons: {} });

const STATUSES: readonly LessonStatus[] = ['not-started', 'in-progress', 'done'];

function isLessonProgress(v: unknown): v is LessonProgress {
	if (typeof v !== 'object' || v === null) return false;
	const p = v as Record<string, unknown>;
	return (
		STATUSES.includes(p.status as LessonStatus) &&
		Number.isInteger(p.step) &&
		(p.step as number) >= 0 &&
		typeof p.updatedAt === 'number'
	);
}

/** Reads the saved progress. A save that cannot be used is replaced by an empty one, and the notice says why. */
export function loadProgress(store: KeyValueStore): { progress: Progress; notice?: ProgressNotice } {
	let raw: string | null;
	try {
		raw = store.getItem(PROGRESS_KEY);
	} catch {
		// Storage switched off (private mode, a policy): the course works, without saving.
		return { progress: emptyProgress() };
	}
	if (raw === null) return { progress: emptyProgress() };
	const reset = (notice: ProgressNotice) => {
		const progress = emptyProgress();
		saveProgress(store, progress);
		return { progress, notice };
	};
	let saved: unknown;
	try {
		saved = JSON.parse(raw);
	} catch {
		return reset('corrupt');
	}
	if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return reset('corrupt');
	const obj = saved as Record<string, unknown>;
	if (obj.version !== PROGRESS_VERSION)
		return reset(typeof obj.version === 'number' ? 'unknown-version' : 'corrupt');
	const lessons = obj.lessons;
	if (typeof lessons !== 'object' || lessons === null || Array.isArray(lessons)) return reset('corrupt');
	const entries = Object.entries(lessons as Record<string, unknown>);
	if (!entries.every(([, v]) => isLessonProgress(v))) return reset('corrupt');
	return {
		progress: { version: PROGRESS_VERSION, lessons: Object.fromEntries(entries) as Progress['lessons'] }
	};
}

export function saveProgress(store: KeyValueStore, progress: Progress): void {
	try {
		store.setItem(PROGRESS_KEY, JSON.stringify(progress));
	} catch {
		// Full or switched-off storage: progress lives on for this visit only.
	}
}

/** The progress after the learner reached `step` of a lesson with `stepCount` steps (`step === stepCount`: done). */
export function recordStep(
	progress: Progress,
	lessonId: string,
	step: number,
	stepCount: number,
	now: number
): Progress {
	const done = step >= stepCount || progress.lessons[lessonId]?.status === 'done';
	return {
		...progress,
		lessons: {
			...progress.lessons,
			[lessonId]: { status: done ? 'done' : 'in-progress', step: Math.min(step, stepCount), updatedAt: now }
		}
	};
}

export function lessonStatus(progress: Progress, lessonId: string): LessonStatus {
	return progress.lessons[lessonId]?.status ?? 'not-started';
}

/** The first lesson (in course order) that is not done: where "Continue" leads. */
export function nextLesson(progress: Progress, order: readonly string[]): string | undefined {
	return order.find((id) => lessonStatus(progress, id) !== 'done');
}
