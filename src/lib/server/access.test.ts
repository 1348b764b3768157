/**
 * Who may do what on the classroom server, over real HTTP: the instructor's API (`/_classroom/v1`) answers the
 * instructor only; a learner's token reads nothing of another learner's (to-device messages, rooms they are not in,
 * key backups); a rotated code stops working; closed registration refuses new accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomServer } from './http-server';
import { CLASSROOM_API_PREFIX } from './matrix-api';
import { Client, CODE, PASSWORD, register, startTestServer, type Account } from './test-support';

const ALGORITHM = 'm.megolm_backup.v1.curve25519-aes-sha2';
const admin = (path: string) => `${CLASSROOM_API_PREFIX}${path}`;

let server: ClassroomServer;
let anon: Client;
let instructor: Client;
let ada: Account;
let ben: Account;

beforeAll(async () => {
	server = await startTestServer({ rateLimits: false });
	anon = new Client(server.url);
	const login = await anon.ok('POST', '/login', { type: 'm.login.token', token: 'instructor-secret' });
	instructor = new Client(server.url, login.access_token as string);
	ada = await register(server.url, 'ada');
	ben = await register(server.url, 'ben');
});
afterAll(() => server.close());

/** Registration as a client does it, with `code`: the final answer (after the UIA challenge). */
async function registerWith(username: string, code: string) {
	const challenge = await anon.call('POST', '/register', { username, password: PASSWORD });
	if (challenge.status !== 401) return challenge;
	return anon.call('POST', '/register', {
		username,
		password: PASSWORD,
		auth: { type: 'm.login.registration_token', token: code, session: challenge.body.session }
	});
}

describe("the instructor's API", () => {
	const endpoints: [string, string, unknown?][] = [
		['GET', admin('/learners')],
		['GET', admin('/workshop')],
		['POST', admin('/workshop/code')],
		['PUT', admin('/workshop/registration'), { open: false }]
	];

	it('refuses learners (403), and asks for a token without one (401)', async () => {
		for (const [method, path, body] of endpoints) {
			const learner = await ada.client.call(method, path, body);
			expect([learner.status, learner.body.errcode], `${method} ${path}`).toEqual([403, 'M_FORBIDDEN']);
			const nobody = await anon.call(method, path, body);
			expect([nobody.status, nobody.body.errcode], `${method} ${path}`).toEqual([401, 'M_MISSING_TOKEN']);
			const wrong = await new Client(server.url, 'not-a-token').call(method, path, body);
			expect([wrong.status, wrong.body.errcode], `${method} ${path}`).toEqual([401, 'M_UNKNOWN_TOKEN']);
		}
		// Nothing changed on the way.
		expect(server.state.workshopCode).toBe(CODE);
		expect(server.state.registrationOpen).toBe(true);
	});

	it('lists the learners (not the instructor) to the instructor, with the secret or its login', async () => {
		const { learners } = await instructor.ok('GET', admin('/learners'));
		expect(learners).toEqual([
			{
				user_id: ada.userId,
				displayname: 'ada',
				devices: [expect.objectContaining({ device_id: ada.deviceId })]
			},
			{
				user_id: ben.userId,
				displayname: 'ben',
				devices: [expect.objectContaining({ device_id: ben.deviceId })]
			}
		]);
		const bySecret = new Client(server.url, 'instructor-secret');
		expect(await bySecret.ok('GET', admin('/workshop'))).toEqual({
			workshop_code: CODE,
			registration_open: true,
			room_id: server.state.workshopRoomId,
			room_alias: '#workshop:classroom.local'
		});
		const wrongMethod = await instructor.call('DELETE', admin('/learners'));
		expect(wrongMethod.status).toBe(405);
	});

	it('rotates the code: the old one stops working, the new one works', async () => {
		const { workshop_code: code } = await instructor.ok('POST', admin('/workshop/code'));
		expect(code).not.toBe(CODE);
		expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
		const old = await registerWith('cleo', CODE);
		expect([old.status, old.body.errcode]).toEqual([401, 'M_FORBIDDEN']);
		expect(server.hs.hasUser('@cleo:classroom.local')).toBe(false);
		const validity = await anon.ok(
			'GET',
			`/_matrix/client/v1/register/m.login.registration_token/validity?token=${CODE}`
		);
		expect(validity).toEqual({ valid: false });
		expect((await registerWith('cleo', code as string)).status).toBe(200);
	});

	it('closes registration (403 M_FORBIDDEN, even with the right code) and opens it again', async () => {
		const { workshop_code: code } = await instructor.ok('GET', admin('/workshop'));
		expect(await instructor.ok('PUT', admin('/workshop/registration'), { open: false })).toMatchObject({
			registration_open: false
		});
		const closed = await registerWith('dan', code as string);
		expect([closed.status, closed.body.errcode]).toEqual([403, 'M_FORBIDDEN']);
		expect(server.hs.hasUser('@dan:classroom.local')).toBe(false);
		// Those already in keep working.
		await ada.client.ok('GET', '/account/whoami');
		const bad = await instructor.call('PUT', admin('/workshop/registration'), { open: 'yes' });
		expect([bad.status, bad.body.errcode]).toEqual([400, 'M_BAD_JSON']);
		await instructor.ok('PUT', admin('/workshop/registration'), { open: true });
		expect((await registerWith('dan', code as string)).status).toBe(200);
	});
});

describe("a learner's token and the others' data", () => {
	it("never delivers another learner's to-device messages", async () => {
		const before = await ada.client.ok('GET', '/sync?timeout=0');
		await ben.client.ok('PUT', '/sendToDevice/m.secret/t1', {
			messages: { [ben.userId]: { [ben.deviceId]: { note: 'for ben only' } } }
		});
		await ada.client.ok('PUT', '/sendToDevice/m.secret/t2', {
			messages: { [ada.userId]: { [ada.deviceId]: { note: 'for ada' } } }
		});
		const adas = await ada.client.ok('GET', `/sync?timeout=0&since=${String(before.next_batch)}`);
		expect(adas.to_device).toEqual({
			events: [{ type: 'm.secret', sender: ada.userId, content: { note: 'for ada' } }]
		});
		const bens = await ben.client.ok('GET', '/sync?timeout=0');
		expect(bens.to_device).toEqual({
			events: [{ type: 'm.secret', sender: ben.userId, content: { note: 'for ben only' } }]
		});
	});

	it('reads nothing of a room the learner is not in (or was only invited to)', async () => {
		const { room_id: roomId } = await ben.client.ok('POST', '/createRoom', { name: 'Ben private' });
		const room = encodeURIComponent(roomId as string);
		const { event_id: eventId } = await ben.client.ok('PUT', `/rooms/${room}/send/m.room.message/m1`, {
			msgtype: 'm.text',
			body: 'secret'
		});
		const event = encodeURIComponent(eventId as string);
		const reads = [
			`/rooms/${room}/messages?dir=b`,
			`/rooms/${room}/state`,
			`/rooms/${room}/state/m.room.name`,
			`/rooms/${room}/state/m.room.name/`,
			`/rooms/${room}/members`,
			`/rooms/${room}/joined_members`,
			`/rooms/${room}/event/${event}`
		];
		for (const path of reads) {
			const res = await ada.client.call('GET', path);
			expect([res.status, res.body.errcode], path).toEqual([403, 'M_FORBIDDEN']);
			expect(JSON.stringify(res.body), path).not.toContain('secret');
		}
		const sync = await ada.client.ok('GET', '/sync?timeout=0');
		expect(JSON.stringify(sync)).not.toContain(roomId as string);
		// Nor can they write to it.
		const send = await ada.client.call('PUT', `/rooms/${room}/send/m.room.message/m2`, {
			msgtype: 'm.text',
			body: 'x'
		});
		expect(send.status).toBe(403);
		// An invitation shows the invite, not the history.
		await ben.client.ok('POST', `/rooms/${room}/invite`, { user_id: ada.userId });
		const history = await ada.client.call('GET', `/rooms/${room}/messages?dir=b`);
		expect(JSON.stringify(history.body)).not.toContain('"secret"');
	});

	it("sees only the learner's own key backup", async () => {
		const { version } = await ben.client.ok('POST', '/room_keys/version', {
			algorithm: ALGORITHM,
			auth_data: { public_key: 'bens-key', signatures: {} }
		});
		await ben.client.ok('PUT', `/room_keys/keys?version=${String(version)}`, {
			rooms: {
				'!r:classroom.local': {
					sessions: {
						s1: {
							first_message_index: 0,
							forwarded_count: 0,
							is_verified: false,
							session_data: { ephemeral: 'e', ciphertext: 'bens-ciphertext', mac: 'm' }
						}
					}
				}
			}
		});
		const reads = [
			'/room_keys/version',
			`/room_keys/version/${String(version)}`,
			`/room_keys/keys?version=${String(version)}`,
			`/room_keys/keys/!r:classroom.local?version=${String(version)}`,
			`/room_keys/keys/!r:classroom.local/s1?version=${String(version)}`
		];
		for (const path of reads) {
			const res = await ada.client.call('GET', path);
			expect(res.status, path).toBe(404);
			expect(JSON.stringify(res.body), path).not.toMatch(/bens-/);
		}
		// Writing into it or deleting it does not reach Ben's either.
		await ada.client.call('DELETE', `/room_keys/version/${String(version)}`);
		expect((await ben.client.ok('GET', '/room_keys/version')).auth_data).toEqual({
			public_key: 'bens-key',
			signatures: {}
		});
	});

	it('issues access tokens nobody can compute from the ids they see', async () => {
		expect(ada.accessToken).toMatch(/^syt_[A-Za-z0-9_-]{43}$/);
		expect(ada.accessToken).not.toContain(ada.deviceId);
	});
});

describe('nothing leaves the instructor’s machine', () => {
	it('the server code makes no outgoing requests (no fetch, http(s).request, sockets or DNS)', async () => {
		const { readdirSync, readFileSync } = await import('node:fs');
		const dir = new URL('.', import.meta.url);
		const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('test'));
		expect(sources).toContain('http-server.ts');
		for (const file of sources) {
			const text = readFileSync(new URL(file, dir), 'utf8');
			expect(text, file).not.toMatch(
				/\bfetch\(|\bhttps?\.(request|get)\(|node:(https|dns|tls|dgram)'|\bconnect\(|createConnection|WebSocket/
			);
		}
	});
});
