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
	if (!world) return;
	post({ kind: 'snapshot', snapshot: await world.snapshot(viewers) });
}

async function handle(msg: ToWorker): Promise<void> {
	switch (msg.kind) {
		case 'setup': {
			world?.close();
			world = await World.create({ contactPace: msg.pace });
			viewers = msg.viewers;
			try {
				await world.setup(msg.scenario, (done, total) => post({ kind: 'progress', done, total }));
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

// One job at a time: the world is one sandbox with one order of events.
let queue: Promise<void> = Promise.resolve();
function enqueue(job: () => Promise<void>): void {
	queue = queue.then(job).catch((err: unknown) => post({ kind: 'fatal', message: String(err) }));
}

/**
 * The scripted contacts act on their own timers (a reply after typing, accepting a request after a moment) and the
 * crowd grows in the background: now and then the world takes a step, and the page gets a snapshot if anything
 * changed. One step at a time, in the same queue as the page's commands.
 */
const CONTACT_TICK_MS = 400;
let tickQueued = false;
setInterval(() => {
	const current = world;
	if (!current || tickQueued || current.contacts.personas.length === 0) return;
	tickQueued = true;
	enqueue(async () => {
		tickQueued = false;
		if (world === current && (await current.tick())) await pushSnapshot();
	});
}, CONTACT_TICK_MS);
self.onmessage = (e: MessageEvent<ToWorker>) => enqueue(() => handle(e.data));
self.addEventListener('unhandledrejection', (e) => post({ kind: 'fatal', message: String(e.reason) }));

const t0 = performance.now();
World.create()
	.then(() => post({ kind: 'ready', initMs: performance.now() - t0 }))
	.catch((e: unknown) =>
		post({ kind: 'fatal', message: `The encryption engine could not load: ${String(e)}` })
	);
