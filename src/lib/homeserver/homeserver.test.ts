import { describe, expect, it } from 'vitest';
import { Homeserver } from './homeserver';
import { CLIENT_API_PREFIX } from './router';
import { expectError, path, world } from './test-support';
import type { HsRequest } from './types';

const v3 = (p: string) => `${CLIENT_API_PREFIX}${p}`;

describe('routing and authentication', () => {
	it('answers whoami for a valid token', () => {
		const alice = world().user('alice', 'PHONE');
		expect(alice.ok('GET', '/account/whoami')).toEqual({ user_id: '@alice:sim.local', device_id: 'PHONE' });
	});

	it('needs a token: missing is M_MISSING_TOKEN, unknown is M_UNKNOWN_TOKEN', () => {
		const { hs } = world();
		expectError(hs.handle({ method: 'GET', path: v3('/account/whoami') }), 401, 'M_MISSING_TOKEN');
		expectError(
			hs.handle({ method: 'GET', path: v3('/account/whoami'), accessToken: '' }),
			401,
			'M_MISSING_TOKEN'
		);
		expectError(
			hs.handle({ method: 'GET', path: v3('/account/whoami'), accessToken: 'nope' }),
			401,
			'M_UNKNOWN_TOKEN'
		);
	});

	it('unknown path is 404 M_UNRECOGNIZED, known path with another method is 405', () => {
		const alice = world().user('alice');
		expectError(alice.call('GET', '/nothing/here'), 404, 'M_UNRECOGNIZED');
		expectError(
			alice.hs.handle({ method: 'GET', path: '/_matrix/client/r0/sync', accessToken: alice.accessToken }),
			404,
			'M_UNRECOGNIZED'
		);
		expectError(alice.call('POST', '/sync'), 405, 'M_UNRECOGNIZED');
		expectError(alice.call('DELETE', '/createRoom'), 405, 'M_UNRECOGNIZED');
	});

	it('routes before authenticating: an unknown path is 404 even without a token', () => {
		const { hs } = world();
		expectError(hs.handle({ method: 'GET', path: v3('/nope') }), 404, 'M_UNRECOGNIZED');
	});

	it('decodes path segments and refuses malformed encodings with 400', () => {
		const w = world();
		const alice = w.user('alice');
		const roomId = alice.createRoom();
		expect(alice.ok('GET', path`/rooms/${roomId}/state/m.room.create/`)).toMatchObject({
			room_version: '10'
		});
		expectError(alice.call('GET', '/rooms/%E0%A4%A/state'), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', '/sync?since=%zz'), 400, 'M_INVALID_PARAM');
	});

	it('requires a JSON object body where one is needed', () => {
		const alice = world().user('alice');
		expectError(alice.call('POST', '/createRoom'), 400, 'M_NOT_JSON');
		expectError(alice.call('POST', '/createRoom', [1, 2]), 400, 'M_BAD_JSON');
		expectError(alice.call('POST', '/createRoom', 'text'), 400, 'M_BAD_JSON');
		expectError(alice.call('POST', '/createRoom', { name: Number.NaN }), 400, 'M_NOT_JSON');
		expectError(alice.call('POST', '/createRoom', { when: new Date() }), 400, 'M_NOT_JSON');
		// optional bodies may be absent; GET bodies are ignored
		const roomId = alice.createRoom({ preset: 'public_chat' });
		expect(alice.call('POST', path`/rooms/${roomId}/leave`).status).toBe(200);
		expect(alice.call('GET', '/account/whoami', 'garbage').status).toBe(200);
	});

	it('never throws on malformed requests', () => {
		const hs = new Homeserver();
		const garbage: unknown[] = [
			null,
			undefined,
			42,
			'GET /sync',
			{},
			{ method: 'GET' },
			{ path: 5 },
			{ method: 7, path: v3('/sync') }
		];
		for (const req of garbage) {
			const res = hs.handle(req as HsRequest);
			expect(res.status).toBeGreaterThanOrEqual(400);
			expect(typeof res.body.errcode).toBe('string');
		}
	});

	it('turns an unexpected exception into 500 M_UNKNOWN instead of throwing', () => {
		const alice = world().user('alice');
		const hostile = new Proxy(
			{},
			{
				ownKeys: () => {
					throw new Error('boom');
				}
			}
		);
		const res = alice.call('POST', '/createRoom', hostile);
		expectError(res, 500, 'M_UNKNOWN');
	});

	it('hands out copies: changing a response or a request body afterwards does not change the store', () => {
		const w = world();
		const alice = w.user('alice');
		const roomId = alice.createRoom();
		const content = { msgtype: 'm.text', body: 'original' };
		alice.send(roomId, content);
		content.body = 'changed by the caller';
		const first = alice.sync();
		const events = first.rooms.join[roomId]!.timeline.events;
		events.at(-1)!.content.body = 'changed in the response';
		expect(alice.sync().rooms.join[roomId]!.timeline.events.at(-1)!.content.body).toBe('original');
	});
});

describe('admin API', () => {
	it('creates users and logs them in on new devices', () => {
		const hs = new Homeserver();
		const alice = hs.createUser('alice', 'Alice');
		expect(alice).toBe('@alice:sim.local');
		expect(hs.displayName(alice)).toBe('Alice');
		expect(hs.users()).toEqual([alice]);
		const phone = hs.login(alice, 'PHONE', 'Alice phone');
		const generated = hs.login(alice);
		expect(generated.deviceId).toMatch(/^[A-Z]{10}$/);
		expect(phone.accessToken).not.toBe(generated.accessToken);
		expect(hs.devices(alice)).toEqual([
			{ deviceId: 'PHONE', displayName: 'Alice phone' },
			{ deviceId: generated.deviceId, displayName: generated.deviceId }
		]);
	});

	it('refuses a duplicate user, an unknown user, an existing device', () => {
		const hs = new Homeserver();
		const alice = hs.createUser('alice');
		expect(() => hs.createUser('alice')).toThrow();
		expect(() => hs.createUser('Not Valid')).toThrow();
		expect(() => hs.login('@nobody:sim.local')).toThrow();
		hs.login(alice, 'PHONE');
		expect(() => hs.login(alice, 'PHONE')).toThrow();
	});

	it('deleteDevice removes the device, its keys and its token', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		alice.uploadDeviceKeys();
		const laptop = w.device(alice.userId, 'LAPTOP');
		w.hs.deleteDevice(alice.userId, 'PHONE');
		expectError(alice.call('GET', '/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
		expect(w.hs.devices(alice.userId).map((d) => d.deviceId)).toEqual(['LAPTOP']);
		expect(laptop.query(alice.userId).device_keys[alice.userId]).toEqual({});
		expect(() => w.hs.deleteDevice(alice.userId, 'PHONE')).toThrow();
	});

	it('uses the server name given', () => {
		const hs = new Homeserver({ serverName: 'example.test' });
		expect(hs.serverName).toBe('example.test');
		expect(hs.createUser('a')).toBe('@a:example.test');
	});
});

describe('devices, profile and account data endpoints', () => {
	it('lists and deletes own devices only', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		w.device(alice.userId, 'LAPTOP');
		const bob = w.user('bob', 'BOBPHONE');
		expect(alice.ok('GET', '/devices')).toEqual({
			devices: [
				{ device_id: 'PHONE', display_name: 'PHONE' },
				{ device_id: 'LAPTOP', display_name: 'LAPTOP' }
			]
		});
		expect(alice.ok('GET', '/devices/LAPTOP')).toEqual({ device_id: 'LAPTOP', display_name: 'LAPTOP' });
		expectError(alice.call('DELETE', '/devices/BOBPHONE'), 404, 'M_NOT_FOUND');
		expect(alice.ok('DELETE', '/devices/LAPTOP')).toEqual({});
		expect(w.hs.devices(alice.userId).map((d) => d.deviceId)).toEqual(['PHONE']);
		expect(bob.ok('GET', '/devices')).toMatchObject({ devices: [{ device_id: 'BOBPHONE' }] });
	});

	it('serves profiles', () => {
		const w = world();
		const alice = w.user('alice');
		w.hs.createUser('bob', 'Bob B.');
		expect(alice.ok('GET', path`/profile/${'@bob:sim.local'}`)).toEqual({ displayname: 'Bob B.' });
		expect(alice.ok('GET', path`/profile/${'@bob:sim.local'}/displayname`)).toEqual({
			displayname: 'Bob B.'
		});
		expectError(alice.call('GET', path`/profile/${'@nobody:sim.local'}`), 404, 'M_NOT_FOUND');
	});

	it('stores account data for the own user and delivers it in sync', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const first = alice.sync();
		const direct = { [bob.userId]: ['!room:sim.local'] };
		expect(alice.ok('PUT', path`/user/${alice.userId}/account_data/m.direct`, direct)).toEqual({});
		expect(alice.ok('GET', path`/user/${alice.userId}/account_data/m.direct`)).toEqual(direct);
		expect(alice.sync(first.next_batch).account_data.events).toEqual([{ type: 'm.direct', content: direct }]);
		expectError(bob.call('PUT', path`/user/${alice.userId}/account_data/m.direct`, {}), 403, 'M_FORBIDDEN');
		expectError(bob.call('GET', path`/user/${alice.userId}/account_data/m.direct`), 403, 'M_FORBIDDEN');
		expectError(alice.call('GET', path`/user/${alice.userId}/account_data/other`), 404, 'M_NOT_FOUND');
		expectError(alice.call('PUT', path`/user/${alice.userId}/account_data/m.direct`, [1]), 400, 'M_BAD_JSON');
	});
});
