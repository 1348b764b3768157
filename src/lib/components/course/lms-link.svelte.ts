/**
 * The course inside a learning platform (a package from `npm run build:lms`): reads the package's configuration
 * from its page, opens the SCORM 1.2 or cmi5 session, takes in the progress the platform kept (the learner may come
 * from another computer), and then listens to the progress stream, telling the platform the state, status and
 * score after each step and quiz. Outside a package (the normal site) it does nothing. It never changes what a lesson
 * or the quiz does: it only listens, and restores what the learner had already done.
 */
import { edition } from '$lib/i18n/edition.svelte';
import { OUTLINE } from '$lib/lessons/outline';
import { inCourse } from '$lib/lessons/types';
import { LMS_META_NAME, parseLmsConfig, type LmsConfig } from '$lib/lms/config';
import type { LmsSink } from '$lib/lms/sink';
import { betterQuiz, courseResult, type QuizResult } from '$lib/lms/state';
import { courseProgress } from './course-progress.svelte';
import { progressStream, type ProgressEvent } from './progress-stream';

export class LmsLink {
	#config = $state<LmsConfig>();
	#ready = $state(true);
	#connected = $state(false);
	#sink: LmsSink | undefined;
	#quiz: QuizResult | undefined;
	#started = false;

	/** The package's configuration; undefined on the normal site. */
	get config(): LmsConfig | undefined {
		return this.#config;
	}

	/** False while the platform's saved state is being read (the course waits for it). */
	get ready(): boolean {
		return this.#ready;
	}

	/** A platform answered: the learner's results go to it. */
	get connected(): boolean {
		return this.#connected;
	}

	/** The lessons a package asks for, in course order; all of the learner's Element version otherwise. */
	chosen(ids: readonly string[]): string[] {
		const chosen = this.#config?.lessons;
		return chosen ? ids.filter((id) => chosen.includes(id)) : [...ids];
	}

	/** Reads the page's configuration and connects (once per tab; in the browser only). */
	start(doc: Document = document): void {
		if (this.#started) return;
		this.#started = true;
		const config = parseLmsConfig(
			doc.querySelector(`meta[name="${LMS_META_NAME}"]`)?.getAttribute('content')
		);
		if (!config) return;
		this.#config = config;
		this.#ready = false;
		void this.#connect(config);
	}

	/**
	 * The learner finishes (cmi5's `terminated`, SCORM's LMSFinish). Resolves when the platform was told, to the
	 * address the platform wants the learner back at, if it named one (cmi5's `returnURL`).
	 */
	async finish(): Promise<string | undefined> {
		const sink = this.#sink;
		if (!sink || !this.#connected) return undefined;
		this.#connected = false;
		await sink.finish();
		return sink.returnUrl;
	}

	async #connect(config: LmsConfig): Promise<void> {
		try {
			// Loaded only in a package: the normal site's pages do not carry the platforms' libraries.
			const sink: LmsSink =
				config.target === 'cmi5'
					? new (await import('$lib/lms/cmi5')).Cmi5Sink()
					: new (await import('$lib/lms/scorm12')).Scorm12Sink();
			this.#sink = sink;
			const saved = await sink.start();
			if (!saved) return;
			courseProgress.mergeIn(saved.progress);
			this.#quiz = saved.quiz;
			this.#connected = true;
			progressStream.subscribe(this.#onProgress);
			this.#report();
			// Leaving the page ends the session (SCORM's calls are synchronous; cmi5's last statement is sent as the
			// page goes, which a browser may cut short: the course's Finish button waits for it).
			window.addEventListener('pagehide', () => void this.finish());
		} catch (error) {
			console.error('learning platform: not connected; the course runs on the browser’s save', error);
		} finally {
			this.#ready = true;
		}
	}

	#onProgress = (event: ProgressEvent): void => {
		if (event.type === 'step') return this.#report();
		if (event.type === 'lesson-done') return this.#report();
		if (event.type === 'quiz-finished' && event.whole && event.total > 0) {
			this.#quiz = betterQuiz(this.#quiz, { right: event.right, total: event.total });
			this.#report();
		}
	};

	#report(): void {
		const config = this.#config;
		const sink = this.#sink;
		if (!config || !sink || !this.#connected) return;
		const state = { progress: courseProgress.progress, quiz: this.#quiz };
		const course = OUTLINE.filter((l) => inCourse(l, edition.current)).map((l) => l.id);
		sink.report(state, courseResult(state, config, course, sink.mastery ?? config.mastery));
	}
}

export const lmsLink = new LmsLink();
