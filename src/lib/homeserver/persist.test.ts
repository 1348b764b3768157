/**
 * A stored server (`persist()`, kept as IndexedDB keeps it: a structured clone) restores into a server that goes on
 * exactly as the original would have: the same answers to the same requests, the same ids minted, the same state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearValidRequest, populatedServer } from './fuzz-support';
import { HOMESERVER_STATE_VERSION, Homeserver, StaleHomeserverState } from './homeserver';
import { path, TestDevice } from './test-support';

/** The fuzz fixture (compromise, shadow device, backup, cross-signing) with messages, receipts and mail waiting. */
function busyServer({ compromised = true } = {}) {
	const s = populatedServer();
	const { w, alice, bob, roomId } = s;
	// Under the man in the middle, Alice's messages to Bob go to the attacker's device instead.
	if (!compromised) w.hs.faults.heal();
	const first = alice.send(roomId, { msgtype: 'm.text', body: 'hello' }, 'm.room.message', 'txn-1');
	const second = bob.send(roomId, { msgtype: 'm.text', body: 'oops' }, 'm.room.message', 'txn-2');
	bob.ok('PUT', path`/rooms/${roomId}/redact/${second}/r1`, {});
	bob.ok('POST', path`/rooms/${roomId}/receipt/m.read/${first}`, {});
	alice.ok('PUT', path`/rooms/${roomId}/typing/${alice.userId}`, { typing: true, timeout: 30000 });
	w.hs.faults.delayToDevice({ eventType: 'm.key.verification.ready' }, 5000);
	alice.ok('PUT', path`/sendToDevice/m.key.verification.ready/td1`, {
		messages: { [bob.userId]: { [bob.deviceId]: { transaction_id: 'v1' } } }
	});
	alice.ok('PUT', path`/sendToDevice/m.key.verification.request/td2`, {
		messages: { [bob.userId]: { [bob.deviceId]: { transaction_id: 'v1' } } }
	});
	return { ...s, first };
}

describe('persisted homeserver', () => {
	it('answers every later request as the original does, and ends in the same state (400 requests)', () => {
		const s = busyServer();
		const original = s.w.hs;
		const restored = Homeserver.restore(structuredClone(original.persist()), { clock: s.w.clock });
		expect(restored.persist()).toEqual(original.persist());
		let step = 0;
		fc.assert(
			fc.property(nearValidRequest(s), (req) => {
				// Time moves too: delayed to-device messages fall due, typing notices run out.
				if (++step % 50 === 0) s.w.clock.advance(3000);
				expect(restored.handle(req)).toEqual(original.handle(req));
			}),
			{ numRuns: 400 }
		);
		expect(restored.persist()).toEqual(original.persist());
		expect(restored.serverView()).toEqual(original.serverView());
	});

	it('goes on from a sync token taken before, delivering mail that waited and minting fresh ids', () => {
		const s = busyServer({ compromised: false });
		const { alice, bob, roomId } = s;
		const since = bob.sync().next_batch;
		const stored = structuredClone(s.w.hs.persist());
		const hs = Homeserver.restore(stored, { clock: s.w.clock });
		const again = (d: TestDevice) => new TestDevice(hs, d.userId, d.deviceId, d.accessToken);
		const [alice2, bob2] = [again(alice), again(bob)];
		const eventId = alice2.send(
			roomId,
			{ msgtype: 'm.text', body: 'after the reload' },
			'm.room.message',
			't3'
		);
		s.w.clock.advance(6000);
		const sync = bob2.sync(since);
		expect(sync.rooms.join[roomId]!.timeline.events.map((e) => e.event_id)).toEqual([eventId]);
		expect(sync.to_device.events.map((e) => e.type)).toEqual(['m.key.verification.ready']);
		// The original would have minted the same id: nothing is reused, nothing skipped.
		expect(alice.send(roomId, { msgtype: 'm.text', body: 'after the reload' }, 'm.room.message', 't3')).toBe(
			eventId
		);
		// Retried transactions are still recognised.
		expect(alice2.send(roomId, { msgtype: 'm.text', body: 'hello' }, 'm.room.message', 'txn-1')).toBe(
			s.first
		);
	});

	it('stores a copy: what happens later is not in it', () => {
		const s = busyServer();
		const stored = s.w.hs.persist();
		const count = (hs: Homeserver) => hs.serverView().rooms[0]!.events.length;
		const before = count(s.w.hs);
		s.alice.send(s.roomId, { msgtype: 'm.text', body: 'later' });
		expect(count(Homeserver.restore(stored))).toBe(before);
		expect(count(s.w.hs)).toBe(before + 1);
	});

	it('refuses a state of another version or shape', () => {
		const stored = busyServer().w.hs.persist();
		for (const bad of [
			{ ...stored, version: HOMESERVER_STATE_VERSION + 1 },
			{ ...stored, version: 0 },
			null,
			'x',
			{}
		])
			expect(() => Homeserver.restore(bad)).toThrow(StaleHomeserverState);
	});
});
