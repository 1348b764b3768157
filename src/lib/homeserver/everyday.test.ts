/**
 * The everyday endpoints Element calls beside the crypto (devices, profile, directory, filters, redactions, single
 * events, receipts, read markers, typing), and the change notification a long-polling server waits on.
 */
import { describe, expect, it } from 'vitest';
import { expectError, path, twoInARoom, world, type EventBody, type SyncBody } from './test-support';

describe('everyday endpoints', () => {
	it('renames a device and sets a display name that reaches the rooms as a member event', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		alice.ok('PUT', path`/devices/${alice.deviceId}`, { display_name: 'Laptop' });
		expect(alice.ok('GET', path`/devices/${alice.deviceId}`)).toMatchObject({ display_name: 'Laptop' });
		expectError(alice.call('PUT', '/devices/NOPE', { display_name: 'x' }), 404, 'M_NOT_FOUND');

		const since = bob.sync().next_batch;
		alice.ok('PUT', path`/profile/${alice.userId}/displayname`, { displayname: 'Alice A.' });
		expect(bob.ok('GET', path`/profile/${alice.userId}`)).toEqual({ displayname: 'Alice A.' });
		const events = bob.sync(since).rooms.join[roomId]?.timeline.events ?? [];
		expect(events.at(-1)).toMatchObject({
			type: 'm.room.member',
			state_key: alice.userId,
			content: { membership: 'join', displayname: 'Alice A.' }
		});
		expectError(
			alice.call('PUT', path`/profile/${bob.userId}/displayname`, { displayname: 'x' }),
			403,
			'M_FORBIDDEN'
		);
	});

	it('finds users by id or display name in the user directory', () => {
		const w = world();
		const alice = w.user('alice');
		w.user('bob');
		w.user('bobby');
		expect(alice.ok('POST', '/user_directory/search', { search_term: 'BOB', limit: 1 })).toEqual({
			results: [{ user_id: '@bob:sim.local', display_name: 'bob' }],
			limited: true
		});
		expectError(alice.call('POST', '/user_directory/search', {}), 400, 'M_MISSING_PARAM');
	});

	it('stores filters per user and honours room.timeline.limit with limited and prev_batch', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const { filter_id } = bob.ok('POST', path`/user/${bob.userId}/filter`, {
			room: { timeline: { limit: 2 } }
		});
		expect(bob.ok('GET', path`/user/${bob.userId}/filter/${filter_id as string}`)).toEqual({
			room: { timeline: { limit: 2 } }
		});
		expectError(bob.call('GET', path`/user/${alice.userId}/filter/0`), 403, 'M_FORBIDDEN');
		expectError(bob.call('GET', path`/user/${bob.userId}/filter/7`), 404, 'M_NOT_FOUND');
		expectError(
			bob.call('POST', path`/user/${bob.userId}/filter`, { room: { timeline: { limit: 'x' } } }),
			400,
			'M_BAD_JSON'
		);

		const since = bob.sync().next_batch;
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.topic`, { topic: 'dropped from the timeline' });
		for (const n of [1, 2, 3, 4]) alice.send(roomId, { msgtype: 'm.text', body: `m${n}` });
		type Joined = {
			timeline: { events: EventBody[]; limited: boolean; prev_batch: string };
			state: { events: EventBody[] };
		};
		const room = bob.sync(since, `filter=${filter_id as string}`).rooms.join[roomId] as unknown as Joined;
		expect(room.timeline.events.map((e) => e.content.body)).toEqual(['m3', 'm4']);
		expect(room.timeline.limited).toBe(true);
		// The topic change was left out of the timeline, so it is in `state`.
		expect(room.state.events.map((e) => e.type)).toEqual(['m.room.topic']);
		const older = bob.ok(
			'GET',
			path`/rooms/${roomId}/messages` + `?dir=b&limit=10&from=${room.timeline.prev_batch}`
		);
		expect((older.chunk as EventBody[]).slice(0, 2).map((e) => e.content.body)).toEqual(['m2', 'm1']);

		// An inline filter, and no filter: the whole window, not limited.
		const inline = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } }));
		const one = bob.sync(since, `filter=${inline}`).rooms.join[roomId] as unknown as Joined;
		expect(one.timeline.events).toHaveLength(1);
		const all = bob.sync(since).rooms.join[roomId] as unknown as Joined;
		expect(all.timeline).toMatchObject({ limited: false });
		expect(all.timeline.events).toHaveLength(5);
		expectError(bob.call('GET', '/sync?filter=99'), 400, 'M_INVALID_PARAM');
		expectError(bob.call('GET', '/sync?filter=%7Bnope'), 400, 'M_NOT_JSON');
	});

	it('redacts a message (content gone, redaction in the timeline) and serves single events to members', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const eventId = alice.send(roomId, { msgtype: 'm.text', body: 'oops' });
		expect(bob.ok('GET', path`/rooms/${roomId}/event/${eventId}`)).toMatchObject({
			content: { body: 'oops' }
		});
		expectError(bob.call('PUT', path`/rooms/${roomId}/redact/${eventId}/r1`, {}), 403, 'M_FORBIDDEN');
		const { event_id: redactionId } = alice.ok('PUT', path`/rooms/${roomId}/redact/${eventId}/r1`, {
			reason: 'typo'
		});
		// Idempotent per transaction.
		expect(alice.ok('PUT', path`/rooms/${roomId}/redact/${eventId}/r1`, {})).toEqual({
			event_id: redactionId
		});
		const redacted = bob.ok('GET', path`/rooms/${roomId}/event/${eventId}`);
		expect(redacted.content).toEqual({});
		expect(redacted.unsigned).toMatchObject({ redacted_because: { event_id: redactionId } });
		expect(bob.ok('GET', path`/rooms/${roomId}/event/${redactionId as string}`)).toMatchObject({
			type: 'm.room.redaction',
			redacts: eventId,
			content: { redacts: eventId, reason: 'typo' }
		});
		expectError(bob.call('GET', path`/rooms/${roomId}/event/$nope`), 404, 'M_NOT_FOUND');
		const carol = w.user('carol');
		expectError(carol.call('GET', path`/rooms/${roomId}/event/${eventId}`), 403, 'M_FORBIDDEN');
	});

	it('acknowledges receipts, read markers and typing from members, as the spec shapes them', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const eventId = alice.send(roomId, { msgtype: 'm.text', body: 'hi' });
		expect(bob.ok('POST', path`/rooms/${roomId}/receipt/m.read/${eventId}`, {})).toEqual({});
		expectError(
			bob.call('POST', path`/rooms/${roomId}/receipt/m.nope/${eventId}`, {}),
			400,
			'M_INVALID_PARAM'
		);
		expect(bob.ok('POST', path`/rooms/${roomId}/read_markers`, { 'm.fully_read': eventId })).toEqual({});
		expect(
			bob.ok('PUT', path`/rooms/${roomId}/typing/${bob.userId}`, { typing: true, timeout: 3000 })
		).toEqual({});
		expectError(
			bob.call('PUT', path`/rooms/${roomId}/typing/${alice.userId}`, { typing: true }),
			403,
			'M_FORBIDDEN'
		);
		expectError(w.user('carol').call('POST', path`/rooms/${roomId}/read_markers`, {}), 403, 'M_FORBIDDEN');
	});

	it('delivers receipts and typing to the room as ephemeral events, and the read marker as room account data', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const eventId = alice.send(roomId, { msgtype: 'm.text', body: 'hi' });
		const since = { alice: alice.sync().next_batch, bob: bob.sync().next_batch };
		const ephemeralOf = (body: SyncBody) => body.rooms.join[roomId]?.ephemeral?.events ?? [];

		bob.ok('POST', path`/rooms/${roomId}/receipt/m.read/${eventId}`, {});
		bob.ok('POST', path`/rooms/${roomId}/read_markers`, {
			'm.fully_read': eventId,
			'm.read.private': eventId
		});
		bob.ok('PUT', path`/rooms/${roomId}/typing/${bob.userId}`, { typing: true, timeout: 3000 });
		const seen = alice.sync(since.alice);
		const receipt = ephemeralOf(seen).find((e) => e.type === 'm.receipt');
		// Bob's public receipt, with its time; his private one is for him alone.
		expect(receipt?.content).toEqual({ [eventId]: { 'm.read': { [bob.userId]: { ts: w.clock.now() } } } });
		expect(ephemeralOf(seen).find((e) => e.type === 'm.typing')?.content).toEqual({ user_ids: [bob.userId] });
		expect(seen.rooms.join[roomId]?.account_data?.events).toEqual([]);

		const own = bob.sync(since.bob);
		expect(ephemeralOf(own).find((e) => e.type === 'm.receipt')?.content[eventId]).toHaveProperty(
			'm.read.private'
		);
		expect(own.rooms.join[roomId]?.account_data?.events).toEqual([
			{ type: 'm.fully_read', content: { event_id: eventId } }
		]);

		// Nothing new: the room is left out. Then Bob stops typing, or his notice runs out.
		expect(alice.sync(seen.next_batch).rooms.join[roomId]).toBeUndefined();
		bob.ok('PUT', path`/rooms/${roomId}/typing/${bob.userId}`, { typing: false });
		const stopped = alice.sync(seen.next_batch);
		expect(ephemeralOf(stopped)).toEqual([{ type: 'm.typing', content: { user_ids: [] } }]);
		bob.ok('PUT', path`/rooms/${roomId}/typing/${bob.userId}`, { typing: true, timeout: 3000 });
		w.clock.advance(3001);
		expect(ephemeralOf(alice.sync(stopped.next_batch))).toEqual([
			{ type: 'm.typing', content: { user_ids: [] } }
		]);

		// A newcomer's first sync has the receipts so far.
		expect(ephemeralOf(w.device(alice.userId, 'LAPTOP').sync()).map((e) => e.type)).toContain('m.receipt');
	});

	it('tells a listener when the stream moves, and stops after unsubscribing', () => {
		const w = world();
		const { alice, roomId } = twoInARoom(w);
		let calls = 0;
		const stop = w.hs.onChange(() => calls++);
		alice.send(roomId, { msgtype: 'm.text', body: 'one' });
		expect(calls).toBe(1);
		stop();
		alice.send(roomId, { msgtype: 'm.text', body: 'two' });
		expect(calls).toBe(1);
	});
});
