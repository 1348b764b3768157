/// <reference lib="webworker" />
/**
 * The world's home in the browser: the crypto and the homeserver run here, so the page never freezes.
 * Every request gets exactly one reply; a fresh snapshot follows every change.
 */
import { Classroom, PEOPLE_REFRESH_MS } from './classroom';
import { dispatch, failure } from './commands';
import type { FromWorker, SetupReply, ToWorker } from './protocol';
import { StaleWorldState, World } from './world';
import { canKeepWorlds, forgetWorld, loadWorld, noteOf, saveWorld } from './world-store';

const post = (msg: FromWorker) => self.postMessage(msg);

let world: World | undefined;
let viewers: string[] = [];
/** The name the current world is kept under in the browser, if it is kept. */
let keptAs: string | undefined;
/** The page's note kept with it (a lesson's place), saved with the world. */
let keptNote: unknown;
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
			// Marks in the worker's own timeline, read by the browser bench (`--only lessons`); one pair at a time.
			performance.clearMarks('world-setup-start');
			performance.clearMarks('world-setup-done');
			performance.mark('world-setup-start');
			closeAll();
			viewers = msg.viewers;
			keptAs = undefined;
			keptNote = undefined;
			try {
				const hold = msg.keep && (await canKeepWorlds()) ? await holdKept(msg.keep.name) : undefined;
				const keep = hold === 'held' ? msg.keep : undefined;
				let reply: SetupReply =
					hold === 'taken' ? { outcome: 'fresh', keptElsewhere: true } : { outcome: 'fresh' };
				if (keep?.resume) reply = await restore(keep.name, msg.pace);
				keptNote = reply.note;
				if (!world) {
					// Reset, or nothing (usable) stored: the old world's stores go, a fresh one is built and kept.
					if (keep) await forgetWorld(keep.name).catch(() => undefined);
					const cryptoStores = keep ? `e2ee-trainer-world|${keep.name}|${Date.now()}` : undefined;
					world = await World.create({ contactPace: msg.pace, cryptoStores });
					await world.setup(msg.scenario, (done, total) => post({ kind: 'progress', done, total }));
				}
				keptAs = keep?.name;
				saveSoon();
				performance.mark('world-setup-done');
				post({ kind: 'reply', id: msg.id, result: { ok: true, value: reply } });
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
		case 'note':
			// Saved with the world at once: the page's note never waits for the next change to be kept.
			keptNote = msg.note;
			saveSoon();
			post({ kind: 'reply', id: msg.id, result: { ok: true }, alone: true });
			return;
	}
	if (msg.kind === 'command') saveSoon();
	await pushSnapshot();
}

/**
 * One tab at a time keeps a world (a Web Lock per name, held while this worker lives or until it keeps another): two
 * tabs of the same lesson would otherwise run two copies of one world on the same crypto stores. The second tab works
 * with a world of its own in memory (a lesson redoes the learner's steps in it), keeps nothing, and is told so (the
 * set-up's reply says `keptElsewhere`); its next set-up (a reload, "Restart lesson", "Reset sandbox") asks again.
 */
let held: { name: string; release: () => void } | undefined;
/** `'taken'`: another tab holds the world's lock; `'failed'`: the browser refused the lock (nothing is kept). */
function holdKept(name: string): Promise<'held' | 'taken' | 'failed'> {
	if (held?.name === name) return Promise.resolve('held');
	held?.release();
	held = undefined;
	if (!navigator.locks) return Promise.resolve('held');
	return new Promise((resolve) => {
		navigator.locks
			.request(`e2ee-trainer-world|${name}`, { ifAvailable: true }, (lock) => {
				if (!lock) return resolve('taken');
				resolve('held');
				return new Promise<void>((release) => (held = { name, release }));
			})
			.catch(() => resolve('failed'));
	});
}

/** Opens the world stored under `name` (with the page's note on it); on failure, leaves `world` unset and says why. */
async function restore(name: string, pace: number | undefined): Promise<SetupReply> {
	const stored = await loadWorld(name).catch(() => undefined);
	if (stored === undefined) return { outcome: 'fresh' };
	try {
		world = await World.restore(stored, { contactPace: pace });
		return { outcome: 'restored', note: noteOf(stored) };
	} catch (e) {
		world = undefined;
		return { outcome: e instanceof StaleWorldState ? 'stale' : 'lost' };
	}
}

/**
 * The kept world is saved in the same queue as everything else, so it is stored between steps, never in the middle
 * of one: right after each set-up and command (after its reply: the learner never waits for it), and a moment after
 * the contacts changed it (their bursts of steps are saved once). Saving never blocks the page: it happens here, in
 * the worker. A full or refused storage leaves the world working for this tab.
 */
const SAVE_DELAY_MS = 300;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
	const current = world;
	enqueue(async () => {
		if (!keptAs || !current || world !== current) return;
		await saveWorld(keptAs, current.persist(), keptNote).catch(() => undefined);
	});
}
function scheduleSave(): void {
	if (!keptAs || saveTimer !== undefined) return;
	saveTimer = setTimeout(() => {
		saveTimer = undefined;
		saveSoon();
	}, SAVE_DELAY_MS);
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
		if (world === current && (await current.tick())) {
			scheduleSave();
			await pushSnapshot();
		}
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
