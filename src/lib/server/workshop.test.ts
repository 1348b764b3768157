/**
 * The workshop room over real HTTP (issue #14): created by the server as the instructor, found again after a
 * restart from the journal (never a second one), every learner joined at registration; power levels let only the
 * instructor set the workshop and ask questions, and each learner write only their own progress. The instructor's
 * dashboard connection sees a learner's progress through its long poll.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WorkshopConnection } from '../workshop/connection';
import {
	POLL_END,
	POLL_RESPONSE,
	POLL_START,
	WORKSHOP_PROGRESS,
	WORKSHOP_SETTINGS,
	emptyProgress,
	pollResponseContent,
	pollStartContent,
	progressContent
} from '../workshop/protocol';
import type { ClassroomServer } from './http-server';
import { Client, register, startTestServer, until, type Account } from './test-support';

const SECRET = 'instructor-secret';
const folders: string[] = [];
const servers: ClassroomServer[] = [];
const connections: WorkshopConnection[] = [];

afterEach(async () => {
	for (const c of connections.splice(0)) await c.stop();
	for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir?: string): Promise<ClassroomServer> {
	const server = await startTestServer({ dataDir, rateLimits: false });
	servers.push(server);
	return server;
}

const room = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;
let txn = 0;
const send = (who: Account, roomId: string, type: string, content: unknown) =>
	who.client.call('PUT', `${room(roomId)}/send/${type}/t${++txn}`, content);
const putState = (who: Account, roomId: string, type: string, key: string, content: unknown) =>
	who.client.call('PUT', `${room(roomId)}/state/${type}/${encodeURIComponent(key)}`, content);

const QUESTION = {
	question: 'Which shield?',
	answers: [
		{ id: 'a', text: 'A' },
		{ id: 'b', text: 'B' }
	],
	quiz: { set: 'S', question: 'q1', edition: 'classic' as const }
};

describe('the workshop room', () => {
	it('exists once the server runs, under its alias, and the instructor’s API names it', async () => {
		const server = await start();
		const instructor = new Client(server.url, SECRET);
		const info = await instructor.ok('GET', '/_classroom/v1/workshop');
		expect(info.room_id).toMatch(/^!/);
		expect(info.room_alias).toBe('#workshop:classroom.local');
		const ann = await register(server.url, 'ann');
		const alias = await ann.client.ok(
			'GET',
			`/directory/room/${encodeURIComponent('#workshop:classroom.local')}`
		);
		expect(alias.room_id).toBe(info.room_id);
		const unknown = await ann.client.call(
			'GET',
			`/directory/room/${encodeURIComponent('#other:classroom.local')}`
		);
		expect(unknown.status).toBe(404);
		expect(unknown.body.errcode).toBe('M_NOT_FOUND');
	});

	it('has every learner as a member from registration, with the power levels of the contract', async () => {
		const server = await start();
		const roomId = server.state.workshopRoomId!;
		const ann = await register(server.url, 'ann');
		const joined = await ann.client.ok('GET', '/joined_rooms');
		expect(joined.joined_rooms).toEqual([roomId]);
		const levels = await ann.client.ok('GET', `${room(roomId)}/state/m.room.power_levels`);
		expect(levels).toMatchObject({
			users: { '@instructor:classroom.local': 100 },
			users_default: 0,
			state_default: 100,
			events_default: 0,
			events: {
				[WORKSHOP_SETTINGS]: 100,
				[POLL_START]: 100,
				[POLL_END]: 100,
				[WORKSHOP_PROGRESS]: 0,
				'm.room.message': 100
			}
		});
		const encryption = await ann.client.call('GET', `${room(roomId)}/state/m.room.encryption`);
		expect(encryption.status).toBe(404);
	});

	it('lets a learner write their own progress and answer polls, and nothing else', async () => {
		const server = await start();
		const roomId = server.state.workshopRoomId!;
		const ann = await register(server.url, 'ann');
		const ben = await register(server.url, 'ben');
		const progress = progressContent({ ...emptyProgress(Date.now()), lesson: 'dm', step: 1, stepCount: 3 });

		expect((await putState(ann, roomId, WORKSHOP_PROGRESS, ann.userId, progress)).status).toBe(200);
		const forged = await putState(ann, roomId, WORKSHOP_PROGRESS, ben.userId, progress);
		expect(forged.status).toBe(403);
		expect(forged.body.errcode).toBe('M_FORBIDDEN');

		const settings = await putState(ann, roomId, WORKSHOP_SETTINGS, '', {
			lesson: 'x',
			quiz: null,
			scoreboard: true
		});
		expect(settings.status).toBe(403);
		expect(settings.body.errcode).toBe('M_FORBIDDEN');
		const poll = await send(ann, roomId, POLL_START, pollStartContent(QUESTION));
		expect(poll.status).toBe(403);
		expect(poll.body.errcode).toBe('M_FORBIDDEN');
		const end = await send(ann, roomId, POLL_END, {
			'm.relates_to': { rel_type: 'm.reference', event_id: '$x' },
			[POLL_END]: {}
		});
		expect(end.status).toBe(403);
		const chat = await send(ann, roomId, 'm.room.message', { msgtype: 'm.text', body: 'hi all' });
		expect(chat.status).toBe(403);

		expect((await send(ann, roomId, POLL_RESPONSE, pollResponseContent('$p', 'a'))).status).toBe(200);
	});

	it('is found again after a restart from the journal, not made a second time', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'classroom-workshop-'));
		folders.push(dir);
		const first = await start(dir);
		const roomId = first.state.workshopRoomId!;
		const ann = await register(first.url, 'ann');
		await first.close();
		servers.splice(servers.indexOf(first), 1);

		const again = await start(dir);
		expect(again.replayed).toBeGreaterThan(0);
		expect(again.state.workshopRoomId).toBe(roomId);
		const rooms = again.hs
			.serverView()
			.rooms.filter((r) => r.members.some((m) => m.userId === '@instructor:classroom.local'));
		expect(rooms.map((r) => r.roomId)).toEqual([roomId]);
		// Ann's token still works, and she is still in it.
		const joined = await new Client(again.url, ann.accessToken).ok('GET', '/joined_rooms');
		expect(joined.joined_rooms).toEqual([roomId]);
	});
});

describe('the instructor’s connection', () => {
	it('sees a learner’s progress through its long poll, in one sync', async () => {
		const server = await start();
		const roomId = server.state.workshopRoomId!;
		const ann = await register(server.url, 'ann');
		await ann.client.ok('PUT', `/profile/${encodeURIComponent(ann.userId)}/displayname`, {
			displayname: 'Ann'
		});
		let changes = 0;
		const connection = await WorkshopConnection.connect({
			baseUrl: server.url,
			secret: SECRET,
			onChange: () => changes++
		});
		connections.push(connection);
		expect(connection.roomId).toBe(roomId);
		expect(connection.model.learners(Date.now())).toMatchObject([
			{ userId: ann.userId, displayName: 'Ann', lesson: null }
		]);
		// The connection's long poll is waiting now; one progress event wakes it.
		await until(() => server.api.waitingSyncs > 0, 'the long poll to wait');
		const before = changes;
		const progress = progressContent({ ...emptyProgress(Date.now()), lesson: 'dm', step: 2, stepCount: 4 });
		await ann.client.ok(
			'PUT',
			`${room(roomId)}/state/${WORKSHOP_PROGRESS}/${encodeURIComponent(ann.userId)}`,
			progress
		);
		await until(() => connection.model.learners(Date.now())[0]?.step === 2, 'the progress to arrive', 2_000);
		expect(changes).toBe(before + 1);
		expect(connection.model.stepCounts('dm')).toEqual([1, 1, 0, 0]);
	});

	it('runs a quiz question as a poll and counts each learner once', async () => {
		const server = await start();
		const roomId = server.state.workshopRoomId!;
		const ann = await register(server.url, 'ann');
		const ben = await register(server.url, 'ben');
		const connection = await WorkshopConnection.connect({
			baseUrl: server.url,
			secret: SECRET,
			describe: (_set, _edition, id) => ({
				question: `Question ${id}`,
				answers: QUESTION.answers,
				correct: 'b'
			})
		});
		connections.push(connection);
		await connection.startQuiz('S', 'classic', ['q1', 'q2']);
		const poll = connection.model.currentPoll();
		expect(poll).toMatchObject({ set: 'S', question: 'q1', edition: 'classic', closed: false });
		await send(ann, roomId, POLL_RESPONSE, pollResponseContent(poll!.eventId, 'a'));
		await send(ben, roomId, POLL_RESPONSE, pollResponseContent(poll!.eventId, 'a'));
		await send(ann, roomId, POLL_RESPONSE, pollResponseContent(poll!.eventId, 'b'));
		await until(() => connection.model.tally(poll!.eventId).counts.b === 1, 'the answers to arrive');
		expect(connection.model.tally(poll!.eventId)).toEqual({ counts: { a: 1, b: 1 }, answered: 2 });
		await connection.reveal();
		expect(connection.model.settings().quiz?.phase).toBe('revealed');
		expect(connection.model.currentPoll()?.closed).toBe(true);
		// Too late: after the end, an answer does not count.
		await send(ben, roomId, POLL_RESPONSE, pollResponseContent(poll!.eventId, 'b'));
		await connection.next();
		expect(connection.model.settings().quiz).toMatchObject({ index: 1, phase: 'asking' });
		expect(connection.model.tally(poll!.eventId)).toEqual({ counts: { a: 1, b: 1 }, answered: 2 });
		expect(connection.model.scoreboard().map((r) => [r.userId, r.right])).toEqual([
			[ann.userId, 1],
			[ben.userId, 0]
		]);
		await connection.finishQuiz();
		expect(connection.model.settings().quiz?.phase).toBe('finished');
	});
});

describe('deleting the workshop', () => {
	it('removes every learner, their rooms and messages, from memory and the data folder; the room stays, empty', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'classroom-delete-'));
		folders.push(dir);
		const server = await start(dir);
		const ann = await register(server.url, 'annabelle-zq');
		const dm = (await ann.client.ok('POST', '/createRoom', { name: 'Secret plans of annabelle' }))
			.room_id as string;
		await send(ann, dm, 'm.room.message', { msgtype: 'm.text', body: 'zq-unforgettable-words' });
		const connection = await WorkshopConnection.connect({ baseUrl: server.url, secret: SECRET });
		connections.push(connection);
		expect(connection.model.learners(Date.now())).toHaveLength(1);

		expect((await ann.client.call('DELETE', '/_classroom/v1/workshop')).status).toBe(403);
		const info = await connection.deleteWorkshop();
		expect(info.code).not.toBe(CODE_BEFORE);
		expect(info.roomId).toMatch(/^!/);
		expect(connection.model.learners(Date.now())).toEqual([]);

		expect((await ann.client.call('GET', '/joined_rooms')).status).toBe(401);
		const instructor = new Client(server.url, SECRET);
		expect((await instructor.ok('GET', '/_classroom/v1/learners')).learners).toEqual([]);
		// Nothing of Ann is left in the folder's files (the journal was emptied and the file compacted).
		for (const file of readdirSync(dir)) {
			const bytes = readFileSync(join(dir, file)).toString('latin1');
			expect(bytes, file).not.toContain('annabelle-zq');
			expect(bytes, file).not.toContain('zq-unforgettable-words');
		}
		// A new learner joins the new workshop with the new code and is in the (new, empty) workshop room.
		const ben = await registerWith(server.url, 'ben', info.code);
		expect((await ben.ok('GET', '/joined_rooms')).joined_rooms).toEqual([info.roomId]);
		// The dashboard follows the new room.
		await until(() => connection.model.learners(Date.now()).length === 1, 'Ben on the dashboard');

		// And a restart finds the new workshop, not the old one.
		await server.close();
		servers.splice(servers.indexOf(server), 1);
		connections.splice(connections.indexOf(connection), 1);
		await connection.stop();
		const again = await start(dir);
		expect(again.state.workshopCode).toBe(info.code);
		expect(again.state.workshopRoomId).toBe(info.roomId);
		expect(again.hs.users().some((u) => u.includes('annabelle'))).toBe(false);
	});
});

const CODE_BEFORE = 'KM7-QTX';

/** Registers with a given code (after a delete, the new one). */
async function registerWith(base: string, username: string, code: string): Promise<Client> {
	const anon = new Client(base);
	const request = { username, password: 'correct horse battery' };
	const challenge = await anon.call('POST', '/register', request);
	const body = await anon.ok('POST', '/register', {
		...request,
		auth: { type: 'm.login.registration_token', token: code, session: challenge.body.session }
	});
	return new Client(base, body.access_token as string);
}
