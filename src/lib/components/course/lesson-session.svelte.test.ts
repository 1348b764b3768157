/**
 * The lesson session against real worlds: the page's WorldBridge talks the worker protocol to a world running in this
 * process (real crypto, real homeserver; the contacts' timers on a simulated clock that runs fast). Storage is absent
 * in Node, so the course progress lives in memory, as in a browser that blocks site data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { edition } from '$lib/i18n/edition.svelte';
import { lessonById } from '$lib/lessons/catalog';
import { dispatch } from '$lib/world/commands';
import type { FromWorker, ToWorker } from '$lib/world/protocol';
import { LEARNER, LEARNER_PHONE } from '$lib/scenario/sandbox';
import { World } from '$lib/world/world';
import { WorldBridge } from '$lib/world-bridge';
import { CourseProgress } from './course-progress.svelte';
import { LessonSession } from './lesson-session.svelte';
import { ProgressStream, type ProgressEvent } from './progress-stream';

const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

/** The world's Web Worker, in this process: the same messages, one job at a time, a snapshot after each. */
function inProcessWorker(): Worker {
	const clock = new SimulatedClock();
	let world: World | undefined;
	let viewers: string[] = [];
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
			clearInterval(timer);
			world?.close();
			world = undefined;
		}
	};
	const post = (msg: FromWorker) =>
		setTimeout(() => worker.onmessage?.({ data: msg } as MessageEvent<FromWorker>));
	const push = async () => world && post({ kind: 'snapshot', snapshot: await world.snapshot(viewers) });
	const enqueue = (job: () => Promise<void>): void => {
		queue = queue.then(job);
	};
	async function handle(msg: ToWorker) {
		if (msg.kind === 'setup') {
			world?.close();
			world = await World.create({ contactClock: clock });
			viewers = msg.viewers;
			await world.setup(msg.scenario);
			post({ kind: 'reply', id: msg.id, result: { ok: true } });
		} else if (msg.kind === 'command') {
			post({ kind: 'reply', id: msg.id, result: await dispatch(world!, msg.command) });
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
			clock.increment(400);
			if (await world?.tick()) await push();
			ticking = false;
		});
	}, 20);
	post({ kind: 'ready', initMs: 0 });
	return worker as unknown as Worker;
}

let running: { session: LessonSession; feed: ReturnType<typeof setInterval> } | undefined;
afterEach(() => {
	if (!running) return;
	clearInterval(running.feed);
	running.session.stop();
	running = undefined;
});

/** A lesson page's session, with the snapshots fed to it as the page's effect does. */
function openSession(id: string, progress = new CourseProgress(), stream = new ProgressStream()) {
	const world = new WorldBridge(inProcessWorker);
	const learnerId = () => world.snapshot?.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))?.userId;
	const session = new LessonSession(lessonById(id)!, { world, learnerId, progress, stream });
	const feed = setInterval(() => session.observe(world.snapshot, learnerId()), 10);
	running = { session, feed };
	return { session, world, progress };
}

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
