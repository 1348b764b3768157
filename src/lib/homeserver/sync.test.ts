import { describe, expect, it } from 'vitest';
import { expectError, oneTimeKeys, path, twoInARoom, world } from './test-support';

describe('sync', () => {
	it('has every field the crypto needs, even when empty', () => {
		const alice = world().user('alice');
		const res = alice.sync();
		expect(res).toEqual({
			next_batch: expect.stringMatching(/^s\d+$/),
			rooms: { join: {}, invite: {}, leave: {} },
			to_device: { events: [] },
			device_lists: { changed: [], left: [] },
			device_one_time_keys_count: { signed_curve25519: 0 },
			device_unused_fallback_key_types: [],
			account_data: { events: [] },
			presence: { events: [] }
		});
	});

	it('reports one-time key counts and unused fallback key types', () => {
		const alice = world().user('alice');
		alice.ok('POST', '/keys/upload', {
			one_time_keys: oneTimeKeys(3),
			fallback_keys: { 'signed_curve25519:fb': { key: 'fb', fallback: true, signatures: {} } }
		});
		const res = alice.sync();
		expect(res.device_one_time_keys_count).toEqual({ signed_curve25519: 3 });
		expect(res.device_unused_fallback_key_types).toEqual(['signed_curve25519']);
	});

	it('initial sync gives joined rooms with state and timeline; incremental gives only what is new', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, { name: 'Room' });
		alice.send(roomId, { body: 'one' });
		const initial = bob.sync();
		const room = initial.rooms.join[roomId]!;
		expect(room.timeline.events.map((e) => e.type)).toContain('m.room.create');
		expect(room.timeline.events.at(-1)!.content).toEqual({ body: 'one' });
		expect(room).toMatchObject({
			timeline: { limited: false },
			summary: { 'm.joined_member_count': 2, 'm.invited_member_count': 0 },
			unread_notifications: { notification_count: 0, highlight_count: 0 }
		});

		expect(bob.sync(initial.next_batch).rooms.join).toEqual({});
		alice.send(roomId, { body: 'two' });
		const next = bob.sync(initial.next_batch);
		expect(next.rooms.join[roomId]!.timeline.events.map((e) => e.content.body)).toEqual(['two']);
		expect(next.rooms.join[roomId]!.state.events).toEqual([]);
	});

	it('a filter naming rooms reports only those rooms', () => {
		const { alice, roomId } = twoInARoom(world());
		const other = alice.ok('POST', '/createRoom', {}).room_id as string;
		const filter = encodeURIComponent(JSON.stringify({ room: { rooms: [roomId] } }));
		const first = alice.sync(undefined, `filter=${filter}`);
		expect(Object.keys(first.rooms.join)).toEqual([roomId]);
		alice.send(other, { body: 'elsewhere' });
		expect(alice.sync(first.next_batch, `filter=${filter}`).rooms.join).toEqual({});
		expect(Object.keys(alice.sync().rooms.join).sort()).toEqual([roomId, other].sort());
	});

	it('full_state=true adds the state to an incremental sync', () => {
		const { alice, roomId } = twoInARoom(world());
		const first = alice.sync();
		alice.send(roomId, { body: 'x' });
		const full = alice.sync(first.next_batch, 'full_state=true');
		expect(full.rooms.join[roomId]!.state.events.map((e) => e.type)).toContain('m.room.create');
		expect(full.rooms.join[roomId]!.timeline.events.map((e) => e.content.body)).toEqual(['x']);
	});

	it('the state block plus the timeline fold to the current state', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const roomId = alice.createRoom({ name: 'A', invite: [bob.userId] });
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.history_visibility`, { history_visibility: 'joined' });
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.name`, { name: 'B' });
		bob.join(roomId);
		const room = bob.sync().rooms.join[roomId]!;
		const names = [...room.state.events, ...room.timeline.events].filter((e) => e.type === 'm.room.name');
		expect(names.at(-1)!.content).toEqual({ name: 'B' });
	});

	it('shows unsigned.transaction_id only to the sending device', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const laptop = w.device(alice.userId, 'LAPTOP');
		const eventId = alice.send(roomId, { body: 'hi' }, 'm.room.message', 'my-txn');
		const find = (d: typeof alice) =>
			d.sync().rooms.join[roomId]!.timeline.events.find((e) => e.event_id === eventId)!;
		expect(find(alice).unsigned).toEqual({ transaction_id: 'my-txn' });
		expect(find(laptop).unsigned).toBeUndefined();
		expect(find(bob).unsigned).toBeUndefined();
	});

	it('puts invites in rooms.invite with stripped state, once', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const before = bob.sync();
		const roomId = alice.createRoom({
			name: 'Secret',
			invite: [bob.userId],
			is_direct: true,
			initial_state: [{ type: 'm.room.encryption', content: { algorithm: 'm.megolm.v1.aes-sha2' } }]
		});
		const res = bob.sync(before.next_batch);
		const state = res.rooms.invite[roomId]!.invite_state.events;
		expect(state.map((e) => e.type).sort()).toEqual(
			['m.room.create', 'm.room.encryption', 'm.room.join_rules', 'm.room.member', 'm.room.name'].sort()
		);
		expect(state.find((e) => e.type === 'm.room.member')).toEqual({
			type: 'm.room.member',
			state_key: bob.userId,
			sender: alice.userId,
			content: { membership: 'invite', displayname: 'bob', is_direct: true }
		});
		expect(res.rooms.join).toEqual({});
		expect(bob.sync(res.next_batch).rooms.invite).toEqual({});
		expect(bob.sync().rooms.invite[roomId]).toBeDefined();
	});

	it('a join moves the room to rooms.join with its history', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const roomId = alice.createRoom({ invite: [bob.userId] });
		alice.send(roomId, { body: 'before you came' });
		const invited = bob.sync();
		bob.join(roomId);
		const joined = bob.sync(invited.next_batch);
		expect(joined.rooms.join[roomId]!.timeline.events.map((e) => e.content.body)).toContain(
			'before you came'
		);
		expect(joined.rooms.join[roomId]!.state.events).toEqual([]); // the timeline starts at the room's creation
	});

	it('reports leaving in rooms.leave, up to the leave event only', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const first = bob.sync();
		alice.send(roomId, { body: 'bye bob' });
		bob.leave(roomId);
		alice.send(roomId, { body: 'after bob left' });
		const res = bob.sync(first.next_batch);
		expect(res.rooms.join).toEqual({});
		const left = res.rooms.leave[roomId]!.timeline.events;
		expect(left.map((e) => e.content.body ?? e.content.membership)).toEqual(['bye bob', 'leave']);
		expect(bob.sync(res.next_batch).rooms.leave).toEqual({});
		expect(bob.sync().rooms.leave).toEqual({}); // an initial sync leaves left rooms out
	});

	it('refuses a malformed since token, treats a future one as now', () => {
		const { alice, roomId } = twoInARoom(world());
		expectError(alice.call('GET', '/sync?since=garbage'), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', '/sync?since=s-1'), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', '/sync?timeout=soon'), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', '/sync?full_state=maybe'), 400, 'M_INVALID_PARAM');
		const future = alice.sync('s999999');
		expect(future.rooms.join).toEqual({});
		alice.send(roomId, { body: 'new' });
		expect(alice.sync(future.next_batch).rooms.join[roomId]!.timeline.events).toHaveLength(1);
		expect(alice.sync('s1', 'timeout=30000').next_batch).toMatch(/^s\d+$/);
	});
});

describe('history visibility', () => {
	function roomWithHistory(visibility: string) {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const roomId = alice.createRoom();
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.history_visibility`, {
			history_visibility: visibility
		});
		alice.send(roomId, { body: 'before invite' });
		alice.invite(roomId, bob.userId);
		alice.send(roomId, { body: 'while invited' });
		bob.join(roomId);
		alice.send(roomId, { body: 'after join' });
		const bodies = bob.sync().rooms.join[roomId]!.timeline.events.flatMap((e) => e.content.body ?? []);
		return bodies;
	}

	it('shared: everything since the room was created', () => {
		expect(roomWithHistory('shared')).toEqual(['before invite', 'while invited', 'after join']);
	});

	it('invited: since the invite', () => {
		expect(roomWithHistory('invited')).toEqual(['while invited', 'after join']);
	});

	it('joined: since the join', () => {
		expect(roomWithHistory('joined')).toEqual(['after join']);
	});

	it('world_readable: everything', () => {
		expect(roomWithHistory('world_readable')).toEqual(['before invite', 'while invited', 'after join']);
	});

	it('shared history is not shown to someone who was only invited and left', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const roomId = alice.createRoom({ invite: [bob.userId] });
		const first = bob.sync();
		alice.send(roomId, { body: 'secret' });
		bob.leave(roomId);
		const left = bob.sync(first.next_batch).rooms.leave[roomId]!.timeline.events;
		expect(left.map((e) => e.content.body)).not.toContain('secret');
	});
});
