/**
 * Starting the world's Web Worker. A lesson or the sandbox opened by its address starts the worker as the app
 * starts (see `src/hooks.client.ts`), before the page is hydrated, so that the crypto WASM loads while the page's
 * own script runs; the page's `WorldBridge` then takes that worker instead of starting one after hydration. The
 * course home, the quiz and a page reached by a link from them start none until a world is needed.
 */

/** The addresses of the pages that start a world as soon as they open. */
export const WORLD_PAGES = /^\/(lessons\/[^/]+|sandbox)\/?$/;

export function createWorldWorker(): Worker {
	// Vite bundles the worker from exactly this pattern.
	return new Worker(new URL('../world/world.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * A worker started ahead of its page, with what it said before the page listened: a worker's messages are not
 * queued for a listener that comes later, so the first ones ("the WASM is loaded", or why it is not) are kept here.
 * The slot is on the window because two scripts fill it: the inline script first in the head of a built lesson or
 * sandbox page, which runs before any module (see scripts/world-worker-early.js), and `prewarmWorldWorker` below,
 * whichever comes first. `null`: the page took its worker (or needs none), so nothing starts a second one.
 */
interface EarlyWorker {
	worker: Worker;
	events: Event[];
	keep: (e: Event) => void;
}
const slot = globalThis as { __e2eeWorldWorker?: EarlyWorker | null };

/** Starts the world's worker now, for the page that will open a world (at most one waits at a time). */
export function prewarmWorldWorker(): void {
	if (slot.__e2eeWorldWorker !== undefined || typeof Worker === 'undefined') return;
	let worker: Worker;
	try {
		worker = createWorldWorker();
	} catch {
		return; // The page's bridge tries again and says what went wrong.
	}
	const events: Event[] = [];
	const keep = (e: Event) => {
		// Kept to be handed on, not reported as unhandled meanwhile.
		if (e.type === 'error') e.preventDefault();
		events.push(e);
	};
	worker.addEventListener('message', keep);
	worker.addEventListener('error', keep);
	slot.__e2eeWorldWorker = { worker, events, keep };
}

/**
 * The worker started ahead, if there is one, else a new worker. The started one's early messages are handed on
 * right after the caller has set its handlers (in the same task), before any later message.
 */
export function takeWorldWorker(): Worker {
	const taken = slot.__e2eeWorldWorker;
	slot.__e2eeWorldWorker = null;
	if (!taken) return createWorldWorker();
	const { worker, events, keep } = taken;
	worker.removeEventListener('message', keep);
	worker.removeEventListener('error', keep);
	queueMicrotask(() => {
		for (const e of events) {
			worker.dispatchEvent(
				e instanceof MessageEvent
					? new MessageEvent('message', { data: e.data })
					: new ErrorEvent('error', { message: (e as ErrorEvent).message, cancelable: true })
			);
		}
	});
	return worker;
}

/** A page that opened without a world after all (a lesson of the other Element version): the worker goes. */
export function discardPrewarmedWorker(): void {
	slot.__e2eeWorldWorker?.worker.terminate();
	slot.__e2eeWorldWorker = null;
}
