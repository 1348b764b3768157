/**
 * The course progress of this browser, for every page of the tab: read once from localStorage (what is good in a
 * save is kept, what is bad dropped), written lesson by lesson merged with what another tab stored meanwhile (and
 * kept current by the `storage` event), never written over a save of a newer course version, and kept for the tab
 * alone when the browser lets nothing be saved. What went wrong with the save is said once, by the site layout.
 *
 * One per tab, like the language: the progress of a browser is one thing, shared by the home page and the lessons,
 * and it must survive navigating between them.
 */
import {
	emptyProgress,
	mergeProgress,
	parseProgress,
	PROGRESS_KEY,
	recordStep,
	serializeProgress,
	type LessonProgress,
	type Progress,
	type ProgressNotice
} from '$lib/lessons/progress';
import { readItem, sessionFlag, storageWorks, writeItem } from '$lib/i18n/site-storage';
import { progressStream, type ProgressStream } from './progress-stream';

/** Set for the tab once the learner was told about the save: a reload does not say the same again. */
const toldKey = (notice: ProgressNotice) => `e2ee-trainer.told.${notice}`;

export class CourseProgress {
	#progress = $state<Progress>(emptyProgress());
	#notice = $state<ProgressNotice | undefined>();
	#opened = $state(false);
	/** Nothing may be written: the save is a newer version's, or the browser keeps nothing. */
	#readOnly = false;
	/** What the learner was told in this tab. */
	readonly #told: ProgressNotice[] = [];
	readonly #stream: ProgressStream;

	constructor(stream: ProgressStream = progressStream) {
		this.#stream = stream;
	}

	/** The progress (empty until `open()` ran in the browser). */
	get progress(): Progress {
		return this.#progress;
	}

	/** What the learner should be told about their save, until they dismiss it. */
	get notice(): ProgressNotice | undefined {
		return this.#notice;
	}

	/** The save has been read (in the browser, after the first paint). */
	get opened(): boolean {
		return this.#opened;
	}

	lesson(id: string): LessonProgress | undefined {
		return this.#progress.lessons[id];
	}

	/** Reads the save (once per tab; later calls do nothing). Call in the browser only. */
	open(): void {
		if (this.#opened) return;
		this.#opened = true;
		const raw = readItem(PROGRESS_KEY);
		if (raw === undefined || !storageWorks()) {
			// Blocked or full: the progress lives for this tab (what could be read is still used).
			this.#readOnly = true;
			this.#progress = raw ? parseProgress(raw).progress : emptyProgress();
			this.#tell('unavailable');
			return;
		}
		const loaded = parseProgress(raw);
		this.#progress = loaded.progress;
		this.#readOnly = loaded.readOnly;
		if (loaded.repaired) writeItem(PROGRESS_KEY, serializeProgress(loaded.progress));
		if (loaded.notice) this.#tell(loaded.notice);
		window.addEventListener('storage', this.#onStorage);
	}

	/** The learner reached `step` of a lesson (see `recordStep`): saved at once, merged with the stored progress. */
	record(lessonId: string, step: number, stepCount: number, attempt = 0): void {
		const now = Date.now();
		let progress = this.#progress;
		if (!this.#readOnly) {
			const stored = parseProgress(readItem(PROGRESS_KEY) ?? null);
			if (stored.readOnly) {
				// Another tab ran a newer version of the course meanwhile: leave its save alone from now on.
				this.#readOnly = true;
				this.#tell('newer-version');
			} else {
				progress = mergeProgress(progress, stored.progress);
			}
		}
		const wasDone = progress.lessons[lessonId]?.status === 'done';
		progress = recordStep(progress, lessonId, step, stepCount, now, attempt);
		this.#store(progress);
		this.#stream.emit({ type: 'step', lessonId, step, stepCount });
		if (!wasDone && progress.lessons[lessonId]?.status === 'done')
			this.#stream.emit({ type: 'lesson-done', lessonId });
	}

	/**
	 * Takes in progress kept elsewhere (a learning platform's, from another computer): merged lesson by lesson, as
	 * another tab's would be, and saved in this browser too.
	 */
	mergeIn(other: Progress): void {
		this.open();
		this.#store(mergeProgress(this.#progress, other));
	}

	#store(progress: Progress): void {
		this.#progress = progress;
		if (!this.#readOnly && !writeItem(PROGRESS_KEY, serializeProgress(progress))) {
			// Storage filled up (or was blocked) since the page opened.
			this.#readOnly = true;
			this.#tell('unavailable');
		}
	}

	dismiss(): void {
		this.#notice = undefined;
	}

	#tell(notice: ProgressNotice): void {
		if (this.#told.includes(notice) || sessionFlag(toldKey(notice))) return;
		this.#told.push(notice);
		sessionFlag(toldKey(notice), true);
		this.#notice = notice;
	}

	/** Another tab saved: take in its steps (never losing this tab's). */
	#onStorage = (event: StorageEvent): void => {
		if (event.key !== PROGRESS_KEY && event.key !== null) return;
		const loaded = parseProgress(event.newValue);
		if (loaded.readOnly) {
			this.#readOnly = true;
			this.#tell('newer-version');
		}
		this.#progress = mergeProgress(this.#progress, loaded.progress);
	};
}

export const courseProgress = new CourseProgress();
