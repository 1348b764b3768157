import { describe, expect, it } from 'vitest';
import { expectError, path, world } from './test-support';

const put = (txn: string, type = 'm.test') => path`/sendToDevice/${type}/${txn}`;

describe('sendToDevice', () => {
	it('delivers to a named device or to every device with "*"', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob', 'PHONE');
		const laptop = w.device(bob.userId, 'LAPTOP');
		expect(alice.ok('PUT', put('t1'), { messages: { [bob.userId]: { PHONE: { n: 1 } } } })).toEqual({});
		alice.ok('PUT', put('t2'), { messages: { [bob.userId]: { '*': { n: 2 } } } });
		expect(bob.sync().to_device.events).toEqual([
			{ type: 'm.test', sender: alice.userId, content: { n: 1 } },
			{ type: 'm.test', sender: alice.userId, content: { n: 2 } }
		]);
		expect(laptop.sync().to_device.events.map((e) => e.content)).toEqual([{ n: 2 }]);
	});

	it('is idempotent per device and transaction id', () => {
		const w = world();
		const alice = w.user('alice');
		const aliceLaptop = w.device(alice.userId, 'LAPTOP');
		const bob = w.user('bob', 'PHONE');
		const body = { messages: { [bob.userId]: { PHONE: { n: 1 } } } };
		alice.ok('PUT', put('same'), body);
		alice.ok('PUT', put('same'), body);
		aliceLaptop.ok('PUT', put('same'), body);
		expect(bob.sync().to_device.events).toHaveLength(2);
	});

	it('silently ignores unknown users and devices', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob', 'PHONE');
		alice.ok('PUT', put('t'), {
			messages: { '@ghost:sim.local': { X: {} }, [bob.userId]: { NOPE: {}, PHONE: { ok: true } } }
		});
		expect(bob.sync().to_device.events.map((e) => e.content)).toEqual([{ ok: true }]);
	});

	it('validates the body', () => {
		const alice = world().user('alice');
		expectError(alice.call('PUT', put('a'), {}), 400, 'M_MISSING_PARAM');
		expectError(alice.call('PUT', put('b'), { messages: [] }), 400, 'M_BAD_JSON');
		expectError(alice.call('PUT', put('c'), { messages: { [alice.userId]: 'x' } }), 400, 'M_BAD_JSON');
		expectError(alice.call('PUT', put('d'), { messages: { [alice.userId]: { D: 'x' } } }), 400, 'M_BAD_JSON');
		expectError(alice.call('PUT', put('e'), { messages: { 'not-a-user': {} } }), 400, 'M_INVALID_PARAM');
	});

	it('follows the spec ack semantics: redelivered until a later since covers it', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob', 'PHONE');
		const s0 = bob.sync().next_batch;
		alice.ok('PUT', put('t1'), { messages: { [bob.userId]: { PHONE: { n: 1 } } } });
		const first = bob.sync(s0);
		expect(first.to_device.events).toHaveLength(1);
		// the response was "lost": the client retries with the old token and gets the message again
		const retry = bob.sync(s0);
		expect(retry.to_device.events).toHaveLength(1);
		expect(w.hs.serverView().users.find((u) => u.userId === bob.userId)!.devices[0]!.pendingToDevice).toBe(1);
		// the next since acknowledges (deletes) it
		alice.ok('PUT', put('t2'), { messages: { [bob.userId]: { PHONE: { n: 2 } } } });
		const next = bob.sync(retry.next_batch);
		expect(next.to_device.events.map((e) => e.content)).toEqual([{ n: 2 }]);
		expect(bob.sync(next.next_batch).to_device.events).toEqual([]);
		expect(w.hs.serverView().users.find((u) => u.userId === bob.userId)!.devices[0]!.pendingToDevice).toBe(0);
	});

	it('an initial sync delivers everything waiting', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob', 'PHONE');
		alice.ok('PUT', put('t1'), { messages: { [bob.userId]: { PHONE: { n: 1 } } } });
		expect(bob.sync().to_device.events).toHaveLength(1);
		expect(bob.sync().to_device.events).toHaveLength(1);
	});
});
