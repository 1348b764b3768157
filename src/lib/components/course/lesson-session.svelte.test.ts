/**
 * The lesson session against real worlds: the page's WorldBridge talks the worker protocol to a world running in this
 * process (real crypto, real homeserver; the contacts' timers on a simulated clock that runs fast). Local storage is
 * absent in Node, so the course progress lives in memory, as in a browser that blocks site data; worlds are kept in
 * IndexedDB (`fake-indexeddb`, the crypto stores too) by the worker's own store, as in the browser.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { edition } from '$lib/i18n/edition.svelte';
import { lessonById } from '$lib/lessons/catalog';
import { confirmEmoji } from '$lib/lessons/content/emoji-verification';
import { hasVerified, dmWith, lessonView } from '$lib/lessons/view';
import { dispatch } from '$lib/world/commands';
import { doStep } from '$lib/lessons/driver';
import { asLessonNote, type LessonNote } from '$lib/lessons/resume';
import { SOLUTIONS } from '$lib/lessons/catalog';
import type { FromWorker, SetupReply, ToWorker } from '$lib/world/protocol';
import { LEARNER, LEARNER_PHONE } from '$lib/scenario/sandbox';
import { StaleWorldState, World } from '$lib/world/world';
import { forgetWorld, loadWorld, noteOf, saveWorld } from '$lib/world/world-store';
import { WorldBridge } from '$lib/world-bridge';
import { CourseProgress } from './course-progress.svelte';
import { keptLessonName, LessonSession } from './lesson-session.svelte';
import { pageDriver } from './page-driver';
import { ProgressStream, type ProgressEvent } from './progress-stream';

const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

/**
 * The world's Web Worker, in this process: the same messages, one job at a time, a snapshot after each; a world set
 * up with `keep` is kept (with the page's note) after each command, contacts' step and note, as the worker does.
 */
function inProcessWorker(): Worker {
	const clock = new SimulatedClock();
	let world: World | undefined;
	let viewers: string[] = [];
	let keptAs: string | undefined;
	let note: unknown;
	// A closed page's worker is gone: nothing it had queued is saved any more.
	let stopped = false;
	const save = async () => {
		if (world && keptAs && !stopped) await saveWorld(keptAs, world.persist(), note);
	};
	let queue: Promise<void> = Promise.resolve();
	let ticking = false;
	const worker = {
		onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
		onerror: null,
		onmessageerror: null,
		postMessage(msg: ToWorker) {
			enqueue(() => handle(msg));
		},
		terminate() {
			// After the job under way (a browser would stop it on the spot; this one must not close a world in use).
			stopped = true;
			clearInterval(timer);
			enqueue(async () => {
				world?.close();
				world = undefined;
			});
		}
	};
	const post = (msg: FromWorker) =>
		setTimeout(() => worker.onmessage?.({ data: msg } as MessageEvent<FromWorker>));
	const push = async () => world && post({ kind: 'snapshot', snapshot: await world.snapshot(viewers) });
	const enqueue = (job: () => Promise<void>): void => {
		queue = queue.then(job);
	};
	async function handle(msg: ToWorker) {
		if (stopped) return;
		if (msg.kind === 'setup') {
			world?.close();
			world = undefined;
			viewers = msg.viewers;
			keptAs = msg.keep?.name;
			note = undefined;
			let reply: SetupReply = { outcome: 'fresh' };
			const stored = msg.keep?.resume ? await loadWorld(msg.keep.name) : undefined;
			if (stored !== undefined) {
				try {
					world = await World.restore(stored, { contactClock: clock });
					reply = { outcome: 'restored', note: noteOf(stored) };
					note = reply.note;
				} catch (e) {
					reply = { outcome: e instanceof StaleWorldState ? 'stale' : 'lost' };
				}
			}
			if (!world) {
				if (keptAs) await forgetWorld(keptAs);
				const cryptoStores = keptAs && `session-test|${keptAs}|${Date.now()}`;
				world = await World.create({ contactClock: clock, cryptoStores });
				await world.setup(msg.scenario);
			}
			await save();
			post({ kind: 'reply', id: msg.id, result: { ok: true, value: reply } });
		} else if (msg.kind === 'command') {
			post({ kind: 'reply', id: msg.id, result: await dispatch(world!, msg.command) });
			await save();
		} else if (msg.kind === 'note') {
			note = msg.note;
			await save();
			post({ kind: 'reply', id: msg.id, result: { ok: true }, alone: true });
			return;
		} else {
			post({ kind: 'reply', id: msg.id, result: { ok: true } });
		}
		await push();
	}
	// The contacts' time runs 20 times faster than the test's.
	const timer = setInterval(() => {
		if (!world || ticking) return;
		ticking = true;
		enqueue(async () => {
			if (stopped) return;
			clock.increment(400);
			if (await world?.tick()) {
				await save();
				await push();
			}
			ticking = false;
		});
	}, 20);
	post({ kind: 'ready', initMs: 0 });
	return worker as unknown as Worker;
}

let running: { session: LessonSession; feed: ReturnType<typeof setInterval> } | undefined;
/** The lesson worlds kept by a test (forgotten after it, so that each test starts from an empty browser). */
const kept = new Set<string>();

/** Leaves the lesson page (its worker ends, and nothing more is saved). */
function leave(): void {
	if (!running) return;
	clearInterval(running.feed);
	running.session.stop();
	running = undefined;
}

afterEach(async () => {
	leave();
	for (const name of kept) await forgetWorld(name);
	kept.clear();
});

/** A lesson page's session, with the snapshots fed to it as the page's effect does. */
function openSession(id: string, progress = new CourseProgress(), stream = new ProgressStream()) {
	const world = new WorldBridge(inProcessWorker);
	const learnerId = () => world.snapshot?.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))?.userId;
	const session = new LessonSession(lessonById(id)!, { world, learnerId, progress, stream });
	const feed = setInterval(() => session.observe(world.snapshot, learnerId()), 10);
	running = { session, feed };
	kept.add(keptLessonName(id, edition.current));
	return { session, world, progress };
}

/** The note kept with the lesson's world in the browser, once it says the lesson is at `step`. */
async function keptNote(id: string, step: number): Promise<LessonNote> {
	let note: LessonNote | undefined;
	await expect
		.poll(
			async () => {
				note = asLessonNote(noteOf(await loadWorld(keptLessonName(id, edition.current))));
				return note?.place.step;
			},
			{ timeout: 20_000 }
		)
		.toBe(step);
	return note!;
}

/** The learner's moves for steps `from` to `to` − 1, done through the page's world as the learner would. */
async function doSteps(session: LessonSession, world: WorldBridge, from: number, to: number) {
	const learner = world.snapshot!.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))!.userId;
	const driver = pageDriver(world, learner);
	for (let i = from; i < to; i++) {
		await doStep(session.lesson, SOLUTIONS[session.lesson.id]!, driver, i);
		await expect.poll(() => session.step, { timeout: 20_000 }).toBe(i + 1);
	}
}

const viewOf = (world: WorldBridge) => {
	const learner = world.snapshot!.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))!.userId;
	return lessonView(world.snapshot!, learner);
};
const dmWithBob = (world: WorldBridge) => dmWith(viewOf(world), 'bob')?.roomId;
/** The crypto stores of the lesson's kept world (a world built afresh gets new ones). */
const keptStores = async (id: string) =>
	((await loadWorld(keptLessonName(id, edition.current))) as { cryptoStores: string }).cryptoStores;

/** Progress as a learner left it: `id` at `step` (nothing in storage in Node, so it is kept in memory). */
function leftAt(id: string, step: number): CourseProgress {
	const progress = new CourseProgress();
	progress.open();
	progress.record(id, step, lessonById(id)!.steps.length);
	return progress;
}

describe('LessonSession', () => {
	it("reads the lesson in the learner's Element edition, and again when they switch it mid-lesson", () => {
		const { session } = openSession('secure-backup');
		const was = edition.current;
		try {
			edition.set('classic');
			expect(session.texts).toBe(session.lesson);
			expect(session.texts.steps[0]!.title({}, { locale: 'en' })).toMatch(/Secure Backup/);
			expect(session.next?.id).toBe('verify-new-device');
			edition.set('2026');
			expect(session.texts.steps[0]!.title({}, { locale: 'en' })).toMatch(/Get recovery key/);
			expect(session.texts.steps[0]!.done).toBe(session.lesson.steps[0]!.done);
			// Today's course has a lesson of its own on the recovery key right after this one.
			expect(session.next?.id).toBe('recovery-key');
			expect(session.nextTexts?.title({}, { locale: 'en' })).toMatch(/Get your recovery key/);
		} finally {
			edition.set(was);
		}
	});

	it('starts a lesson at its first step and saves it; a restart is a new attempt, said until the learner moves on', async () => {
		const { session, world, progress } = openSession('first-encrypted-chat');
		await session.start();
		expect(world.status).toBe('ready');
		expect(session.busy).toBeUndefined();
		expect(session.step).toBe(0);
		expect(session.notice).toBeUndefined();
		expect(progress.lesson('first-encrypted-chat')).toMatchObject({ status: 'in-progress', step: 0 });

		await session.restart();
		expect(session.notice).toBe('restarted');
		expect(session.attempt).toBeGreaterThan(0);
		expect(progress.lesson('first-encrypted-chat')).toMatchObject({ step: 0, attempt: session.attempt });
		const bob = world.snapshot!.users.find((u) => u.userId.startsWith('@bob:'))!.userId;
		const me = world.snapshot!.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))!.userId;
		await world.send({ type: 'startDm', userId: me, deviceId: LEARNER_PHONE, otherUserId: bob });
		await expect.poll(() => session.step, { timeout: 20_000 }).toBe(1);
		expect(session.notice).toBeUndefined();
		expect(progress.lesson('first-encrypted-chat')).toMatchObject({ step: 1 });
	});

	it('before its step machine runs (it loads after the page is hydrated): the first step, nothing shown; a hint asked for then is shown once it does', async () => {
		const stream = new ProgressStream();
		const events: ProgressEvent[] = [];
		stream.subscribe((e) => events.push(e));
		const { session } = openSession('first-encrypted-chat', new CourseProgress(), stream);
		expect([session.step, session.hints, session.hintOffered, session.complete]).toEqual([
			0,
			0,
			false,
			false
		]);
		expect(session.shields).toEqual([]);
		expect(session.mistake).toBeUndefined();
		session.hint();
		await expect.poll(() => session.hints).toBe(1);
		expect(events).toContainEqual({ type: 'hint', lessonId: 'first-encrypted-chat', step: 0 });
		await session.start();
		expect(session.step).toBe(0);
		expect(session.hints).toBe(1);
	});

	it('resuming Secure Backup shows the Security Key the redo made (issue: onSecurityKey was never passed)', async () => {
		const { session, progress } = openSession('secure-backup', leftAt('secure-backup', 1));
		await session.start();
		await expect.poll(() => session.step).toBe(1);
		expect(session.notice).toBe('resumed');
		expect(session.redoneKey).toMatch(KEY_FORMAT);
		expect(progress.lesson('secure-backup')).toMatchObject({ step: 1 });
	});

	it('left in the middle of a verification (lesson 6, at "They match"): resumes before it, says so, keeps the save', async () => {
		const { session, progress } = openSession('verify-contact', leftAt('verify-contact', 2));
		await session.start();
		expect(session.step).toBe(0);
		expect(session.notice).toBe('resumed-verification');
		// The saved step is not lowered by what the redo could not keep.
		expect(progress.lesson('verify-contact')).toMatchObject({ step: 2 });
	});

	it('a finished lesson opens at its first step as a new attempt', async () => {
		const { session, progress } = openSession('first-encrypted-chat', leftAt('first-encrypted-chat', 3));
		await session.start();
		expect(session.step).toBe(0);
		expect(session.notice).toBeUndefined();
		expect(progress.lesson('first-encrypted-chat')).toMatchObject({ status: 'done', step: 0 });
		expect(session.attempt).toBeGreaterThan(0);
	});

	it('tells the progress stream of the start, a hint and a wrong move (what the workshop reports)', async () => {
		const stream = new ProgressStream();
		const events: ProgressEvent[] = [];
		stream.subscribe((e) => events.push(e));
		const { session, world } = openSession('create-encrypted-room', new CourseProgress(), stream);
		await session.start();
		expect(events).toContainEqual({
			type: 'lesson-start',
			lessonId: 'create-encrypted-room',
			step: 0,
			stepCount: 3
		});
		session.hint();
		expect(events.at(-1)).toEqual({ type: 'hint', lessonId: 'create-encrypted-room', step: 0 });
		const me = world.snapshot!.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))!.userId;
		await world.send({
			type: 'createRoom',
			userId: me,
			deviceId: LEARNER_PHONE,
			name: 'Open',
			encrypted: false
		});
		await expect.poll(() => session.mistake, { timeout: 20_000 }).toBe('unencrypted');
		expect(events.filter((e) => e.type === 'wrong-move')).toEqual([
			{ type: 'wrong-move', lessonId: 'create-encrypted-room', step: 0, move: 'unencrypted' }
		]);
	});
});

describe('LessonSession with its world kept in the browser', () => {
	it('comes back at the step it was, in the same world (the same DM), nothing redone; Restart deletes the kept world', async () => {
		const progress = new CourseProgress();
		const first = openSession('first-encrypted-chat', progress);
		await first.session.start();
		await doSteps(first.session, first.world, 0, 1);
		const room = dmWithBob(first.world);
		expect(room).toBeDefined();
		await keptNote('first-encrypted-chat', 1);
		const stores = await keptStores('first-encrypted-chat');
		leave();

		const { session, world } = openSession('first-encrypted-chat', progress);
		await session.start();
		expect(world.setupOutcome).toBe('restored');
		expect(session.step).toBe(1);
		expect(session.notice).toBe('restored');
		// Nothing was redone: no replay ran; the learner's devices are the kept ones (their crypto stores), in their DM.
		expect(session.replayTarget).toBe(0);
		expect(await keptStores('first-encrypted-chat')).toBe(stores);
		expect(dmWithBob(world)).toBe(room);
		await doSteps(session, world, 1, 3);
		expect(session.complete).toBe(true);

		// "Restart lesson": the kept world and its crypto stores are deleted, a fresh one is kept instead.
		const name = keptLessonName('first-encrypted-chat', edition.current);
		const before = (await loadWorld(name)) as { cryptoStores: string };
		await session.restart();
		const after = (await loadWorld(name)) as { cryptoStores: string };
		expect(after.cryptoStores).not.toBe(before.cryptoStores);
		const names = (await indexedDB.databases()).map((db) => db.name ?? '');
		expect(names.some((n) => n.startsWith(`${before.cryptoStores}|`))).toBe(false);
		expect(names.some((n) => n.startsWith(`${after.cryptoStores}|`))).toBe(true);
		expect(dmWithBob(world)).toBeUndefined();
	});

	it('a note one step behind a world that shows the step done (left before the note was stored): goes on there', async () => {
		const progress = new CourseProgress();
		const first = openSession('first-encrypted-chat', progress);
		await first.session.start();
		await doSteps(first.session, first.world, 0, 1);
		const behind = await keptNote('first-encrypted-chat', 1);
		await doSteps(first.session, first.world, 1, 2);
		await keptNote('first-encrypted-chat', 2);
		leave();
		// The world as stored after the learner's message, with the note from before it.
		const name = keptLessonName('first-encrypted-chat', edition.current);
		await saveWorld(name, (await loadWorld(name)) as never, behind);

		const { session, world } = openSession('first-encrypted-chat', progress);
		await session.start();
		expect(world.setupOutcome).toBe('restored');
		// At step 2 — or at 3 once Bob's own reply (he answers the learner's message on his own) is in the world: the
		// lesson follows the world, whenever his reply lands.
		const replyDone = () => session.lesson.steps[2]!.done(viewOf(world));
		await expect.poll(() => session.step === (replyDone() ? 3 : 2)).toBe(true);
		expect(session.notice).toBe('restored');
		expect(session.replayTarget).toBe(0);
	});

	it('a kept world older than the saved progress, or of an older version, is not used: the steps are redone', async () => {
		const progress = new CourseProgress();
		const first = openSession('first-encrypted-chat', progress);
		await first.session.start();
		await doSteps(first.session, first.world, 0, 1);
		await keptNote('first-encrypted-chat', 1);
		const stores = await keptStores('first-encrypted-chat');
		leave();
		// The learner got further than the kept world (they left before it was stored again).
		progress.record('first-encrypted-chat', 2, 3);

		const older = openSession('first-encrypted-chat', progress);
		await older.session.start();
		// The redone steps reach the step machine with the page's next snapshots.
		await expect.poll(() => older.session.step).toBe(2);
		expect(older.session.notice).toBe('resumed');
		expect(older.session.replayTarget).toBe(2);
		// A world built afresh (new crypto stores), the steps redone in it.
		expect(await keptStores('first-encrypted-chat')).not.toBe(stores);
		await keptNote('first-encrypted-chat', 2);
		leave();

		// Kept by an older version of the course: redone, and the learner is told why.
		const name = keptLessonName('first-encrypted-chat', edition.current);
		const stored = (await loadWorld(name)) as { version: number };
		await saveWorld(name, { ...stored, version: stored.version - 1 } as never);
		const stale = openSession('first-encrypted-chat', progress);
		await stale.session.start();
		expect(stale.world.setupOutcome).toBe('stale');
		await expect.poll(() => stale.session.step).toBe(2);
		expect(stale.session.notice).toBe('resumed-stale');
	});

	it('left in the middle of lesson 6\'s emoji comparison: back at "start the verification", which can be finished', async () => {
		const progress = new CourseProgress();
		const first = openSession('verify-contact', progress);
		await first.session.start();
		await doSteps(first.session, first.world, 0, 2);
		const note = await keptNote('verify-contact', 2);
		expect(note.restStep).toBe(0);
		leave();

		const { session, world } = openSession('verify-contact', progress);
		await session.start();
		expect(world.setupOutcome).toBe('restored');
		expect(session.step).toBe(0);
		expect(session.notice).toBe('restored-verification');
		expect(session.replayTarget).toBe(0);
		// The saved step is not lowered by the verification that could not be kept.
		expect(progress.lesson('verify-contact')).toMatchObject({ step: 2 });
		expect(await keptNote('verify-contact', 0)).toMatchObject({ saved: 2 });
		leave();

		// Left again before starting it anew: the same kept world still belongs to that progress.
		const stores = await keptStores('verify-contact');
		const again = openSession('verify-contact', progress);
		await again.session.start();
		expect(again.world.setupOutcome).toBe('restored');
		expect(again.session.step).toBe(0);
		expect(again.session.notice).toBe('restored-verification');
		expect(await keptStores('verify-contact')).toBe(stores);
		await doSteps(again.session, again.world, 0, 3);
		expect(again.session.complete).toBe(true);
	});

	it('lesson 7 after its three verifications: back with Bob, Carol and Dave verified at once, then finished', async () => {
		const progress = new CourseProgress();
		const first = openSession('verify-group', progress);
		await first.session.start();
		await doSteps(first.session, first.world, 0, 4);
		const learner = viewOf(first.world).learner;
		await confirmEmoji(pageDriver(first.world, learner), 'dave');
		// Kept once Dave's verification is done (the lesson still waits for the learner to look at "Book club").
		await expect
			.poll(
				async () => {
					const note = asLessonNote(noteOf(await loadWorld(keptLessonName('verify-group', edition.current))));
					return note?.flows.some((d) =>
						d.flows.some((f) => f.phase === 'done' && f.otherUserId.startsWith('@dave:'))
					);
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
		leave();

		const { session, world } = openSession('verify-group', progress);
		await session.start();
		expect(world.setupOutcome).toBe('restored');
		expect(session.step).toBe(4);
		expect(session.notice).toBe('restored');
		expect(session.replayTarget).toBe(0);
		// At once, in the first snapshot after the start: no contact had to act, no verification runs.
		const view = viewOf(world);
		for (const name of ['bob', 'carol', 'dave']) expect(hasVerified(view, name)).toBe(true);
		expect(view.snapshot.devices.flatMap((d) => d.verifications)).toEqual([]);
		await doSteps(session, world, 4, 5);
		expect(session.complete).toBe(true);
	});
});
