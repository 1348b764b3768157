/**
 * The classroom server over real HTTP (an ephemeral port, no mocks): registration with the workshop code, login and
 * logout, long-polling sync, filters, user-interactive auth, CORS, size and rate limits, and the everyday endpoints.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomServer } from './http-server';
import { Client, CODE, PASSWORD, passwordAuth, register, startTestServer, until } from './test-support';

let server: ClassroomServer;
let anon: Client;

beforeAll(async () => {
	server = await startTestServer({ rateLimits: false, api: { maxSyncTimeoutMs: 10_000 } });
	anon = new Client(server.url);
});
afterAll(() => server.close());

describe('discovery', () => {
	it('advertises the spec versions, the login flows, and itself in .well-known', async () => {
		const versions = await anon.ok('GET', '/_matrix/client/versions');
		expect(versions.versions).toEqual(expect.arrayContaining(['v1.2', 'v1.11']));
		expect(await anon.ok('GET', '/login')).toEqual({
			flows: [{ type: 'm.login.password' }, { type: 'm.login.token' }]
		});
		const wellKnown = await anon.ok('GET', '/.well-known/matrix/client');
		expect(wellKnown['m.homeserver']).toEqual({ base_url: server.url.replace('localhost', '127.0.0.1') });
	});

	it('answers unknown paths, wrong methods and bad JSON with Matrix errors', async () => {
		expect((await anon.call('GET', '/nope')).body).toMatchObject({ errcode: 'M_UNRECOGNIZED' });
		const wrongMethod = await anon.call('PUT', '/login', {});
		expect([wrongMethod.status, wrongMethod.body.errcode]).toEqual([405, 'M_UNRECOGNIZED']);
		const notJson = await anon.call('POST', '/login', '{nope');
		expect([notJson.status, notJson.body.errcode]).toEqual([400, 'M_NOT_JSON']);
		const noToken = await anon.call('GET', '/capabilities');
		expect([noToken.status, noToken.body.errcode]).toEqual([401, 'M_MISSING_TOKEN']);
	});
});

describe('accounts', () => {
	it('registers with the workshop code as an m.login.registration_token, and refuses a wrong code', async () => {
		const request = { username: 'ada', password: PASSWORD, initial_device_display_name: 'Laptop' };
		const challenge = await anon.call('POST', '/register', request);
		expect(challenge.status).toBe(401);
		expect(challenge.body).toMatchObject({ flows: [{ stages: ['m.login.registration_token'] }], params: {} });
		const session = challenge.body.session;
		expect(typeof session).toBe('string');

		const wrong = await anon.call('POST', '/register', {
			...request,
			auth: { type: 'm.login.registration_token', token: 'AAA-AAA', session }
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toMatchObject({ errcode: 'M_FORBIDDEN', session });
		expect(server.hs.hasUser('@ada:classroom.local')).toBe(false);

		// Typed the way people type: lower case, without the dash.
		const typed = CODE.toLowerCase().replace('-', '');
		const done = await anon.ok('POST', '/register', {
			...request,
			auth: { type: 'm.login.registration_token', token: typed, session }
		});
		expect(done).toMatchObject({ user_id: '@ada:classroom.local', home_server: 'classroom.local' });
		const ada = new Client(server.url, done.access_token as string);
		expect(await ada.ok('GET', '/account/whoami')).toEqual({
			user_id: done.user_id,
			device_id: done.device_id
		});

		const taken = await anon.call('POST', '/register', request);
		expect([taken.status, taken.body.errcode]).toEqual([400, 'M_USER_IN_USE']);
		const weak = await anon.call('POST', '/register', { username: 'bea', password: 'short' });
		expect(weak.body.errcode).toBe('M_WEAK_PASSWORD');
		const guest = await anon.call('POST', '/register?kind=guest', {});
		expect([guest.status, guest.body.errcode]).toEqual([403, 'M_GUEST_ACCESS_FORBIDDEN']);
		const validity = '/_matrix/client/v1/register/m.login.registration_token/validity?token=';
		expect(await anon.ok('GET', `${validity}${encodeURIComponent(CODE)}`)).toEqual({ valid: true });
		expect(await anon.ok('GET', `${validity}nope`)).toEqual({ valid: false });
		expect((await anon.call('GET', '/register/available?username=ada')).body.errcode).toBe('M_USER_IN_USE');
		expect(await anon.ok('GET', '/register/available?username=newbie')).toEqual({ available: true });
	});

	it('logs in with a password or a login token, again on the same device, and logs out', async () => {
		const cleo = await register(server.url, 'cleo');
		const wrong = await anon.call('POST', '/login', {
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user: 'cleo' },
			password: 'not the password'
		});
		expect([wrong.status, wrong.body.errcode]).toEqual([403, 'M_FORBIDDEN']);
		const login = await anon.ok('POST', '/login', {
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user: 'cleo' },
			password: PASSWORD
		});
		expect(login.user_id).toBe(cleo.userId);
		expect(login.device_id).not.toBe(cleo.deviceId);

		// The same device again: a new token, the old one is gone, the device stays.
		const again = await anon.ok('POST', '/login', {
			type: 'm.login.password',
			user: cleo.userId,
			password: PASSWORD,
			device_id: cleo.deviceId
		});
		expect(again.device_id).toBe(cleo.deviceId);
		expect((await cleo.client.call('GET', '/account/whoami')).body.errcode).toBe('M_UNKNOWN_TOKEN');
		const second = new Client(server.url, login.access_token as string);
		expect(await second.ok('POST', '/logout')).toEqual({});
		expect((await second.call('GET', '/account/whoami')).body.errcode).toBe('M_UNKNOWN_TOKEN');
		expect(server.hs.devices(cleo.userId).map((d) => d.deviceId)).toEqual([cleo.deviceId]);

		// The instructor's secret is their m.login.token; a one-time token works once.
		const instructor = await anon.ok('POST', '/login', { type: 'm.login.token', token: 'instructor-secret' });
		expect(instructor.user_id).toBe('@instructor:classroom.local');
		const token = server.state.issueLoginToken(cleo.userId, 60_000);
		expect((await anon.ok('POST', '/login', { type: 'm.login.token', token })).user_id).toBe(cleo.userId);
		expect((await anon.call('POST', '/login', { type: 'm.login.token', token })).status).toBe(403);
		expect((await anon.call('POST', '/login', { type: 'm.login.sso' })).body.errcode).toBe('M_UNKNOWN');

		const all = new Client(server.url, again.access_token as string);
		expect(await all.ok('POST', '/logout/all')).toEqual({});
		expect(server.hs.devices(cleo.userId)).toEqual([]);
	});
});

describe('sync', () => {
	it('long-polls: answers as soon as a message arrives, or empty at the timeout', async () => {
		const dan = await register(server.url, 'dan');
		const eve = await register(server.url, 'eve');
		const { room_id: roomId } = await dan.client.ok('POST', '/createRoom', { invite: [eve.userId] });
		await eve.client.ok('POST', `/rooms/${encodeURIComponent(roomId as string)}/join`, {});
		const since = (await eve.client.ok('GET', '/sync')).next_batch as string;

		const started = Date.now();
		const waiting = eve.client.call('GET', `/sync?since=${since}&timeout=9000`);
		await until(() => server.api.waitingSyncs === 1, 'the sync to wait');
		await dan.client.ok('PUT', `/rooms/${encodeURIComponent(roomId as string)}/send/m.room.message/t1`, {
			msgtype: 'm.text',
			body: 'news'
		});
		const news = await waiting;
		expect(Date.now() - started).toBeLessThan(9000);
		const rooms = news.body.rooms as {
			join: Record<string, { timeline: { events: { content: unknown }[] } }>;
		};
		expect(rooms.join[roomId as string]?.timeline.events.map((e) => e.content)).toEqual([
			{ msgtype: 'm.text', body: 'news' }
		]);

		const quietSince = news.body.next_batch as string;
		const before = Date.now();
		const quiet = await eve.client.ok('GET', `/sync?since=${quietSince}&timeout=300`);
		expect(Date.now() - before).toBeGreaterThanOrEqual(290);
		expect(quiet.rooms).toEqual({ join: {}, invite: {}, leave: {} });
		expect(server.api.waitingSyncs).toBe(0);
	});

	it('leaves nothing waiting when the client hangs up', async () => {
		const fay = await register(server.url, 'fay');
		const since = (await fay.client.ok('GET', '/sync')).next_batch as string;
		const hangUp = new AbortController();
		const waiting = fay.client.call('GET', `/sync?since=${since}&timeout=9000`, undefined, {
			signal: hangUp.signal
		});
		await until(() => server.api.waitingSyncs === 1, 'the sync to wait');
		hangUp.abort();
		await expect(waiting).rejects.toThrow();
		await until(() => server.api.waitingSyncs === 0, 'the waiting sync to go');
	});

	it("honours a filter's room.timeline.limit with limited and prev_batch", async () => {
		const gus = await register(server.url, 'gus');
		const { room_id } = await gus.client.ok('POST', '/createRoom', {});
		const roomId = encodeURIComponent(room_id as string);
		for (const n of [1, 2, 3])
			await gus.client.ok('PUT', `/rooms/${roomId}/send/m.room.message/m${n}`, { body: `m${n}` });
		const { filter_id } = await gus.client.ok('POST', `/user/${encodeURIComponent(gus.userId)}/filter`, {
			room: { timeline: { limit: 2 } }
		});
		const sync = await gus.client.ok('GET', `/sync?filter=${filter_id as string}`);
		const timeline = (sync.rooms as { join: Record<string, { timeline: Record<string, unknown> }> }).join[
			room_id as string
		]?.timeline as { events: { content: { body?: string } }[]; limited: boolean; prev_batch: string };
		expect(timeline.events.map((e) => e.content.body)).toEqual(['m2', 'm3']);
		expect(timeline.limited).toBe(true);
		const older = await gus.client.ok(
			'GET',
			`/rooms/${roomId}/messages?dir=b&from=${timeline.prev_batch}&limit=1`
		);
		expect((older.chunk as { content: { body?: string } }[])[0]?.content.body).toBe('m1');
	});
});

describe('user-interactive auth', () => {
	it('asks for the password before deleting a device (DELETE /devices/{id} and POST /delete_devices)', async () => {
		const hal = await register(server.url, 'hal');
		const login = async () =>
			(await anon.ok('POST', '/login', { type: 'm.login.password', user: 'hal', password: PASSWORD }))
				.device_id as string;
		const other = await login();
		const path = `/devices/${other}`;
		const challenge = await hal.client.call('DELETE', path, {});
		expect(challenge.status).toBe(401);
		expect(challenge.body).toMatchObject({ flows: [{ stages: ['m.login.password'] }] });
		const wrong = await hal.client.call('DELETE', path, {
			auth: passwordAuth(hal.userId, challenge.body.session, 'nope')
		});
		expect([wrong.status, wrong.body.errcode]).toEqual([401, 'M_FORBIDDEN']);
		expect(server.hs.devices(hal.userId)).toHaveLength(2);
		await hal.client.ok('DELETE', path, { auth: passwordAuth(hal.userId, wrong.body.session) });
		expect(server.hs.devices(hal.userId).map((d) => d.deviceId)).toEqual([hal.deviceId]);
		expect((await hal.client.call('DELETE', '/devices/NOPE', {})).status).toBe(404);

		const third = await login();
		const bulk = await hal.client.call('POST', '/delete_devices', { devices: [third] });
		expect(bulk.status).toBe(401);
		await hal.client.ok('POST', '/delete_devices', {
			devices: [third, 'UNKNOWN'],
			auth: passwordAuth('hal', bulk.body.session)
		});
		expect(server.hs.devices(hal.userId)).toHaveLength(1);
	});

	it('uploads the first cross-signing keys without a password, and asks for it to replace them', async () => {
		const ida = await register(server.url, 'ida');
		const key = (usage: string, pub: string) => ({
			user_id: ida.userId,
			usage: [usage],
			keys: { [`ed25519:${pub}`]: pub }
		});
		const keys = { master_key: key('master', 'M1'), self_signing_key: key('self_signing', 'S1') };
		await ida.client.ok('POST', '/keys/device_signing/upload', keys);
		// The same keys again need no password (spec v1.11).
		await ida.client.ok('POST', '/keys/device_signing/upload', keys);
		const replacement = { master_key: key('master', 'M2') };
		const challenge = await ida.client.call('POST', '/keys/device_signing/upload', replacement);
		expect(challenge.status).toBe(401);
		expect(server.hs.crossSigningPublicKeys(ida.userId).master).toBe('M1');
		await ida.client.ok('POST', '/keys/device_signing/upload', {
			...replacement,
			auth: passwordAuth(ida.userId, challenge.body.session)
		});
		expect(server.hs.crossSigningPublicKeys(ida.userId).master).toBe('M2');
	});
});

describe('the HTTP edge', () => {
	it('answers CORS preflights and puts CORS headers on every Matrix response', async () => {
		const res = await fetch(`${server.url}/_matrix/client/v3/sync`, {
			method: 'OPTIONS',
			headers: {
				Origin: 'https://app.element.io',
				'Access-Control-Request-Method': 'GET',
				'Access-Control-Request-Headers': 'authorization'
			}
		});
		expect(res.status).toBe(204);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
		expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
		const error = await anon.call('GET', '/nope');
		expect(error.headers.get('access-control-allow-origin')).toBe('*');
	});

	it('refuses a body over the limit with 413 M_TOO_LARGE', async () => {
		const res = await anon.call('POST', '/login', JSON.stringify({ x: 'x'.repeat(5 * 1024 * 1024) }));
		expect([res.status, res.body.errcode]).toEqual([413, 'M_TOO_LARGE']);
	});

	it('answers a flood with 429 M_LIMIT_EXCEEDED and retry_after_ms', async () => {
		const limited = await startTestServer({
			rateLimits: { perToken: { perSecond: 1, burst: 5 }, perAddress: { perSecond: 1, burst: 5 } }
		});
		try {
			const client = new Client(limited.url);
			const replies = await Promise.all(Array.from({ length: 12 }, () => client.call('GET', '/login')));
			const refused = replies.filter((r) => r.status === 429);
			expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
			expect(refused[0]?.body).toMatchObject({ errcode: 'M_LIMIT_EXCEEDED' });
			expect(refused[0]?.body.retry_after_ms).toBeGreaterThan(0);
			expect(refused[0]?.headers.get('retry-after')).toBeTruthy();
		} finally {
			await limited.close();
		}
	});

	it('serves the built course with its Content-Security-Policy beside the homeserver', async () => {
		const build = mkdtempSync(join(tmpdir(), 'classroom-build-'));
		writeFileSync(
			join(build, 'index.html'),
			`<html><head><meta http-equiv="content-security-policy" content="default-src 'self'"></head></html>`
		);
		const withSite = await startTestServer({ buildDir: build });
		try {
			const page = await fetch(`${withSite.url}/`);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'self'");
			expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
			expect((await fetch(`${withSite.url}/_matrix/client/versions`)).status).toBe(200);
		} finally {
			await withSite.close();
		}
	});

	it('gzips a file once and serves it again from memory, until the file changes', async () => {
		const build = mkdtempSync(join(tmpdir(), 'classroom-build-'));
		writeFileSync(join(build, 'index.html'), '<html></html>');
		const script = join(build, 'engine.js');
		writeFileSync(script, 'export const engine = 1;\n'.repeat(200));
		const withSite = await startTestServer({ buildDir: build });
		try {
			const first = await fetch(`${withSite.url}/engine.js`, { headers: { 'accept-encoding': 'gzip' } });
			expect(first.headers.get('content-encoding')).toBe('gzip');
			// One compressed buffer, sent whole (not a stream compressed as it goes).
			const length = Number(first.headers.get('content-length'));
			expect(length).toBeGreaterThan(0);
			expect(length).toBeLessThan(200 * 25);
			expect(await first.text()).toBe('export const engine = 1;\n'.repeat(200));
			const again = await fetch(`${withSite.url}/engine.js`, { headers: { 'accept-encoding': 'gzip' } });
			expect(again.headers.get('content-length')).toBe(first.headers.get('content-length'));
			expect(await again.text()).toBe('export const engine = 1;\n'.repeat(200));
			// A new build writes the file anew: the next answer is the new file.
			writeFileSync(script, 'export const engine = 2;\n'.repeat(300));
			const changed = await fetch(`${withSite.url}/engine.js`, { headers: { 'accept-encoding': 'gzip' } });
			expect(await changed.text()).toBe('export const engine = 2;\n'.repeat(300));
			// Without gzip, the file as it is.
			const plain = await fetch(`${withSite.url}/engine.js`, { headers: { 'accept-encoding': 'identity' } });
			expect(plain.headers.get('content-encoding')).toBeNull();
			expect(await plain.text()).toBe('export const engine = 2;\n'.repeat(300));
		} finally {
			await withSite.close();
		}
	});
});

describe('everyday endpoints', () => {
	it('answers what Element calls besides the crypto', async () => {
		const jo = await register(server.url, 'jo');
		const { client } = jo;
		const me = encodeURIComponent(jo.userId);
		expect((await client.ok('GET', '/capabilities')).capabilities).toMatchObject({
			'm.room_versions': { default: '10' }
		});
		const rules = (await client.ok('GET', '/pushrules/')) as { global: { override: { rule_id: string }[] } };
		expect(rules.global.override.map((r) => r.rule_id)).toContain('.m.rule.master');
		expect(await client.ok('GET', '/pushers')).toEqual({ pushers: [] });
		const pusher = {
			pushkey: 'k',
			kind: 'http',
			app_id: 'im.example',
			app_display_name: 'Example',
			device_display_name: 'Phone',
			lang: 'en',
			data: { url: 'https://push.example/_matrix/push/v1/notify' }
		};
		await client.ok('POST', '/pushers/set', pusher);
		expect(await client.ok('GET', '/pushers')).toEqual({ pushers: [pusher] });
		await client.ok('POST', '/pushers/set', { ...pusher, kind: null });
		expect(await client.ok('GET', '/pushers')).toEqual({ pushers: [] });
		expect(await client.ok('GET', '/voip/turnServer')).toEqual({});
		await client.ok('PUT', `/profile/${me}/displayname`, { displayname: 'Jo' });
		expect(await anon.ok('GET', `/profile/${me}/displayname`)).toEqual({ displayname: 'Jo' });
		await client.ok('PUT', `/devices/${jo.deviceId}`, { display_name: 'Jo’s laptop' });
		const found = await client.ok('POST', '/user_directory/search', { search_term: 'jo' });
		expect(found.results).toEqual(expect.arrayContaining([{ user_id: jo.userId, display_name: 'Jo' }]));

		const { room_id } = await client.ok('POST', '/createRoom', {});
		const room = encodeURIComponent(room_id as string);
		const { event_id } = await client.ok('PUT', `/rooms/${room}/send/m.room.message/t1`, { body: 'hi' });
		const eventId = encodeURIComponent(event_id as string);
		expect(await client.ok('GET', `/rooms/${room}/event/${eventId}`)).toMatchObject({
			content: { body: 'hi' }
		});
		expect(await client.ok('POST', `/rooms/${room}/receipt/m.read/${eventId}`, {})).toEqual({});
		expect(await client.ok('POST', `/rooms/${room}/read_markers`, { 'm.fully_read': event_id })).toEqual({});
		expect(await client.ok('PUT', `/rooms/${room}/typing/${me}`, { typing: true, timeout: 1000 })).toEqual(
			{}
		);
		await client.ok('PUT', `/rooms/${room}/redact/${eventId}/r1`, { reason: 'oops' });
		expect((await client.ok('GET', `/rooms/${room}/event/${eventId}`)).content).toEqual({});
	});
});
