/**
 * The workshop sink: the progress stream's events become the learner's `LearnerProgress` (time per step from the
 * events' times, this lesson's wrong moves and hints), reported throttled with the latest winning, retried after a
 * failure, and — with the stored classroom session's token — written as the learner's state in a real classroom
 * server's workshop room, where the instructor's model reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomServer } from '$lib/server/http-server';
import { register, startTestServer, until } from '$lib/server/test-support';
import { WorkshopConnection } from '$lib/workshop/connection';
import type { LearnerProgress } from '$lib/workshop/protocol';
import { ProgressStream } from './progress-stream';
import { sessionReporter, WorkshopSink } from './workshop-sink';

function sinkWithClock(report: (p: LearnerProgress) => Promise<void>) {
	let now = 1_000_000;
	const stream = new ProgressStream();
	const sink = new WorkshopSink({ report, stream, now: () => now, throttleMs: 0 }).start();
	return { sink, stream, advance: (ms: number) => (now += ms) };
}

describe('WorkshopSink', () => {
	it('turns the stream into the learner’s progress, with the time of each step', async () => {
		const sent: LearnerProgress[] = [];
		const { sink, stream, advance } = sinkWithClock(async (p) => void sent.push(p));
		stream.emit({ type: 'lesson-start', lessonId: 'dm', step: 0, stepCount: 3 });
		advance(4000);
		stream.emit({ type: 'hint', lessonId: 'dm', step: 0 });
		stream.emit({ type: 'wrong-move', lessonId: 'dm', step: 0, move: 'unencrypted' });
		stream.emit({ type: 'wrong-move', lessonId: 'other', step: 0, move: 'ignored' });
		advance(1000);
		stream.emit({ type: 'step', lessonId: 'dm', step: 1, stepCount: 3 });
		advance(2500);
		stream.emit({ type: 'step', lessonId: 'dm', step: 2, stepCount: 3 });
		stream.emit({ type: 'step', lessonId: 'dm', step: 2, stepCount: 3 });
		stream.emit({ type: 'lesson-done', lessonId: 'dm' });
		sink.setVerified(['@b:x', '@a:x', '@a:x']);
		sink.setAnonymous(true);
		await sink.flush();
		expect(sent.at(-1)).toMatchObject({
			lesson: 'dm',
			step: 2,
			stepCount: 3,
			hints: 1,
			wrongMoves: [{ step: 0, move: 'unencrypted' }],
			stepMs: [5000, 2500],
			done: ['dm'],
			verified: ['@a:x', '@b:x'],
			anonymous: true
		});
		// A new lesson starts its own counts.
		stream.emit({ type: 'lesson-start', lessonId: 'next', step: 0, stepCount: 2 });
		await sink.flush();
		expect(sent.at(-1)).toMatchObject({
			lesson: 'next',
			step: 0,
			hints: 0,
			wrongMoves: [],
			stepMs: [],
			done: ['dm']
		});
		sink.stop();
	});

	it('sends the latest state after a failed report', async () => {
		const sent: LearnerProgress[] = [];
		let fail = true;
		const { sink, stream } = sinkWithClock(async (p) => {
			if (fail) throw new Error('offline');
			sent.push(p);
		});
		stream.emit({ type: 'lesson-start', lessonId: 'dm', step: 0, stepCount: 3 });
		await sink.flush();
		expect(sent).toEqual([]);
		fail = false;
		stream.emit({ type: 'step', lessonId: 'dm', step: 1, stepCount: 3 });
		await sink.flush();
		expect(sent.at(-1)).toMatchObject({ lesson: 'dm', step: 1 });
		sink.stop();
	});

	it('a burst of changes is one report, of the latest state', async () => {
		const sent: LearnerProgress[] = [];
		const stream = new ProgressStream();
		const sink = new WorkshopSink({
			report: async (p) => void sent.push(p),
			stream,
			throttleMs: 60_000
		}).start();
		await sink.flush();
		stream.emit({ type: 'lesson-start', lessonId: 'dm', step: 0, stepCount: 3 });
		for (let i = 0; i < 5; i++) stream.emit({ type: 'hint', lessonId: 'dm', step: 0 });
		await sink.flush();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ lesson: 'dm', hints: 5 });
		sink.stop();
	});
});

describe('the session reporter, against a classroom server', () => {
	let server: ClassroomServer;
	let instructor: WorkshopConnection;
	beforeAll(async () => {
		server = await startTestServer({ rateLimits: false });
		instructor = await WorkshopConnection.connect({ baseUrl: server.url, secret: 'instructor-secret' });
	});
	afterAll(async () => {
		await instructor.stop();
		await server.close();
	});

	it('writes the learner’s progress as their state in the workshop room', async () => {
		const ann = await register(server.url, 'ann');
		const stream = new ProgressStream();
		const sink = new WorkshopSink({
			report: sessionReporter({ homeserver: server.url, userId: ann.userId, accessToken: ann.accessToken }),
			stream
		}).start();
		stream.emit({ type: 'lesson-start', lessonId: 'dm', step: 0, stepCount: 3 });
		stream.emit({ type: 'step', lessonId: 'dm', step: 1, stepCount: 3 });
		await sink.flush();
		await until(
			() => instructor.model.learners(Date.now()).some((r) => r.userId === ann.userId && r.step === 1),
			'the report on the dashboard'
		);
		sink.stop();
	});
});
