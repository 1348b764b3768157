import { describe, expect, it } from 'vitest';
import { initialPowerLevels } from './power-levels';
import { expectError, path, twoInARoom, world, type EventBody } from './test-support';

const MEGOLM = 'm.megolm.v1.aes-sha2';
const encryptionState = { type: 'm.room.encryption', state_key: '', content: { algorithm: MEGOLM } };

describe('createRoom', () => {
	it('creates the initial state in order, with the creator joined and invitees invited', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const roomId = alice.createRoom({
			name: 'Book club',
			invite: [bob.userId],
			initial_state: [encryptionState]
		});
		expect(roomId).toMatch(/^![A-Za-z]{18}:sim\.local$/);
		const state = alice.ok('GET', path`/rooms/${roomId}/state`) as unknown as EventBody[];
		expect(state.map((e) => [e.type, e.state_key])).toEqual([
			['m.room.create', ''],
			['m.room.member', alice.userId],
			['m.room.power_levels', ''],
			['m.room.join_rules', ''],
			['m.room.history_visibility', ''],
			['m.room.name', ''],
			['m.room.encryption', ''],
			['m.room.member', bob.userId]
		]);
		const byType = (t: string) => state.find((e) => e.type === t)!.content;
		expect(byType('m.room.create')).toEqual({ creator: alice.userId, room_version: '10' });
		expect(byType('m.room.join_rules')).toEqual({ join_rule: 'invite' });
		expect(byType('m.room.history_visibility')).toEqual({ history_visibility: 'shared' });
		// The levels themselves are power-levels.test.ts's to check.
		expect(byType('m.room.power_levels')).toEqual(initialPowerLevels(alice.userId, []));
		expect(state.at(-1)!.content).toMatchObject({ membership: 'invite' });
	});

	it('public_chat makes a public room; trusted_private_chat makes invitees admins; is_direct marks invites', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const pub = alice.createRoom({ preset: 'public_chat' });
		expect(alice.ok('GET', path`/rooms/${pub}/state/m.room.join_rules`)).toEqual({ join_rule: 'public' });
		const dm = alice.createRoom({ preset: 'trusted_private_chat', invite: [bob.userId], is_direct: true });
		expect(alice.ok('GET', path`/rooms/${dm}/state/m.room.power_levels`)).toMatchObject({
			users: { [alice.userId]: 100, [bob.userId]: 100 }
		});
		expect(alice.ok('GET', path`/rooms/${dm}/state/m.room.member/${bob.userId}`)).toMatchObject({
			membership: 'invite',
			is_direct: true
		});
		const visible = alice.createRoom({ visibility: 'public' });
		expect(alice.ok('GET', path`/rooms/${visible}/state/m.room.join_rules`)).toEqual({ join_rule: 'public' });
	});

	it('merges power_level_content_override', () => {
		const alice = world().user('alice');
		const roomId = alice.createRoom({ power_level_content_override: { events_default: 50, invite: 50 } });
		expect(alice.ok('GET', path`/rooms/${roomId}/state/m.room.power_levels`)).toMatchObject({
			events_default: 50,
			invite: 50,
			state_default: 50
		});
	});

	it('validates the whole request before creating anything', () => {
		const w = world();
		const alice = w.user('alice');
		const bad = (body: unknown, status: number, errcode: string) =>
			expectError(alice.call('POST', '/createRoom', body), status, errcode);
		bad({ name: 5 }, 400, 'M_BAD_JSON');
		bad({ invite: 'bob' }, 400, 'M_BAD_JSON');
		bad({ invite: ['not a user id'] }, 400, 'M_INVALID_PARAM');
		bad({ invite: ['@ghost:sim.local'] }, 404, 'M_NOT_FOUND');
		bad({ preset: 'party' }, 400, 'M_INVALID_PARAM');
		bad({ initial_state: [{ type: 'm.room.encryption', content: {} }] }, 400, 'M_BAD_JSON');
		bad(
			{ initial_state: [{ type: 'm.room.member', state_key: alice.userId, content: {} }] },
			400,
			'M_INVALID_PARAM'
		);
		bad({ initial_state: [{ type: 'x' }] }, 400, 'M_MISSING_PARAM');
		bad({ power_level_content_override: { users: { [alice.userId]: 'lots' } } }, 400, 'M_BAD_JSON');
		expect(w.hs.serverView().rooms).toEqual([]);
	});
});

describe('membership', () => {
	it('join needs an invite or a public room', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const privateRoom = alice.createRoom();
		expectError(bob.call('POST', path`/rooms/${privateRoom}/join`, {}), 403, 'M_FORBIDDEN');
		const publicRoom = alice.createRoom({ preset: 'public_chat' });
		expect(bob.ok('POST', path`/join/${publicRoom}`, {})).toEqual({ room_id: publicRoom });
		alice.invite(privateRoom, bob.userId);
		expect(bob.ok('POST', path`/rooms/${privateRoom}/join`)).toEqual({ room_id: privateRoom });
		// joining again is harmless
		expect(bob.ok('POST', path`/rooms/${privateRoom}/join`)).toEqual({ room_id: privateRoom });
	});

	it('join errors: unknown room, alias, malformed id', () => {
		const bob = world().user('bob');
		expectError(bob.call('POST', path`/join/${'!nope:sim.local'}`), 404, 'M_NOT_FOUND');
		expectError(bob.call('POST', path`/join/${'#alias:sim.local'}`), 404, 'M_NOT_FOUND');
		expectError(bob.call('POST', path`/join/${'garbage'}`), 400, 'M_INVALID_PARAM');
	});

	it('invite needs a joined inviter, an existing user, and not someone already joined', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const carol = w.user('carol');
		expectError(
			carol.call('POST', path`/rooms/${roomId}/invite`, { user_id: carol.userId }),
			403,
			'M_FORBIDDEN'
		);
		expectError(
			alice.call('POST', path`/rooms/${roomId}/invite`, { user_id: '@ghost:sim.local' }),
			404,
			'M_NOT_FOUND'
		);
		expectError(
			alice.call('POST', path`/rooms/${roomId}/invite`, { user_id: bob.userId }),
			403,
			'M_FORBIDDEN'
		);
		expectError(alice.call('POST', path`/rooms/${roomId}/invite`, {}), 400, 'M_MISSING_PARAM');
		expectError(
			alice.call('POST', path`/rooms/${roomId}/invite`, { user_id: 'carol' }),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			alice.call('POST', path`/rooms/${'!nope:sim.local'}/invite`, { user_id: carol.userId }),
			404,
			'M_NOT_FOUND'
		);
		alice.invite(roomId, carol.userId);
		alice.invite(roomId, carol.userId); // idempotent
		const members = alice.ok('GET', path`/rooms/${roomId}/members`).chunk as EventBody[];
		expect(members.filter((m) => m.state_key === carol.userId)).toHaveLength(1);
	});

	it('invite respects the invite power level', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, { power_level_content_override: { invite: 50 } });
		const carol = w.user('carol');
		expectError(
			bob.call('POST', path`/rooms/${roomId}/invite`, { user_id: carol.userId }),
			403,
			'M_FORBIDDEN'
		);
		alice.invite(roomId, carol.userId);
	});

	it('leave works for joined and invited users (rejecting an invite), not for strangers', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const carol = w.user('carol');
		alice.invite(roomId, carol.userId);
		carol.leave(roomId);
		bob.leave(roomId);
		expectError(bob.call('POST', path`/rooms/${roomId}/leave`), 403, 'M_FORBIDDEN');
		expect(alice.ok('GET', path`/rooms/${roomId}/joined_members`)).toEqual({
			joined: { [alice.userId]: { display_name: 'alice' } }
		});
		const members = w.hs.serverView().rooms[0]!.members;
		expect(members.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
			{ userId: alice.userId, membership: 'join' },
			{ userId: bob.userId, membership: 'leave' },
			{ userId: carol.userId, membership: 'leave' }
		]);
	});
});

describe('sending', () => {
	it('returns an event id and is idempotent per device and transaction', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const first = alice.send(roomId, { body: 'hi' }, 'm.room.message', 'txn1');
		expect(first).toMatch(/^\$[A-Za-z0-9_-]+:sim\.local$/);
		expect(alice.send(roomId, { body: 'hi' }, 'm.room.message', 'txn1')).toBe(first);
		// same txn id from another device is another event
		expect(bob.send(roomId, { body: 'hi' }, 'm.room.message', 'txn1')).not.toBe(first);
		const messages = alice
			.sync()
			.rooms.join[roomId]!.timeline.events.filter((e) => e.type === 'm.room.message');
		expect(messages).toHaveLength(2);
	});

	it('needs the sender to be joined and the power level for the event type', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, {
			power_level_content_override: { events: { 'm.custom': 50 } }
		});
		const carol = w.user('carol');
		expectError(
			carol.call('PUT', path`/rooms/${roomId}/send/m.room.message/t1`, { body: 'x' }),
			403,
			'M_FORBIDDEN'
		);
		expectError(bob.call('PUT', path`/rooms/${roomId}/send/m.custom/t2`, {}), 403, 'M_FORBIDDEN');
		alice.send(roomId, {}, 'm.custom');
		expectError(
			bob.call('PUT', path`/rooms/${'!nope:sim.local'}/send/m.room.message/t3`, {}),
			404,
			'M_NOT_FOUND'
		);
	});

	it('refuses oversized events and non-object content', () => {
		const { alice, roomId } = twoInARoom(world());
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/send/m.room.message/big`, { body: 'x'.repeat(70_000) }),
			413,
			'M_TOO_LARGE'
		);
		expectError(alice.call('PUT', path`/rooms/${roomId}/send/m.room.message/arr`, ['x']), 400, 'M_BAD_JSON');
	});

	it('stamps events with the injected clock', () => {
		const w = world();
		const { alice, roomId } = twoInARoom(w);
		w.clock.advance(5000);
		const eventId = alice.send(roomId, { body: 'now' });
		const event = alice.sync().rooms.join[roomId]!.timeline.events.find((e) => e.event_id === eventId)!;
		expect(event.origin_server_ts).toBe(w.clock.now());
	});
});

describe('state', () => {
	it('sets and reads state, with and without a state key', () => {
		const { alice, roomId } = twoInARoom(world());
		const eventId = alice.ok('PUT', path`/rooms/${roomId}/state/m.room.topic`, { topic: 'Books' }).event_id;
		expect(eventId).toMatch(/^\$/);
		expect(alice.ok('GET', path`/rooms/${roomId}/state/m.room.topic`)).toEqual({ topic: 'Books' });
		alice.ok('PUT', path`/rooms/${roomId}/state/m.custom/${'key/with/slashes'}`, { a: 1 });
		expect(alice.ok('GET', path`/rooms/${roomId}/state/m.custom/${'key/with/slashes'}`)).toEqual({ a: 1 });
		expectError(alice.call('GET', path`/rooms/${roomId}/state/m.custom/other`), 404, 'M_NOT_FOUND');
	});

	it('a non-admin sending m.room.encryption gets 403 M_FORBIDDEN', () => {
		const { bob, roomId } = twoInARoom(world());
		expectError(
			bob.call('PUT', path`/rooms/${roomId}/state/m.room.encryption/`, { algorithm: MEGOLM }),
			403,
			'M_FORBIDDEN'
		);
	});

	it('m.room.encryption needs a string algorithm', () => {
		const { alice, roomId } = twoInARoom(world());
		expectError(alice.call('PUT', path`/rooms/${roomId}/state/m.room.encryption/`, {}), 400, 'M_BAD_JSON');
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/state/m.room.encryption/`, { algorithm: 7 }),
			400,
			'M_BAD_JSON'
		);
	});

	it('turning encryption off is refused and changes nothing', () => {
		const w = world();
		const { alice, roomId } = twoInARoom(w);
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.encryption`, { algorithm: MEGOLM });
		const before = w.hs.serverView();
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/state/m.room.encryption`, { algorithm: 'none' }),
			403,
			'M_FORBIDDEN'
		);
		expectError(alice.call('PUT', path`/rooms/${roomId}/state/m.room.encryption`, {}), 400, 'M_BAD_JSON');
		expect(w.hs.serverView()).toEqual(before);
		expect(alice.ok('GET', path`/rooms/${roomId}/state/m.room.encryption`)).toEqual({ algorithm: MEGOLM });
		// the same algorithm with other settings is fine
		alice.ok('PUT', path`/rooms/${roomId}/state/m.room.encryption`, {
			algorithm: MEGOLM,
			rotation_period_msgs: 10
		});
	});

	it('power level changes cannot raise anyone above the sender', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, {
			power_level_content_override: { events: { 'm.room.power_levels': 50 } }
		});
		const pl = alice.ok('GET', path`/rooms/${roomId}/state/m.room.power_levels`);
		const withUsers = (users: Record<string, number>) => ({ ...pl, users });
		alice.ok(
			'PUT',
			path`/rooms/${roomId}/state/m.room.power_levels`,
			withUsers({ [alice.userId]: 100, [bob.userId]: 50 })
		);
		const put = (content: unknown) =>
			bob.call('PUT', path`/rooms/${roomId}/state/m.room.power_levels`, content);
		expectError(put(withUsers({ [alice.userId]: 100, [bob.userId]: 100 })), 403, 'M_FORBIDDEN');
		expectError(put(withUsers({ [alice.userId]: 0, [bob.userId]: 50 })), 403, 'M_FORBIDDEN');
		expectError(
			put({ ...withUsers({ [alice.userId]: 100, [bob.userId]: 50 }), ban: 60 }),
			403,
			'M_FORBIDDEN'
		);
		expectError(put({ ...pl, users: 'nope' }), 400, 'M_BAD_JSON');
		// lowering oneself is fine
		bob.ok(
			'PUT',
			path`/rooms/${roomId}/state/m.room.power_levels`,
			withUsers({ [alice.userId]: 100, [bob.userId]: 10 })
		);
	});

	it('refuses membership state set directly, and user-id state keys of other users', () => {
		const { alice, bob, roomId } = twoInARoom(world());
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/state/m.room.member/${bob.userId}`, { membership: 'leave' }),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/state/m.custom/${bob.userId}`, {}),
			403,
			'M_FORBIDDEN'
		);
		alice.ok('PUT', path`/rooms/${roomId}/state/m.custom/${alice.userId}`, {});
	});

	it('validates history visibility values', () => {
		const { alice, roomId } = twoInARoom(world());
		expectError(
			alice.call('PUT', path`/rooms/${roomId}/state/m.room.history_visibility`, {
				history_visibility: 'everyone'
			}),
			400,
			'M_BAD_JSON'
		);
	});
});

describe('reading rooms', () => {
	it('only joined members may read state, members and messages', () => {
		const w = world();
		const { roomId } = twoInARoom(w);
		const carol = w.user('carol');
		for (const p of ['state', 'joined_members', 'members', 'messages', 'state/m.room.name']) {
			expectError(carol.call('GET', `${path`/rooms/${roomId}`}/${p}`), 403, 'M_FORBIDDEN');
		}
		expectError(carol.call('GET', path`/rooms/${'!nope:sim.local'}/state`), 404, 'M_NOT_FOUND');
	});

	it('joined_members lists display names; joined_rooms lists rooms', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		expect(alice.ok('GET', path`/rooms/${roomId}/joined_members`)).toEqual({
			joined: { [alice.userId]: { display_name: 'alice' }, [bob.userId]: { display_name: 'bob' } }
		});
		expect(bob.ok('GET', '/joined_rooms')).toEqual({ joined_rooms: [roomId] });
	});

	it('/messages pages backwards and forwards', () => {
		const { alice, roomId } = twoInARoom(world());
		for (let i = 0; i < 5; i++) alice.send(roomId, { body: `m${i}` });
		const page = alice.ok('GET', `${path`/rooms/${roomId}/messages`}?dir=b&limit=3`);
		const bodies = (chunk: unknown) => (chunk as EventBody[]).map((e) => e.content.body);
		expect(bodies(page.chunk)).toEqual(['m4', 'm3', 'm2']);
		const next = alice.ok(
			'GET',
			`${path`/rooms/${roomId}/messages`}?dir=b&limit=3&from=${page.end as string}`
		);
		expect(bodies(next.chunk).slice(0, 2)).toEqual(['m1', 'm0']);
		const forward = alice.ok('GET', `${path`/rooms/${roomId}/messages`}?dir=f&limit=100`);
		expect(bodies(forward.chunk).filter(Boolean)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
		expect(forward.end).toBeUndefined();
		expectError(alice.call('GET', `${path`/rooms/${roomId}/messages`}?dir=x`), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', `${path`/rooms/${roomId}/messages`}?limit=-1`), 400, 'M_INVALID_PARAM');
		expectError(alice.call('GET', `${path`/rooms/${roomId}/messages`}?from=zzz`), 400, 'M_INVALID_PARAM');
	});
});
