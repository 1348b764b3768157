/**
 * The page's side of the world: starts the Web Worker that runs the crypto and the homeserver, sends it commands,
 * and holds its latest snapshot as reactive state. Imports only types from the world, so the page never bundles
 * the crypto WASM (it is fetched by the worker, and only when a world is started).
 */
import { untrack } from 'svelte';
import type { CommandResult, WorldCommand } from '../world/commands';
import type { FromWorker, SetupOutcome, SetupReply, ToWorker } from '../world/protocol';
import type { Scenario } from '../scenario/scenario';
import type { ClassroomStart } from '../world/classroom';
import type { WorldSnapshot } from '../world/world';
import { readItem } from '../i18n/site-storage';
import { takeWorldWorker } from './worker-start';
import { keepUnchanged } from './keep-unchanged';

export type WorldStatus = 'idle' | 'loading' | 'starting' | 'ready' | 'error';

type Request = ToWorker extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Performance mark set when a started world has shown its first snapshot (read by the browser bench). */
export const READY_MARK = 'world-ready';
/**
 * Performance mark set when the worker has loaded the crypto WASM; its detail is the worker's own load time in ms,
 * the floor a world's start is compared with (issue 15: ready within 2× of it, measured in the same page load).
 */
export const WASM_MARK = 'world-wasm-loaded';
/** Performance mark set when the page's bridge takes (or starts) the world's worker (read by the browser bench). */
export const BOOT_MARK = 'world-boot';

const internalError = (message: string): CommandResult => ({
	ok: false,
	error: { kind: 'internal', message }
});

/**
 * Where the contacts' pace may be set for this browser (a number from 0.05 to 1; the browser tests set 0.25 so that
 * Bob does not take a person's 2.5 s to accept in each of a hundred tests: see `pacedDelay` for which delays it
 * shortens). Without it, or with anything else there, contacts react at a person's pace.
 */
export const CONTACT_PACE_KEY = 'e2ee-trainer.contact-pace';

function contactPace(): number {
	const pace = Number(readItem(CONTACT_PACE_KEY) ?? NaN);
	return Number.isFinite(pace) && pace >= 0.05 && pace <= 1 ? pace : 1;
}

export class WorldBridge {
	#status = $state<WorldStatus>('idle');
	#snapshot = $state.raw<WorldSnapshot | undefined>();
	#error = $state<string | undefined>();
	#progress = $state.raw<{ done: number; total: number } | undefined>();
	#setupOutcome = $state<SetupOutcome | undefined>();
	#keptElsewhere = $state(false);
	#restoredNote: unknown;
	#pending = $state(0);

	#worker: Worker | undefined;
	#workerReady: Promise<void> | undefined;
	#nextId = 1;
	// Pending replies are bookkeeping, not something the page renders.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #replies = new Map<number, (result: CommandResult) => void>();
	readonly #afterSnapshot: (() => void)[] = [];
	readonly #createWorker: () => Worker;

	constructor(createWorker: () => Worker = takeWorldWorker) {
		this.#createWorker = createWorker;
	}

	get status(): WorldStatus {
		return this.#status;
	}

	/** The latest picture of the world; undefined until the first set-up has finished. */
	get snapshot(): WorldSnapshot | undefined {
		return this.#snapshot;
	}

	/** Why the world could not start or stopped, in words for the learner's screen. */
	get error(): string | undefined {
		return this.#error;
	}

	/** How far the set-up of a scenario has come. */
	get progress(): { done: number; total: number } | undefined {
		return this.#progress;
	}

	/** A command is running in the worker. */
	get busy(): boolean {
		return this.#pending > 0;
	}

	/**
	 * How the last set-up went (`SetupOutcome`: fresh, restored from the browser, or afresh because the stored world
	 * could not be restored); undefined before.
	 */
	get setupOutcome(): SetupOutcome | undefined {
		return this.#setupOutcome;
	}

	/** Whether the last set-up's world was to be kept but another tab keeps it: this tab's is not kept. */
	get keptElsewhere(): boolean {
		return this.#keptElsewhere;
	}

	/** The note the page had kept with a world that the last set-up restored (see `keepNote`); undefined otherwise. */
	get restoredNote(): unknown {
		return this.#restoredNote;
	}

	/**
	 * Keeps `note` (plain data: a lesson's place) with the kept world, saved with it from now on in the worker; the page
	 * does not wait for it. Nothing happens when the world is not kept or not running.
	 */
	keepNote(note: unknown): void {
		if (untrack(() => this.#status) !== 'ready') return;
		void this.#request({ kind: 'note', note: $state.snapshot(note) });
	}

	/**
	 * Starts the worker if needed, then builds the scenario afresh (also how "Reset sandbox" works). With `keep`, the
	 * world is kept in the browser under that name; `resume` restores the one kept there instead, if it can.
	 */
	async start(
		scenario: Scenario,
		viewers: string[],
		keep?: { name: string; resume: boolean }
	): Promise<CommandResult> {
		if (this.#status === 'error') return internalError(this.#error ?? 'The world has stopped.');
		this.#snapshot = undefined;
		this.#progress = undefined;
		this.#setupOutcome = undefined;
		this.#keptElsewhere = false;
		this.#restoredNote = undefined;
		const failed = await this.#bootAndStart();
		if (failed) return failed;
		const result = await this.#request({ kind: 'setup', scenario, viewers, pace: contactPace(), keep });
		if (result.ok) {
			const reply = asSetupReply(result.value);
			this.#setupOutcome = reply.outcome;
			this.#keptElsewhere = reply.keptElsewhere === true;
			this.#restoredNote = reply.outcome === 'restored' ? reply.note : undefined;
		}
		if (!result.ok) {
			this.#fail(result.error.message);
			return result;
		}
		if (this.#status === 'starting') {
			this.#status = 'ready';
			performance.mark(READY_MARK);
		}
		return result;
	}

	/**
	 * Instead of a scenario, the learner's device on a classroom server: joins the workshop or comes back to it. The
	 * value of a success is the session to keep (`ClassroomSession`); a failure leaves the worker running, to try again.
	 */
	async joinClassroom(start: ClassroomStart): Promise<CommandResult> {
		if (this.#status === 'error') return internalError(this.#error ?? 'The world has stopped.');
		this.#snapshot = undefined;
		const failed = await this.#bootAndStart();
		if (failed) return failed;
		const result = await this.#request({ kind: 'classroom', start });
		this.#status = result.ok ? 'ready' : 'idle';
		return result;
	}

	/** Runs one command in the world. Never throws: a failure comes back as `{ ok: false, error }`. */
	async send(command: WorldCommand): Promise<CommandResult> {
		// Untracked: sending from inside an effect must not make the effect depend on the bridge's own state.
		if (untrack(() => this.#status) !== 'ready') return internalError('The world is not running.');
		untrack(() => this.#pending++);
		try {
			return await this.#request({ kind: 'command', command });
		} finally {
			this.#pending--;
		}
	}

	/** Stops the worker (leaving the page). */
	destroy(): void {
		this.#worker?.terminate();
		this.#worker = undefined;
		this.#workerReady = undefined;
		this.#settleAll('The world was stopped.');
		this.#status = 'idle';
	}

	/**
	 * Status 'loading' while the worker boots (if needed), then 'starting' for the caller's command; a worker that
	 * cannot boot stops the bridge, and its error is returned.
	 */
	async #bootAndStart(): Promise<CommandResult | undefined> {
		this.#status = 'loading';
		try {
			await this.#boot();
		} catch (e) {
			this.#fail(e instanceof Error ? e.message : String(e));
			return internalError(this.#error!);
		}
		this.#status = 'starting';
		return undefined;
	}

	#boot(): Promise<void> {
		if (this.#workerReady) return this.#workerReady;
		this.#workerReady = new Promise<void>((resolve, reject) => {
			let worker: Worker;
			try {
				worker = this.#createWorker();
			} catch (e) {
				reject(e instanceof Error ? e : new Error(String(e)));
				return;
			}
			performance.mark(BOOT_MARK);
			this.#worker = worker;
			worker.onmessage = (e: MessageEvent<FromWorker>) => {
				const msg = e.data;
				switch (msg.kind) {
					case 'ready':
						performance.mark(WASM_MARK, { detail: msg.initMs });
						resolve();
						break;
					case 'progress':
						this.#progress = { done: msg.done, total: msg.total };
						break;
					case 'snapshot': {
						// Only what changed is new, so the page re-renders only that (see keepUnchanged).
						this.#snapshot = keepUnchanged(this.#snapshot, msg.snapshot);
						const waiting = this.#afterSnapshot.splice(0);
						for (const resolve of waiting) resolve();
						break;
					}
					case 'reply': {
						// The worker sends a fresh snapshot right after each reply: answer once it is here, so the
						// caller sees the command's effect in `snapshot` as soon as `send` resolves.
						const resolve = this.#replies.get(msg.id);
						this.#replies.delete(msg.id);
						if (resolve && msg.alone) resolve(msg.result);
						else if (resolve) this.#afterSnapshot.push(() => resolve(msg.result));
						break;
					}
					case 'fatal':
						reject(new Error(msg.message));
						this.#fail(msg.message);
						break;
				}
			};
			// A worker script or WASM that fails to load gives only a bare event: say what it means.
			worker.onerror = (e: ErrorEvent) => {
				e.preventDefault();
				const message = e.message || 'The encryption engine could not be loaded.';
				reject(new Error(message));
				this.#fail(message);
			};
			worker.onmessageerror = () => this.#fail('A message from the encryption engine could not be read.');
		});
		return this.#workerReady;
	}

	#request(request: Request): Promise<CommandResult> {
		const worker = this.#worker;
		if (!worker) return Promise.resolve(internalError('The world is not running.'));
		const id = this.#nextId++;
		return new Promise<CommandResult>((resolve) => {
			this.#replies.set(id, resolve);
			worker.postMessage({ ...request, id } as ToWorker);
		});
	}

	#fail(message: string): void {
		this.#error = message;
		this.#status = 'error';
		this.#worker?.terminate();
		this.#worker = undefined;
		this.#settleAll(message);
	}

	#settleAll(message: string): void {
		for (const resolve of this.#replies.values()) resolve(internalError(message));
		this.#replies.clear();
		for (const resolve of this.#afterSnapshot.splice(0)) resolve();
	}
}

const SETUP_OUTCOMES: readonly unknown[] = ['fresh', 'restored', 'stale', 'lost'] satisfies SetupOutcome[];
const isSetupOutcome = (v: unknown): v is SetupOutcome => SETUP_OUTCOMES.includes(v);

/** A set-up's reply as the worker sent it (anything else, e.g. a worker without keeping: built afresh). */
function asSetupReply(value: unknown): SetupReply {
	const reply = typeof value === 'object' && value !== null ? (value as Partial<SetupReply>) : {};
	if (!isSetupOutcome(reply.outcome)) return { outcome: 'fresh' };
	return { outcome: reply.outcome, note: reply.note, keptElsewhere: reply.keptElsewhere === true };
}
