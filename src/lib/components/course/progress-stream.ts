/**
 * One progress stream, many sinks (DESIGN.md): what the learner achieves is told here as it happens, and whoever
 * keeps or reports it listens. The browser's save (`course-progress.svelte.ts`) is always there; in a learning
 * platform the SCORM or cmi5 link listens too (`lms-link.svelte.ts`); in a workshop the workshop sink reports to the
 * instructor (`workshop-sink.ts`). A sink only listens: it never changes what a
 * lesson or the quiz does.
 */
export type ProgressEvent =
	/** A lesson's world is ready and the learner works in it, from `step` (steps already done, after a resume). */
	| { type: 'lesson-start'; lessonId: string; step: number; stepCount: number }
	| { type: 'step'; lessonId: string; step: number; stepCount: number }
	/** A wrong move the lesson explains (`move` is the lesson's id for it), on step `step` (0-based). */
	| { type: 'wrong-move'; lessonId: string; step: number; move: string }
	/** The learner asked for a hint on step `step` (0-based). */
	| { type: 'hint'; lessonId: string; step: number }
	| { type: 'lesson-done'; lessonId: string }
	/** A run through the quiz ended: `whole` when it asked the whole set (not the wrong ones again). */
	| { type: 'quiz-finished'; right: number; total: number; whole: boolean };

export type ProgressSink = (event: ProgressEvent) => void;

export class ProgressStream {
	readonly #sinks = new Set<ProgressSink>();

	/** Listens until the returned function is called. */
	subscribe(sink: ProgressSink): () => void {
		this.#sinks.add(sink);
		return () => this.#sinks.delete(sink);
	}

	emit(event: ProgressEvent): void {
		for (const sink of this.#sinks) {
			try {
				sink(event);
			} catch (error) {
				// A sink that fails must not stop the learner (nor the other sinks).
				console.error('progress sink failed', error);
			}
		}
	}
}

/** The tab's stream, like the tab's progress. */
export const progressStream = new ProgressStream();
