/**
 * cmi5 through `@xapi/cmi5`: the AU reads its launch parameters from its address (endpoint, fetch, actor,
 * registration, activityId), fetches its token, reads the LMS's launch data and sends `initialized`; then
 * `completed`, `passed`/`failed` with the score (each at most once per registration, as the spec asks) and
 * `terminated`. The learner's state is a document in the LRS's state API, so that they resume on another computer.
 */
import Cmi5 from '@xapi/cmi5';
import type { LmsSink } from './sink';
import { decodeState, encodeState, type CourseResult, type LmsState } from './state';

/** The state document's id (per learner, activity and registration). */
export const CMI5_STATE_ID = 'e2ee-trainer.state';

/** What was already sent in this registration (kept with the state: a new session must not send it again). */
interface Sent {
	completed: boolean;
	passed: boolean;
	failed: boolean;
}

interface StateDocument {
	data: string;
	sent: Sent;
}

export class Cmi5Sink implements LmsSink {
	#cmi5: Cmi5 | undefined;
	#mastery: number | undefined;
	#normal = true;
	#sent: Sent = { completed: false, passed: false, failed: false };
	/** Statements go out one after another, in the order the learner earned them. */
	#queue: Promise<void> = Promise.resolve();
	#finished = false;

	get mastery(): number | undefined {
		return this.#mastery;
	}

	/** Where the LMS wants the learner to go when they finish (launch data `returnURL`). */
	get returnUrl(): string | undefined {
		return this.#cmi5?.getLaunchData().returnURL;
	}

	get active(): boolean {
		return !!this.#cmi5 && !this.#finished;
	}

	async start(): Promise<LmsState | undefined> {
		if (!Cmi5.isCmiAvailable) return undefined;
		const cmi5 = new Cmi5();
		try {
			await cmi5.initialize();
		} catch (error) {
			console.error('cmi5: the launch failed; the course runs on the browser’s save', error);
			return undefined;
		}
		this.#cmi5 = cmi5;
		const launch = cmi5.getLaunchData();
		this.#normal = launch.launchMode === 'Normal';
		if (typeof launch.masteryScore === 'number') this.#mastery = Math.round(launch.masteryScore * 100);
		const stored = await this.#readState();
		this.#sent = { ...this.#sent, ...stored?.sent };
		return decodeState(stored?.data);
	}

	report(state: LmsState, result: CourseResult): void {
		this.#enqueue(async (cmi5) => {
			await this.#writeState(state);
			// Browse and review launches must not change the learner's result.
			if (!this.#normal) return;
			const score =
				result.score === undefined
					? undefined
					: { scaled: result.score / 100, raw: result.score, min: 0, max: 100 };
			let sent = false;
			if (result.status !== 'incomplete' && !this.#sent.completed) {
				await cmi5.complete();
				this.#sent.completed = sent = true;
			}
			if (result.status === 'passed' && !this.#sent.passed) {
				await cmi5.pass(score);
				this.#sent.passed = sent = true;
			} else if (result.status === 'failed' && !this.#sent.failed && !this.#sent.passed) {
				await cmi5.fail(score);
				this.#sent.failed = sent = true;
			}
			if (sent) await this.#writeState(state);
		});
	}

	/** Sends `terminated` once, after everything before it. */
	finish(): Promise<void> {
		if (this.#finished || !this.#cmi5) return this.#queue;
		this.#enqueue(async (cmi5) => {
			await cmi5.terminate();
		});
		this.#finished = true;
		return this.#queue;
	}

	#enqueue(work: (cmi5: Cmi5) => Promise<void>): void {
		const cmi5 = this.#cmi5;
		if (!cmi5 || this.#finished) return;
		this.#queue = this.#queue
			.then(() => work(cmi5))
			.catch((error: unknown) => console.error('cmi5: a statement or the state was not saved', error));
	}

	#stateParams() {
		const { actor, activityId, registration } = this.#cmi5!.getLaunchParameters();
		return { agent: actor, activityId, registration, stateId: CMI5_STATE_ID };
	}

	async #readState(): Promise<Partial<StateDocument> | undefined> {
		try {
			const response = await this.#cmi5!.xapi!.getState(this.#stateParams());
			const doc: unknown = response.data;
			return typeof doc === 'object' && doc !== null ? (doc as Partial<StateDocument>) : undefined;
		} catch {
			// 404: nothing kept yet.
			return undefined;
		}
	}

	async #writeState(state: LmsState): Promise<void> {
		const doc: StateDocument = { data: encodeState(state), sent: this.#sent };
		await this.#cmi5!.xapi!.setState({ ...this.#stateParams(), state: doc });
	}
}
