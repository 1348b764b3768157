/**
 * The messages between the page (world-bridge) and the world's Web Worker. Types only: the page must not import
 * any value from the world or the crypto package, or the build would ship the 7.8 MB WASM twice.
 */
import type { CommandResult, WorldCommand } from './commands';
import type { Scenario } from '../scenario/scenario';
import type { WorldSnapshot } from './world';

export type ToWorker =
	| { id: number; kind: 'setup'; scenario: Scenario; viewers: string[]; pace?: number }
	| { id: number; kind: 'command'; command: WorldCommand }
	| { id: number; kind: 'snapshot' };

export type FromWorker =
	/** Sent once the WASM is loaded: until then, nothing can run. */
	| { kind: 'ready'; initMs: number }
	/** How far a set-up has come (people and rooms made so far). */
	| { kind: 'progress'; done: number; total: number }
	| { kind: 'reply'; id: number; result: CommandResult }
	| { kind: 'snapshot'; snapshot: WorldSnapshot }
	/** Something failed outside any request (an unhandled rejection in the worker): shown to the learner. */
	| { kind: 'fatal'; message: string };
