/**
 * The workshop's sink of the progress stream (issue #14): while the learner is in a workshop, what they do in a
 * lesson — the lesson they opened, each step done, wrong moves, hints, the time per step — becomes their
 * `LearnerProgress` state in the workshop room, where the instructor's dashboard reads it. Nothing else about them.
 *
 * Reports are throttled (the latest wins) and never wait on the lesson: a report that fails is retried with the next
 * one. It sends with the classroom session this browser keeps (plain `fetch` with its access token, on the page's
 * own origin: no crypto is needed for a state event in an unencrypted room), so it works on a lesson page too,
 * where the classroom's device is not running, and after a reload.
 */
import { scoreboardChoice } from '$lib/components/workshop/scoreboard-choice.svelte';
import { progressRequest, resolveRequest } from '$lib/workshop/learner';
import { emptyProgress, MAX_STEP_TIMES, MAX_WRONG_MOVES, type LearnerProgress } from '$lib/workshop/protocol';
import { progressStream, type ProgressEvent, type ProgressStream } from './progress-stream';

/** Sends one progress report; rejects when it did not reach the server. */
export type ProgressReporter = (progress: LearnerProgress) => Promise<void>;

export interface WorkshopSinkOptions {
	report: ProgressReporter;
	stream?: ProgressStream;
	now?: () => number;
	/** The least time between two reports (default 1 s). */
	throttleMs?: number;
	/** Lessons already finished (the course's own progress). */
	done?: string[];
}

export class WorkshopSink {
	#progress: LearnerProgress;
	#stepStartedAt: number;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#lastSent = -Infinity;
	#sending: Promise<void> | undefined;
	#dirty = false;
	#unsubscribe: (() => void) | undefined;
	readonly #opts: WorkshopSinkOptions;
	readonly #now: () => number;

	constructor(opts: WorkshopSinkOptions) {
		this.#opts = opts;
		this.#now = opts.now ?? Date.now;
		this.#progress = { ...emptyProgress(this.#now()), done: [...(opts.done ?? [])] };
		this.#stepStartedAt = this.#now();
	}

	/** What would be reported now. */
	get progress(): LearnerProgress {
		return structuredClone(this.#progress);
	}

	/** Listens to the stream until `stop`. */
	start(): this {
		this.#unsubscribe ??= (this.#opts.stream ?? progressStream).subscribe((e) => this.onEvent(e));
		return this;
	}

	stop(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** The classmates this learner's classroom device verified (the classroom page tells). */
	setVerified(userIds: string[]): void {
		const sorted = [...new Set(userIds)].sort();
		if (JSON.stringify(sorted) === JSON.stringify(this.#progress.verified)) return;
		this.#change({ verified: sorted });
	}

	/** "Keep my name off the scoreboard". */
	setAnonymous(anonymous: boolean): void {
		if (anonymous !== this.#progress.anonymous) this.#change({ anonymous });
	}

	onEvent(event: ProgressEvent): void {
		const now = this.#now();
		const p = this.#progress;
		switch (event.type) {
			case 'lesson-start':
				this.#stepStartedAt = now;
				this.#change({
					lesson: event.lessonId,
					step: event.step,
					stepCount: event.stepCount,
					wrongMoves: [],
					hints: 0,
					stepMs: []
				});
				return;
			case 'step': {
				if (event.lessonId !== p.lesson) {
					this.#stepStartedAt = now;
					this.#change({ lesson: event.lessonId, step: event.step, stepCount: event.stepCount });
					return;
				}
				if (event.step === p.step) return;
				// A step further: the time since the last one (or since the start) is this step's time.
				const stepMs =
					event.step > p.step ? [...p.stepMs, now - this.#stepStartedAt].slice(-MAX_STEP_TIMES) : p.stepMs;
				this.#stepStartedAt = now;
				this.#change({ step: event.step, stepCount: event.stepCount, stepMs });
				return;
			}
			case 'lesson-done':
				if (!p.done.includes(event.lessonId)) this.#change({ done: [...p.done, event.lessonId] });
				return;
			case 'wrong-move':
				if (event.lessonId !== p.lesson) return;
				this.#change({
					wrongMoves: [...p.wrongMoves, { step: event.step, move: event.move }].slice(-MAX_WRONG_MOVES)
				});
				return;
			case 'hint':
				if (event.lessonId === p.lesson) this.#change({ hints: p.hints + 1 });
				return;
			case 'quiz-finished':
				return;
		}
	}

	/** Sends what is pending now (tests; leaving the page). */
	async flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.#sending;
		if (this.#dirty) await this.#send();
	}

	#change(change: Partial<LearnerProgress>): void {
		this.#progress = { ...this.#progress, ...change, changedAt: this.#now() };
		this.#dirty = true;
		this.#schedule();
	}

	#schedule(): void {
		if (this.#timer || this.#sending) return;
		const wait = Math.max(0, this.#lastSent + (this.#opts.throttleMs ?? 1000) - this.#now());
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#send();
		}, wait);
	}

	async #send(): Promise<void> {
		this.#dirty = false;
		this.#lastSent = this.#now();
		const sending = this.#opts.report(this.progress).catch(() => {
			// Not reached: the next change (or the retry below) sends the latest state again.
			this.#dirty = true;
		});
		this.#sending = sending;
		await sending;
		this.#sending = undefined;
		if (this.#dirty && this.#unsubscribe) this.#schedule();
	}
}

/** The session a classroom keeps in this browser (see components/classroom/classroom.svelte.ts). */
export interface StoredSession {
	homeserver: string;
	userId: string;
	accessToken: string;
}

/** Reports over plain `fetch` with the learner's classroom session; finds the workshop room on first use. */
export function sessionReporter(session: StoredSession, fetchFn: typeof fetch = fetch): ProgressReporter {
	let roomId: Promise<string> | undefined;
	const call = async (req: { method: string; path: string; body?: unknown }) => {
		const res = await fetchFn(`${session.homeserver}${req.path}`, {
			method: req.method,
			headers: {
				Authorization: `Bearer ${session.accessToken}`,
				...(req.body !== undefined && { 'Content-Type': 'application/json' })
			},
			body: req.body === undefined ? undefined : JSON.stringify(req.body)
		});
		const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
		if (!res.ok) throw new Error(`${res.status} ${String(body.errcode)}`);
		return body;
	};
	return async (progress) => {
		roomId ??= call(resolveRequest(session.userId)).then((b) => String(b.room_id));
		const id = await roomId.catch((e: unknown) => {
			roomId = undefined;
			throw e;
		});
		await call(progressRequest(id, session.userId, progress));
	};
}

let tabSink: { userId: string; sink: WorkshopSink } | undefined;

/**
 * The tab's workshop sink: started when the learner has a classroom session (joined on the classroom page, or kept
 * from before a reload) and a lesson or the classroom page opens; one per tab, for as long as the tab lives.
 */
export function workshopSinkFor(
	session: StoredSession | undefined,
	done: string[] = []
): WorkshopSink | undefined {
	if (!session) return undefined;
	if (tabSink?.userId === session.userId) return tabSink.sink;
	tabSink?.sink.stop();
	const sink = new WorkshopSink({ report: sessionReporter(session), done }).start();
	// "Keep my name off the scoreboard" is remembered in the browser: every report carries it, on any page.
	sink.setAnonymous(scoreboardChoice.anonymous);
	scoreboardChoice.onChange((anonymous) => sink.setAnonymous(anonymous));
	tabSink = { userId: session.userId, sink };
	return sink;
}
