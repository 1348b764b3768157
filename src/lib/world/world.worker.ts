/// <reference lib="webworker" />
/**
 * The world's home in the browser: the crypto and the homeserver run here, so the page never freezes.
 * Every request gets exactly one reply; a fresh snapshot follows every change.
 */
import { dispatch } from './commands';
import type { FromWorker, ToWorker } from './protocol';
import { World } from './world';

const post = (msg: FromWorker) => self.postMessage(msg);

let world: World | undefined;
let viewers: string[] = [];

async function pushSnapshot(): Promise<void> {
	if (world) post({ kind: 'snapshot', snapshot: await world.snapshot(viewers) });
}

async function handle(msg: ToWorker): Promise<void> {
	switch (msg.kind) {
		case 'setup': {
			world?.close();
			world = await World.create();
			viewers = msg.viewers;
			try {
				await world.setup(msg.scenario);
				post({ kind: 'reply', id: msg.id, result: { ok: true } });
			} catch (e) {
				post({
					kind: 'reply',
					id: msg.id,
					result: { ok: false, error: { kind: 'internal', message: String(e) } }
				});
			}
			break;
		}
		case 'command': {
			if (!world) {
				post({
					kind: 'reply',
					id: msg.id,
					result: { ok: false, error: { kind: 'internal', message: 'No world yet.' } }
				});
				return;
			}
			post({ kind: 'reply', id: msg.id, result: await dispatch(world, msg.command) });
			break;
		}
		case 'snapshot':
			post({ kind: 'reply', id: msg.id, result: { ok: true } });
			break;
	}
	await pushSnapshot();
}

// One message at a time: the world is one sandbox with one order of events.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
	queue = queue
		.then(() => handle(e.data))
		.catch((err: unknown) => post({ kind: 'fatal', message: String(err) }));
};
self.addEventListener('unhandledrejection', (e) => post({ kind: 'fatal', message: String(e.reason) }));

const t0 = performance.now();
World.create()
	.then(() => post({ kind: 'ready', initMs: performance.now() - t0 }))
	.catch((e: unknown) =>
		post({ kind: 'fatal', message: `The encryption engine could not load: ${String(e)}` })
	);
