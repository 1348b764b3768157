/// <reference lib="webworker" />
/**
 * The world's home in the browser: the crypto and the homeserver run here, so the page never freezes.
 * Every request gets exactly one reply; a fresh snapshot follows every change.
 */
import { Classroom, PEOPLE_REFRESH_MS } from './classroom';
import { dispatch, failure } from './commands';
import type { FromWorker, ToWorker } from './protocol';
import { World } from './world';

const post = (msg: FromWorker) => self.postMessage(msg);

let world: World | undefined;
let viewers: string[] = [];
/** Or, instead of a world, the learner's device on a classroom server. */
let classroom: Classroom | undefined;

async function pushSnapshot(): Promise<void> {
	if (classroom) post({ kind: 'snapshot', snapshot: await classroom.snapshot() });
	else if (world) post({ kind: 'snapshot', snapshot: await world.snapshot(viewers) });
}

function closeAll(): void {
	world?.close();
	world = undefined;
	classroom?.close();
	classroom = undefined;
}

/** A classroom device: news from the server (long polling) and the list of people, each taken in on the queue. */
function runClassroom(current: Classroom): void {
	const stillCurrent = () => classroom === current;
	const takeNews = () =>
		new Promise<void>((resolve) =>
			enqueue(async () => {
				if (stillCurrent()) {
					// A sync that fails (the server restarting, the Wi-Fi gone) is simply tried at the next news.
					await current.sync().catch(() => undefined);
					await pushSnapshot();
				}
				resolve();
			})
		);
	void current.listen(takeNews);
	const timer = setInterval(() => {
		if (!stillCurrent()) return clearInterval(timer);
		enqueue(async () => {
			if (stillCurrent() && (await current.refreshPeople().catch(() => false))) await pushSnapshot();
		});
	}, PEOPLE_REFRESH_MS);
}

async function handle(msg: ToWorker): Promise<void> {
	switch (msg.kind) {
		case 'classroom': {
			closeAll();
			try {
				const current = await Classroom.start(msg.start);
				classroom = current;
				await current.refreshPeople().catch(() => false);
				runClassroom(current);
				post({ kind: 'reply', id: msg.id, result: { ok: true, value: current.session } });
			} catch (e) {
				post({ kind: 'reply', id: msg.id, result: failure(e), alone: true });
			}
			break;
		}
		case 'setup': {
			closeAll();
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
			if (classroom) {
				post({ kind: 'reply', id: msg.id, result: await classroom.dispatch(msg.command) });
				break;
			}
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
