/**
 * The learner's side of the workshop (issue #14), with the classroom device the worker runs, against a real classroom
 * server over HTTP: the device reports progress and answers the live question; the instructor's own model (the
 * dashboard's connection) counts that answer once, a changed answer replacing the first; a learner who joins late
 * gets the current question; the workshop room never shows up as a chat in the learner's client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomServer } from '../server/http-server';
import { CODE, startTestServer, until } from '../server/test-support';
import { WorkshopConnection } from '../workshop/connection';
import { emptyProgress } from '../workshop/protocol';
import { Classroom } from './classroom';
import type { WorldCommand } from './commands';

let server: ClassroomServer;
let instructor: WorkshopConnection;
const rooms: Classroom[] = [];

beforeAll(async () => {
	server = await startTestServer({ rateLimits: false });
	instructor = await WorkshopConnection.connect({
		baseUrl: server.url,
		secret: 'instructor-secret',
		describe: (_set, _edition, id) => ({
			question: `Question ${id}`,
			answers: [
				{ id: 'grey', text: 'Grey' },
				{ id: 'red', text: 'Red' },
				{ id: 'green', text: 'Green' }
			],
			correct: 'red'
		})
	});
});
afterAll(async () => {
	for (const c of rooms) c.close();
	await instructor.stop();
	await server.close();
});

async function join(displayName: string): Promise<Classroom> {
	const classroom = await Classroom.start({
		kind: 'join',
		homeserver: server.url,
		code: CODE,
		displayName,
		deviceName: 'Classroom laptop',
		keep: false
	});
	rooms.push(classroom);
	return classroom;
}

async function send(c: Classroom, cmd: WorldCommand): Promise<unknown> {
	const result = await c.dispatch(cmd);
	if (!result.ok) throw new Error(JSON.stringify(result.error));
	return result.value;
}

describe('a learner in the workshop', () => {
	it('reports progress, answers the live question, and is counted once', async () => {
		const ann = await join('Ann');
		const first = await ann.snapshot();
		expect(first.classroom?.workshop?.roomId).toBe(instructor.roomId);
		expect(first.devices[0]?.rooms.map((r) => r.roomId)).not.toContain(instructor.roomId);

		await send(ann, {
			type: 'workshopReport',
			progress: { ...emptyProgress(Date.now()), lesson: 'encrypted-dm', step: 1, stepCount: 4, hints: 2 }
		});
		await until(
			() => instructor.model.learners(Date.now()).some((r) => r.displayName === 'Ann' && r.step === 1),
			'Ann’s progress on the dashboard'
		);
		expect(instructor.model.learners(Date.now())).toMatchObject([{ userId: ann.device.userId, hints: 2 }]);

		await instructor.setLesson('encrypted-dm');
		await instructor.startQuiz('SET1', 'classic', ['q1', 'q2']);
		await ann.sync();
		const asked = (await ann.snapshot()).classroom?.workshop;
		expect(asked?.settings.lesson).toBe('encrypted-dm');
		expect(asked?.poll).toMatchObject({
			set: 'SET1',
			question: 'q1',
			answers: ['grey', 'red', 'green'],
			closed: false
		});
		const poll = asked!.poll!.eventId;

		await send(ann, { type: 'workshopAnswer', pollEventId: poll, answerId: 'grey' });
		expect((await ann.snapshot()).classroom?.workshop?.poll?.myAnswer).toBe('grey');
		await send(ann, { type: 'workshopAnswer', pollEventId: poll, answerId: 'red' });
		expect((await ann.snapshot()).classroom?.workshop?.poll?.myAnswer).toBe('red');
		await until(() => instructor.model.tally(poll).counts.red === 1, 'the changed answer on the projector');
		expect(instructor.model.tally(poll)).toEqual({ counts: { grey: 0, red: 1, green: 0 }, answered: 1 });

		// A learner who joins now gets the question being asked.
		const ben = await join('Ben');
		expect((await ben.snapshot()).classroom?.workshop?.poll).toMatchObject({ eventId: poll, question: 'q1' });

		await instructor.reveal();
		await ann.sync();
		expect((await ann.snapshot()).classroom?.workshop?.poll).toMatchObject({
			closed: true,
			correct: 'red',
			myAnswer: 'red'
		});
	});
});
