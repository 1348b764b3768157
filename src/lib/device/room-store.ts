/**
 * One device's view of its rooms, built from what sync brings: room state, members and power levels, the timeline,
 * invites and the DM list (m.direct). Pure: no crypto and no network. The device decrypts the timeline entries and
 * feeds verification events to its crypto; this store only keeps what it was told.
 */
import type { MatrixEvent } from '../homeserver/types';
import type { Membership, RoomView, TimelineEntry } from './types';

export const MEGOLM = 'm.megolm.v1.aes-sha2';

export interface RoomState {
	view: RoomView;
	powerLevels: Record<string, unknown>;
	/** Raw encrypted events that failed to decrypt, by event id, to retry when keys arrive. */
	undecrypted: Map<string, MatrixEvent>;
}

export interface PendingInvite {
	roomId: string;
	inviter: string;
	name: string;
	isDirect: boolean;
}

/** m.direct: the DM rooms with each person. */
export type DirectRooms = Record<string, string[]>;

const isActive = (m: { membership: Membership }) => m.membership === 'join' || m.membership === 'invite';

export class RoomStore {
	private readonly rooms = new Map<string, RoomState>();
	private readonly invites = new Map<string, PendingInvite>();
	private directRooms: DirectRooms = {};
	/** Rooms whose members (or encryption) changed since the device last updated the users its crypto tracks. */
	private readonly membersChanged = new Set<string>();

	constructor(private readonly userId: string) {}

	/** The room, created empty the first time it is mentioned. */
	room(roomId: string): RoomState {
		let room = this.rooms.get(roomId);
		if (!room) {
			room = {
				view: {
					roomId,
					name: '',
					joinRule: 'invite',
					historyVisibility: 'shared',
					isDirect: false,
					myMembership: 'join',
					members: [],
					encryptionLevel: 100,
					timeline: []
				},
				powerLevels: {},
				undecrypted: new Map()
			};
			this.rooms.set(roomId, room);
		}
		return room;
	}

	get(roomId: string): RoomState | undefined {
		return this.rooms.get(roomId);
	}

	all(): RoomState[] {
		return [...this.rooms.values()];
	}

	views(): RoomView[] {
		return this.all().map((r) => r.view);
	}

	/**
	 * Applies one state event. Returns true when it turned encryption on (the device then tells its crypto).
	 * Once on, encryption stays on: a later event that drops or changes the algorithm is ignored.
	 */
	applyState(room: RoomState, ev: MatrixEvent): boolean {
		const view = room.view;
		const c = ev.content;
		let encryptionTurnedOn = false;
		switch (ev.type) {
			case 'm.room.name':
				view.name = typeof c.name === 'string' ? c.name : '';
				break;
			case 'm.room.topic':
				view.topic = typeof c.topic === 'string' ? c.topic : undefined;
				break;
			case 'm.room.join_rules':
				view.joinRule = typeof c.join_rule === 'string' ? c.join_rule : 'invite';
				break;
			case 'm.room.history_visibility':
				view.historyVisibility = typeof c.history_visibility === 'string' ? c.history_visibility : 'shared';
				break;
			case 'm.room.encryption':
				if (!view.encryption && c.algorithm === MEGOLM) {
					view.encryption = MEGOLM;
					this.membersChanged.add(view.roomId);
					encryptionTurnedOn = true;
				}
				break;
			case 'm.room.power_levels':
				room.powerLevels = c;
				refreshPowerLevels(room);
				break;
			case 'm.room.member': {
				if (ev.state_key === undefined) break;
				const membership = (typeof c.membership === 'string' ? c.membership : 'leave') as Membership;
				const existing = view.members.find((m) => m.userId === ev.state_key);
				const displayName =
					typeof c.displayname === 'string' ? c.displayname : (existing?.displayName ?? ev.state_key);
				if (existing) {
					existing.membership = membership;
					existing.displayName = displayName;
				} else {
					view.members.push({ userId: ev.state_key, displayName, membership, powerLevel: 0 });
				}
				if (ev.state_key === this.userId) {
					view.myMembership = membership;
					if (c.is_direct === true) view.isDirect = true;
				}
				refreshPowerLevels(room);
				this.membersChanged.add(view.roomId);
				break;
			}
		}
		this.refreshDirect(view);
		return encryptionTurnedOn;
	}

	/** A timeline entry for a raw event, or undefined when the room already has it. Encrypted content stays as is. */
	newEntry(room: RoomState, ev: MatrixEvent): TimelineEntry | undefined {
		if (room.view.timeline.some((t) => t.eventId === ev.event_id)) return undefined;
		const entry: TimelineEntry = {
			eventId: ev.event_id,
			type: ev.type,
			sender: ev.sender,
			ts: ev.origin_server_ts,
			stateKey: ev.state_key,
			content: ev.content,
			encrypted: ev.type === 'm.room.encrypted'
		};
		if (entry.encrypted) {
			entry.sessionId = typeof ev.content.session_id === 'string' ? ev.content.session_id : undefined;
		}
		return entry;
	}

	/** The undecryptable events of every room, with their timeline entries, to try again. */
	undecrypted(): { room: RoomState; entry: TimelineEntry; ev: MatrixEvent }[] {
		const out: { room: RoomState; entry: TimelineEntry; ev: MatrixEvent }[] = [];
		for (const room of this.rooms.values()) {
			for (const [eventId, ev] of room.undecrypted) {
				const entry = room.view.timeline.find((t) => t.eventId === eventId);
				if (entry) out.push({ room, entry, ev });
			}
		}
		return out;
	}

	// Invites and DMs

	setInvite(roomId: string, inviteState: MatrixEvent[]): void {
		const me = inviteState.find((e) => e.type === 'm.room.member' && e.state_key === this.userId);
		const name = inviteState.find((e) => e.type === 'm.room.name')?.content.name;
		this.invites.set(roomId, {
			roomId,
			inviter: me?.sender ?? '',
			name: typeof name === 'string' ? name : '',
			isDirect: me?.content.is_direct === true
		});
	}

	invite(roomId: string): PendingInvite | undefined {
		return this.invites.get(roomId);
	}

	dropInvite(roomId: string): void {
		this.invites.delete(roomId);
	}

	pendingInvites(): PendingInvite[] {
		return [...this.invites.values()];
	}

	/**
	 * Takes m.direct as the server sent it. It is the user's own account data, written by any of their clients:
	 * entries that are not a list of room ids (`{"@bob": 5}`) are ignored, never trusted.
	 */
	setDirectRooms(content: unknown): void {
		const rooms: DirectRooms = {};
		if (typeof content === 'object' && content !== null && !Array.isArray(content)) {
			for (const [userId, roomIds] of Object.entries(content)) {
				if (!Array.isArray(roomIds)) continue;
				const valid = roomIds.filter((r): r is string => typeof r === 'string');
				if (valid.length > 0) rooms[userId] = valid;
			}
		}
		this.directRooms = rooms;
	}

	/** m.direct with this room added for this person (to upload; `setDirectRooms` once the server took it). */
	withDirectRoom(userId: string, roomId: string): DirectRooms {
		return { ...this.directRooms, [userId]: [...(this.directRooms[userId] ?? []), roomId] };
	}

	/** The DM with this user that both are still in (joined or invited), if there is one. */
	dmWith(userId: string): string | undefined {
		for (const roomId of this.directRooms[userId] ?? []) {
			const view = this.rooms.get(roomId)?.view;
			const other = view?.members.find((m) => m.userId === userId);
			if (view?.myMembership === 'join' && other && isActive(other)) return roomId;
		}
		return undefined;
	}

	// Who the crypto must know about

	/** The members of encrypted rooms whose membership changed since the last call (joined and invited). */
	takeUsersToTrack(trackUser: (userId: string) => boolean): string[] {
		const users = new Set<string>();
		for (const roomId of this.membersChanged) {
			const room = this.rooms.get(roomId);
			if (!room?.view.encryption) continue;
			for (const m of room.view.members) if (isActive(m) && trackUser(m.userId)) users.add(m.userId);
		}
		this.membersChanged.clear();
		return [...users];
	}

	/**
	 * Who receives the room key of a message sent now: the joined members, and the invited ones unless history is
	 * for joined members only; always this user (their other devices).
	 */
	recipients(room: RoomState, trackUser: (userId: string) => boolean): string[] {
		const visibility = room.view.historyVisibility;
		const recipients = room.view.members
			.filter(
				(m) =>
					(m.membership === 'join' || (m.membership === 'invite' && visibility !== 'joined')) &&
					trackUser(m.userId)
			)
			.map((m) => m.userId);
		if (!recipients.includes(this.userId)) recipients.push(this.userId);
		return recipients;
	}

	private refreshDirect(view: RoomView): void {
		for (const [userId, roomIds] of Object.entries(this.directRooms)) {
			if (roomIds.includes(view.roomId)) {
				view.isDirect = true;
				view.dmUserId = userId;
				return;
			}
		}
		if (view.isDirect && !view.dmUserId) {
			view.dmUserId = view.members.find((m) => m.userId !== this.userId)?.userId;
		}
	}
}

function refreshPowerLevels(room: RoomState): void {
	const pl = room.powerLevels;
	const users = (pl.users ?? {}) as Record<string, number>;
	const usersDefault = typeof pl.users_default === 'number' ? pl.users_default : 0;
	for (const m of room.view.members) m.powerLevel = users[m.userId] ?? usersDefault;
	const events = (pl.events ?? {}) as Record<string, number>;
	const stateDefault = typeof pl.state_default === 'number' ? pl.state_default : 50;
	room.view.encryptionLevel = events['m.room.encryption'] ?? stateDefault;
}
