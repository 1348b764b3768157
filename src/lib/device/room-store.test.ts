/** The room store on its own: plain events in, the room view out (no crypto, no server). */
import { describe, expect, it } from 'vitest';
import type { MatrixEvent } from '../homeserver/types';
import { MEGOLM, RoomStore } from './room-store';

const ME = '@me:sim.local';
const BOB = '@bob:sim.local';
let n = 0;
const ev = (
	type: string,
	content: Record<string, unknown>,
	extra: Partial<MatrixEvent> = {}
): MatrixEvent => ({
	event_id: `$${++n}`,
	type,
	sender: ME,
	origin_server_ts: n,
	content,
	room_id: '!r:sim.local',
	...extra
});
const member = (userId: string, membership: string, extra: Record<string, unknown> = {}) =>
	ev('m.room.member', { membership, ...extra }, { state_key: userId, sender: userId });

describe('RoomStore', () => {
	it('builds name, members, power levels and the level needed to turn encryption on', () => {
		const store = new RoomStore(ME);
		const room = store.room('!r:sim.local');
		store.applyState(room, ev('m.room.name', { name: 'Book club' }, { state_key: '' }));
		store.applyState(room, member(ME, 'join', { displayname: 'Me' }));
		store.applyState(room, member(BOB, 'invite'));
		store.applyState(
			room,
			ev(
				'm.room.power_levels',
				{ users: { [ME]: 100 }, events: { 'm.room.encryption': 100 } },
				{ state_key: '' }
			)
		);
		expect(room.view).toMatchObject({ name: 'Book club', myMembership: 'join', encryptionLevel: 100 });
		expect(room.view.members).toEqual([
			{ userId: ME, displayName: 'Me', membership: 'join', powerLevel: 100 },
			{ userId: BOB, displayName: BOB, membership: 'invite', powerLevel: 0 }
		]);
	});

	it('turns encryption on once and never off; says so once, and asks to track the members then', () => {
		const store = new RoomStore(ME);
		const room = store.room('!r:sim.local');
		store.applyState(room, member(ME, 'join'));
		store.applyState(room, member(BOB, 'join'));
		// Not encrypted yet: nobody to track.
		expect(store.takeUsersToTrack(() => true)).toEqual([]);
		expect(store.applyState(room, ev('m.room.encryption', { algorithm: MEGOLM }, { state_key: '' }))).toBe(
			true
		);
		expect(store.applyState(room, ev('m.room.encryption', { algorithm: 'none' }, { state_key: '' }))).toBe(
			false
		);
		expect(room.view.encryption).toBe(MEGOLM);
		expect(store.takeUsersToTrack((u) => u !== BOB)).toEqual([ME]);
		expect(store.takeUsersToTrack(() => true)).toEqual([]);
	});

	it('keeps each event once in the timeline, with the Megolm session of encrypted ones', () => {
		const store = new RoomStore(ME);
		const room = store.room('!r:sim.local');
		const raw = ev('m.room.encrypted', {
			algorithm: 'm.megolm.v1.aes-sha2',
			session_id: 'S1',
			ciphertext: 'x'
		});
		const entry = store.newEntry(room, raw)!;
		expect(entry).toMatchObject({ encrypted: true, sessionId: 'S1', type: 'm.room.encrypted' });
		room.view.timeline.push(entry);
		expect(store.newEntry(room, raw)).toBeUndefined();
		room.undecrypted.set(raw.event_id, raw);
		expect(store.undecrypted()).toEqual([{ room, entry, ev: raw }]);
	});

	it('knows DMs from m.direct and from the invite, and which DM is still shared', () => {
		const store = new RoomStore(ME);
		store.setInvite('!dm:sim.local', [
			ev('m.room.member', { membership: 'invite', is_direct: true }, { state_key: ME, sender: BOB })
		]);
		expect(store.pendingInvites()).toEqual([
			{ roomId: '!dm:sim.local', inviter: BOB, name: '', isDirect: true }
		]);
		store.dropInvite('!dm:sim.local');
		const room = store.room('!dm:sim.local');
		store.setDirectRooms(store.withDirectRoom(BOB, '!dm:sim.local'));
		store.applyState(room, member(ME, 'join'));
		store.applyState(room, member(BOB, 'join'));
		expect(room.view).toMatchObject({ isDirect: true, dmUserId: BOB });
		expect(store.dmWith(BOB)).toBe('!dm:sim.local');
		store.applyState(room, member(BOB, 'leave'));
		expect(store.dmWith(BOB)).toBeUndefined();
	});

	it("ignores malformed m.direct entries (the user's own account data) instead of throwing", () => {
		const store = new RoomStore(ME);
		const room = store.room('!dm:sim.local');
		store.applyState(room, member(ME, 'join'));
		store.applyState(room, member(BOB, 'join'));
		for (const content of [{ [BOB]: 5 }, { [BOB]: 'x' }, null, [1], 7]) {
			store.setDirectRooms(content);
			expect(store.dmWith(BOB)).toBeUndefined();
			expect(store.withDirectRoom(BOB, '!dm:sim.local')).toEqual({ [BOB]: ['!dm:sim.local'] });
		}
		store.setDirectRooms({ [BOB]: [5, '!dm:sim.local'], '@carol:sim.local': { a: 1 } });
		expect(store.dmWith(BOB)).toBe('!dm:sim.local');
	});

	it('sends room keys to joined members, and to invited ones unless history is for joined members only', () => {
		const store = new RoomStore(ME);
		const room = store.room('!r:sim.local');
		store.applyState(room, member(BOB, 'join'));
		store.applyState(room, member('@carol:sim.local', 'invite'));
		expect(store.recipients(room, () => true)).toEqual([BOB, '@carol:sim.local', ME]);
		store.applyState(
			room,
			ev('m.room.history_visibility', { history_visibility: 'joined' }, { state_key: '' })
		);
		expect(store.recipients(room, () => true)).toEqual([BOB, ME]);
	});
});
