/**
 * The messages between the page (world-bridge) and the world's Web Worker. Types only: the page must not import
 * any value from the world or the crypto package, or the build would ship the 7.8 MB WASM twice.
 */
import type { CommandResult, WorldCommand } from './commands';
import type { Scenario } from '../scenario/scenario';
import type { WorldSnapshot } from './world';
import type { ClassroomStart } from './classroom';

export type ToWorker =
	| {
			id: number;
			kind: 'setup';
			scenario: Scenario;
			viewers: string[];
			pace?: number;
			/**
			 * Keep the world in the browser under this name, saved as it changes; `resume`: restore the one stored
			 * there if it can be (else it is discarded and the scenario built afresh). The reply's value is a
			 * `SetupReply`.
			 */
			keep?: { name: string; resume: boolean };
	  }
	/**
	 * What the page keeps with the kept world (a lesson's place in it): stored with the world from now on, and handed
	 * back by the set-up that restores it. Replies alone (no snapshot follows).
	 */
	| { id: number; kind: 'note'; note: unknown }
	/** Instead of a scenario: the learner's device on a classroom server (classroom.ts). Replies with the session. */
	| { id: number; kind: 'classroom'; start: ClassroomStart }
	| { id: number; kind: 'command'; command: WorldCommand }
	| { id: number; kind: 'snapshot' };

/**
 * How a set-up went: built afresh, restored from the browser, or afresh because the stored world was of another
 * version (`stale`) or could not be opened (`lost`: its crypto stores were cleared, say).
 */
export type SetupOutcome = 'fresh' | 'restored' | 'stale' | 'lost';

/** A set-up's reply: how it went, and (restored) the note the page had kept with the world. */
export interface SetupReply {
	outcome: SetupOutcome;
	note?: unknown;
	/** The world was to be kept, but another tab keeps it (see `holdKept` in the worker): this one works in memory. */
	keptElsewhere?: boolean;
}

export type FromWorker =
	/** Sent once the WASM is loaded: until then, nothing can run. */
	| { kind: 'ready'; initMs: number }
	/** How far a set-up has come (people and rooms made so far). */
	| { kind: 'progress'; done: number; total: number }
	/** `alone`: no snapshot follows this reply (a classroom that could not start has none to show). */
	| { kind: 'reply'; id: number; result: CommandResult; alone?: boolean }
	| { kind: 'snapshot'; snapshot: WorldSnapshot }
	/** Something failed outside any request (an unhandled rejection in the worker): shown to the learner. */
	| { kind: 'fatal'; message: string };
