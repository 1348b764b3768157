import { describe, expect, it } from 'vitest';
import { CLIENT_API_PREFIX } from './router';
import { expectError, path, world, type TestDevice } from './test-support';

const sendTo = (from: TestDevice, to: TestDevice, type = 'm.test', content: Record<string, unknown> = {}) =>
	from.ok('PUT', path`/sendToDevice/${type}/${`t${Math.random()}`}`, {
		messages: { [to.userId]: { [to.deviceId]: content } }
	});

describe('latency', () => {
	it('request() waits the configured latency through the injected sleep, then answers', async () => {
		const waits: number[] = [];
		const w = world({ sleep: async (ms) => void waits.push(ms) });
		const alice = w.user('alice');
		const req = {
			method: 'GET' as const,
			path: `${CLIENT_API_PREFIX}/account/whoami`,
			accessToken: alice.accessToken
		};
		expect((await w.hs.request(req)).status).toBe(200);
		expect(waits).toEqual([]);
		w.hs.faults.setLatency(250);
		expect(w.hs.faults.latencyMs).toBe(250);
		expect((await w.hs.request(req)).body).toEqual({ user_id: alice.userId, device_id: alice.deviceId });
		expect(waits).toEqual([250]);
	});

	it('the default sleep is a real timer', async () => {
		const w = world();
		const alice = w.user('alice');
		w.hs.faults.setLatency(5);
		const res = await w.hs.request({
			method: 'GET',
			path: `${CLIENT_API_PREFIX}/account/whoami`,
			accessToken: alice.accessToken
		});
		expect(res.status).toBe(200);
	});
});

describe('rate limit', () => {
	it('answers 429 M_LIMIT_EXCEEDED with retry_after_ms beyond the limit, per device, until the window ends', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		w.hs.faults.setRateLimit({ requests: 2, windowMs: 1000 });
		alice.ok('GET', '/account/whoami');
		w.clock.advance(400);
		alice.ok('GET', '/account/whoami');
		const limited = alice.call('GET', '/account/whoami');
		expectError(limited, 429, 'M_LIMIT_EXCEEDED');
		expect(limited.body.retry_after_ms).toBe(600);
		bob.ok('GET', '/account/whoami');
		w.clock.advance(600);
		alice.ok('GET', '/account/whoami');
		w.hs.faults.setRateLimit(null);
		for (let i = 0; i < 5; i++) alice.ok('GET', '/account/whoami');
	});
});

describe('dropped and delayed to-device messages', () => {
	it('drops matching messages; count limits how many', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const carol = w.user('carol');
		w.hs.faults.dropToDevice({
			sender: alice.userId,
			recipient: bob.userId,
			eventType: 'm.room_key',
			count: 1
		});
		sendTo(alice, bob, 'm.room_key', { n: 1 });
		sendTo(alice, bob, 'm.other', { n: 2 });
		sendTo(alice, carol, 'm.room_key', { n: 3 });
		sendTo(alice, bob, 'm.room_key', { n: 4 });
		expect(bob.sync().to_device.events.map((e) => e.content)).toEqual([{ n: 2 }, { n: 4 }]);
		expect(carol.sync().to_device.events.map((e) => e.content)).toEqual([{ n: 3 }]);
	});

	it('drops everything with an empty filter until cleared', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		w.hs.faults.dropToDevice();
		sendTo(alice, bob);
		w.hs.faults.clearToDeviceFaults();
		sendTo(alice, bob, 'm.test', { kept: true });
		expect(bob.sync().to_device.events.map((e) => e.content)).toEqual([{ kept: true }]);
	});

	it('delays matching messages until the clock reaches the release time', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const s0 = bob.sync().next_batch;
		w.hs.faults.delayToDevice({ recipient: bob.userId }, 10_000);
		sendTo(alice, bob, 'm.test', { late: true });
		const early = bob.sync(s0);
		expect(early.to_device.events).toEqual([]);
		expect(w.hs.serverView().users.find((u) => u.userId === bob.userId)!.devices[0]!.delayedToDevice).toBe(1);
		w.clock.advance(9_999);
		const stillEarly = bob.sync(early.next_batch);
		expect(stillEarly.to_device.events).toEqual([]);
		w.clock.advance(1);
		// delivered even though the client's since is past the position the message had when it was sent
		expect(bob.sync(stillEarly.next_batch).to_device.events.map((e) => e.content)).toEqual([{ late: true }]);
	});
});

describe('device offline', () => {
	it("fails the device's requests with 503 while its inbox keeps filling; back online it syncs normally", () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob', 'PHONE');
		const bobLaptop = w.device(bob.userId, 'LAPTOP');
		const s0 = bob.sync().next_batch;
		w.hs.faults.setDeviceOffline(bob.userId, 'PHONE', true);
		const res = bob.call('GET', `/sync?since=${s0}`);
		expect(res.status).toBe(503);
		expect(res.body).toEqual({ errcode: 'M_UNKNOWN', error: expect.stringContaining('offline (simulated)') });
		bobLaptop.ok('GET', '/account/whoami');
		sendTo(alice, bob, 'm.test', { while: 'offline' });
		expect(w.hs.serverView().users.find((u) => u.userId === bob.userId)!.devices[0]).toMatchObject({
			offline: true,
			pendingToDevice: 1
		});
		w.hs.faults.setDeviceOffline(bob.userId, 'PHONE', false);
		expect(bob.sync(s0).to_device.events.map((e) => e.content)).toEqual([{ while: 'offline' }]);
	});

	it('refuses an unknown device', () => {
		const w = world();
		expect(() => w.hs.faults.setDeviceOffline('@ghost:sim.local', 'X', true)).toThrow();
	});
});
