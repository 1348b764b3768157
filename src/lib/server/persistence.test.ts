/**
 * Nothing acknowledged is lost: the classroom server journals every change to SQLite under `--data` before it
 * answers, and replays the journal on start. First in-process (the replayed core equals the original, field for
 * field), then the real thing: `npm run classroom`'s CLI in a child process, killed with SIGKILL while requests are
 * in flight, and started again on the same folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startClassroomServer } from './http-server';
import { Client, PASSWORD } from './test-support';

const ALGORITHM = 'm.megolm_backup.v1.curve25519-aes-sha2';
const folders: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
	for (const child of children)
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function newFolder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'classroom-data-'));
	folders.push(dir);
	return dir;
}

interface Learner {
	client: Client;
	userId: string;
	deviceId: string;
}

async function register(base: string, code: string, username: string): Promise<Learner> {
	const anon = new Client(base);
	const challenge = await anon.call('POST', '/register', { username, password: PASSWORD });
	const body = await anon.ok('POST', '/register', {
		username,
		password: PASSWORD,
		auth: { type: 'm.login.registration_token', token: code, session: challenge.body.session }
	});
	return {
		client: new Client(base, body.access_token as string),
		userId: body.user_id as string,
		deviceId: body.device_id as string
	};
}

const keyData = (ciphertext: string) => ({
	first_message_index: 0,
	forwarded_count: 0,
	is_verified: false,
	session_data: { ephemeral: 'e', ciphertext, mac: 'm' }
});

/** A slice of a workshop: two learners, a DM with messages, device keys, a to-device message, a key backup. */
async function workshop(base: string, code: string) {
	const ada = await register(base, code, 'ada');
	const ben = await register(base, code, 'ben');
	const { room_id: roomId } = await ada.client.ok('POST', '/createRoom', {
		invite: [ben.userId],
		is_direct: true,
		initial_state: [
			{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }
		]
	});
	const room = encodeURIComponent(roomId as string);
	await ben.client.ok('POST', `/rooms/${room}/join`, {});
	const events: string[] = [];
	for (let i = 0; i < 3; i++) {
		const sent = await ada.client.ok('PUT', `/rooms/${room}/send/m.room.message/a${i}`, {
			msgtype: 'm.text',
			body: `hello ${i}`
		});
		events.push(sent.event_id as string);
	}
	await ada.client.ok('POST', '/keys/upload', {
		device_keys: {
			user_id: ada.userId,
			device_id: ada.deviceId,
			algorithms: ['m.olm.v1.curve25519-aes-sha2'],
			keys: { [`curve25519:${ada.deviceId}`]: 'adacurve', [`ed25519:${ada.deviceId}`]: 'adaed' },
			signatures: {}
		},
		one_time_keys: { 'signed_curve25519:AAAA': { key: 'otk1', signatures: {} } }
	});
	const { version } = await ada.client.ok('POST', '/room_keys/version', {
		algorithm: ALGORITHM,
		auth_data: { public_key: 'adabackup', signatures: {} }
	});
	await ada.client.ok('PUT', `/room_keys/keys?version=${String(version)}`, {
		rooms: { [roomId as string]: { sessions: { s1: keyData('ada-session') } } }
	});
	await ada.client.ok('PUT', `/user/${encodeURIComponent(ada.userId)}/account_data/m.direct`, {
		[ben.userId]: [roomId]
	});
	await ada.client.ok('POST', '/pushers/set', {
		pushkey: 'pk',
		kind: 'http',
		app_id: 'org.example',
		app_display_name: 'Example',
		device_display_name: 'Laptop',
		lang: 'en',
		data: { url: 'http://127.0.0.1/push' }
	});
	// Ada has synced up to here; what comes next she has not seen.
	const adaSince = (await ada.client.ok('GET', '/sync?timeout=0')).next_batch as string;
	const benSince = (await ben.client.ok('GET', '/sync?timeout=0')).next_batch as string;
	await ben.client.ok('PUT', '/sendToDevice/m.room_key_request/t1', {
		messages: { [ada.userId]: { [ada.deviceId]: { action: 'request', request_id: 'r1' } } }
	});
	return { ada, ben, roomId: roomId as string, room, events, version: String(version), adaSince, benSince };
}

describe('the journal', () => {
	it('replays into a core equal to the one that wrote it, tokens and ids included', async () => {
		const dataDir = newFolder();
		const first = await startClassroomServer({ port: 0, host: '127.0.0.1', dataDir, rateLimits: false });
		const code = first.state.workshopCode;
		const { ada, room } = await workshop(first.url, code);
		await ada.client.ok('POST', '/logout', {});
		const view = JSON.stringify(first.hs.serverView());
		await first.close();

		const second = await startClassroomServer({ port: 0, host: '127.0.0.1', dataDir, rateLimits: false });
		try {
			expect(second.replayed).toBeGreaterThan(10);
			expect(second.api.ledger.mismatches).toBe(0);
			expect(JSON.stringify(second.hs.serverView())).toBe(view);
			expect(second.state.workshopCode).toBe(code);
			expect(second.state.instructorSecret).toBe(first.state.instructorSecret);
			expect(second.state.passwords).toEqual(first.state.passwords);
			expect(second.state.pushers).toEqual(first.state.pushers);
			// The logged-out token stays dead; a new event takes a new id.
			const gone = await new Client(second.url, ada.client.token).call('GET', '/account/whoami');
			expect(gone.status).toBe(401);
			const ben = new Client(second.url);
			const login = await ben.ok('POST', '/login', {
				type: 'm.login.password',
				identifier: { type: 'm.id.user', user: 'ben' },
				password: PASSWORD
			});
			ben.token = login.access_token as string;
			const sent = await ben.ok('PUT', `/rooms/${room}/send/m.room.message/b9`, {
				msgtype: 'm.text',
				body: 'x'
			});
			expect(JSON.stringify(view)).not.toContain(sent.event_id as string);
		} finally {
			await second.close();
		}
	});
});

describe('SIGKILL in the middle of a workshop', () => {
	const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

	/** `npm run classroom` (homeserver only) on `dataDir`; resolves with its address and code once it listens. */
	async function startChild(dataDir: string) {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', cli, '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--no-course'],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		children.push(child);
		let out = '';
		let err = '';
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		return new Promise<{ child: ChildProcess; url: string; code: string; secret: string; out: string }>(
			(resolve, reject) => {
				child.once('exit', (status) => reject(new Error(`The server exited (${status}): ${err}`)));
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					const url = /Learners open:\s+(http:\/\/\S+?)\/\s/.exec(out)?.[1];
					const code = /Workshop code:\s+(\S+)/.exec(out)?.[1];
					const secret = /#instructor=(\S+)/.exec(out)?.[1];
					if (url && code && secret && out.includes('Stop with Ctrl+C.'))
						resolve({ child, url, code, secret, out });
				});
			}
		);
	}

	it('keeps every account, room, event, device, key, backup and to-device message that got a 200', async () => {
		const dataDir = newFolder();
		const first = await startChild(dataDir);
		const w = await workshop(first.url, first.code);

		// In flight when the process dies: messages from Ben (some answered, some not), a waiting sync, backup keys.
		const acknowledged: string[] = [];
		let settled = 0;
		const inFlight = Array.from({ length: 40 }, (_, i) =>
			w.ben.client
				.call('PUT', `/rooms/${w.room}/send/m.room.message/b${i}`, { msgtype: 'm.text', body: `ben ${i}` })
				.then((res) => {
					if (res.status === 200) acknowledged.push(res.body.event_id as string);
				})
				.catch(() => undefined)
				.finally(() => settled++)
		);
		const backupInFlight = w.ada.client
			.call('PUT', `/room_keys/keys?version=${w.version}`, {
				rooms: { [w.roomId]: { sessions: { s2: keyData('ada-second') } } }
			})
			.catch(() => ({ status: 0 }));
		const waitingSync = w.ben.client.call('GET', '/sync?timeout=30000&since=s999999').catch(() => undefined);
		const killed = new Promise((resolve) => first.child.once('exit', resolve));
		// Kill once some have been answered and others have not.
		while (acknowledged.length < 5) await new Promise((resolve) => setImmediate(resolve));
		first.child.kill('SIGKILL');
		await killed;
		await Promise.all([...inFlight, backupInFlight, waitingSync]);
		expect(settled).toBe(40);
		console.info(`SIGKILL with ${40 - acknowledged.length} of 40 messages unanswered`);
		const backupAnswered = (await backupInFlight).status === 200;

		const second = await startChild(dataDir);
		expect(second.url).not.toBe('');
		expect(second.code).toBe(first.code);
		expect(second.secret).toBe(first.secret);
		expect(second.out).toMatch(/changes restored/);
		const ada = new Client(second.url, w.ada.client.token);
		const ben = new Client(second.url, w.ben.client.token);

		// The learners go on with their old tokens.
		expect(await ada.ok('GET', '/account/whoami')).toMatchObject({
			user_id: w.ada.userId,
			device_id: w.ada.deviceId
		});
		expect(await ben.ok('GET', '/account/whoami')).toMatchObject({ user_id: w.ben.userId });

		// Ada's sync from her old `since`: the undelivered to-device message, and every acknowledged message.
		const adaSync = await ada.ok('GET', `/sync?timeout=0&since=${w.adaSince}`);
		expect((adaSync.to_device as { events: unknown[] }).events).toEqual([
			{
				type: 'm.room_key_request',
				sender: w.ben.userId,
				content: { action: 'request', request_id: 'r1' }
			}
		]);
		const history = await ada.ok('GET', `/rooms/${w.room}/messages?dir=b&limit=100`);
		const ids = (history.chunk as { event_id: string }[]).map((e) => e.event_id);
		for (const id of [...w.events, ...acknowledged]) expect(ids).toContain(id);
		// Ben's sync from his old `since` works, and shows the room as it was.
		const benSync = await ben.ok('GET', `/sync?timeout=0&since=${w.benSince}`);
		expect(typeof benSync.next_batch).toBe('string');
		// Ben's rooms: the DM and the workshop room he was joined to at registration.
		expect(((await ben.ok('GET', '/joined_rooms')).joined_rooms as string[]).sort()).toEqual(
			[
				w.roomId,
				(await ben.ok('GET', `/directory/room/${encodeURIComponent('#workshop:classroom.local')}`)).room_id
			].sort()
		);
		expect(await ada.ok('GET', `/rooms/${w.room}/state/m.room.encryption/`)).toEqual({
			algorithm: 'm.megolm.v1.aes-sha2'
		});

		// Devices, device keys, one-time keys.
		expect(((await ada.ok('GET', '/devices')).devices as unknown[]).length).toBe(1);
		const query = await ben.ok('POST', '/keys/query', { device_keys: { [w.ada.userId]: [] } });
		expect(JSON.stringify(query.device_keys)).toContain('adacurve');
		const claim = await ben.ok('POST', '/keys/claim', {
			one_time_keys: { [w.ada.userId]: { [w.ada.deviceId]: 'signed_curve25519' } }
		});
		expect(JSON.stringify(claim.one_time_keys)).toContain('otk1');

		// The backup, with the keys that got a 200.
		expect(await ada.ok('GET', '/room_keys/version')).toMatchObject({ version: w.version });
		const keys = JSON.stringify(await ada.ok('GET', `/room_keys/keys?version=${w.version}`));
		expect(keys).toContain('ada-session');
		if (backupAnswered) expect(keys).toContain('ada-second');

		// Account data, pushers, passwords, the instructor.
		expect(await ada.ok('GET', `/user/${encodeURIComponent(w.ada.userId)}/account_data/m.direct`)).toEqual({
			[w.ben.userId]: [w.roomId]
		});
		expect((await ada.ok('GET', '/pushers')).pushers).toHaveLength(1);
		await new Client(second.url).ok('POST', '/login', {
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user: 'ben' },
			password: PASSWORD
		});
		const learners = await new Client(second.url, second.secret).ok('GET', '/_classroom/v1/learners');
		expect((learners.learners as { user_id: string }[]).map((l) => l.user_id)).toEqual([
			w.ada.userId,
			w.ben.userId
		]);

		// And the workshop goes on: a new learner joins with the same code, a new message takes a new id.
		await register(second.url, second.code, 'cleo');
		const next = await ben.ok('PUT', `/rooms/${w.room}/send/m.room.message/after`, {
			msgtype: 'm.text',
			body: 'on'
		});
		expect(ids).not.toContain(next.event_id);
		second.child.kill('SIGKILL');
	}, 30_000);
});
