/**
 * One room: its events in stream order and its current state. Pure bookkeeping; the rules for who may change
 * what are in `rooms.ts`, the rules for who may see what in `timeline.ts`.
 */
import type { Audience } from './compromise';
import { own, type JsonObject } from './json';
import type { Realm } from './model';
import { parsePowerLevels, type PowerLevels } from './power-levels';
import type { MatrixEvent } from './types';

export type Membership = 'join' | 'invite' | 'leave' | 'ban' | 'knock';

/** A room event as stored: no `unsigned` (that is computed per viewer), content known to be JSON. */
export interface RoomEvent extends Omit<MatrixEvent, 'content' | 'unsigned'> {
	content: JsonObject;
}

export interface StoredEvent {
	readonly pos: number;
	readonly event: RoomEvent;
	/** The device that sent it: its own sync gets `unsigned.transaction_id`. */
	readonly origin: { readonly deviceId: string; readonly realm: Realm; readonly txnId?: string };
	/** Set for messages sent during a compromise (see `compromise.ts`). */
	readonly audience?: Audience;
	/** The `m.room.redaction` that redacted this message: it is then served without its content. */
	redactedBecause?: RoomEvent;
}

const stateKeyOf = (type: string, stateKey: string) => JSON.stringify([type, stateKey]);

export const isStateEvent = (e: StoredEvent): boolean => e.event.state_key !== undefined;

/** The membership an `m.room.member` event sets for `userId`, or undefined for any other event. */
export function membershipSetBy(e: StoredEvent, userId: string): Membership | undefined {
	if (e.event.type !== 'm.room.member' || e.event.state_key !== userId) return undefined;
	const membership = own(e.event.content, 'membership');
	return typeof membership === 'string' ? (membership as Membership) : undefined;
}

/** A member's receipt of one type (spec: `m.receipt`): the event they got to, when, and at which stream position. */
export interface Receipt {
	eventId: string;
	ts: number;
	pos: number;
}

/** A room as stored: its events and what hangs on it; the current state is computed again from the events. */
export interface RoomState {
	roomId: string;
	events: StoredEvent[];
	receipts: Map<string, Map<string, Receipt>>;
	typing: Map<string, number>;
	typingPos: number;
	accountData: Map<string, Map<string, { content: JsonObject; pos: number }>>;
}

export class Room {
	readonly events: StoredEvent[] = [];
	private readonly current = new Map<string, StoredEvent>();
	/** Receipts by user, then by receipt type (`m.read`, `m.read.private`). */
	readonly receipts = new Map<string, Map<string, Receipt>>();
	/** Who is typing, until when (ms since the epoch); `typingPos` is the stream position of the last change. */
	readonly typing = new Map<string, number>();
	typingPos = 0;
	/** The room's account data per user (`m.fully_read`), each entry at its stream position. */
	readonly accountData = new Map<string, Map<string, { content: JsonObject; pos: number }>>();

	constructor(readonly roomId: string) {}

	persist(): RoomState {
		const { roomId, events, receipts, typing, typingPos, accountData } = this;
		return { roomId, events, receipts, typing, typingPos, accountData };
	}

	static restore(s: RoomState): Room {
		const room = new Room(s.roomId);
		for (const stored of s.events) room.append(stored);
		for (const [userId, receipts] of s.receipts) room.receipts.set(userId, receipts);
		for (const [userId, until] of s.typing) room.typing.set(userId, until);
		room.typingPos = s.typingPos;
		for (const [userId, data] of s.accountData) room.accountData.set(userId, data);
		return room;
	}

	append(stored: StoredEvent): void {
		this.events.push(stored);
		const { type, state_key } = stored.event;
		if (state_key !== undefined) this.current.set(stateKeyOf(type, state_key), stored);
	}

	/** An event by id (a linear search: rooms in a course are small). */
	event(eventId: string): StoredEvent | undefined {
		return this.events.find((e) => e.event.event_id === eventId);
	}

	stateEvent(type: string, stateKey = ''): StoredEvent | undefined {
		return this.current.get(stateKeyOf(type, stateKey));
	}

	stateContent(type: string, stateKey = ''): JsonObject | undefined {
		return this.stateEvent(type, stateKey)?.event.content;
	}

	currentState(): StoredEvent[] {
		return [...this.current.values()].sort((a, b) => a.pos - b.pos);
	}

	/** The state as it was after every event up to and including `pos`. */
	stateAt(pos: number): StoredEvent[] {
		const state = new Map<string, StoredEvent>();
		for (const e of this.events) {
			if (e.pos > pos) break;
			if (e.event.state_key !== undefined) state.set(stateKeyOf(e.event.type, e.event.state_key), e);
		}
		return [...state.values()].sort((a, b) => a.pos - b.pos);
	}

	membership(userId: string): Membership | undefined {
		const event = this.stateEvent('m.room.member', userId);
		return event && membershipSetBy(event, userId);
	}

	/** `userId`'s membership after every event up to and including `pos`. */
	membershipAt(userId: string, pos: number): Membership | undefined {
		let membership: Membership | undefined;
		for (const e of this.events) {
			if (e.pos > pos) break;
			membership = membershipSetBy(e, userId) ?? membership;
		}
		return membership;
	}

	/** Every user with a membership event, and their current membership. */
	members(): [string, Membership][] {
		return this.currentState().flatMap((e) => {
			const userId = e.event.state_key;
			const membership = userId === undefined ? undefined : membershipSetBy(e, userId);
			return userId !== undefined && membership ? [[userId, membership] as [string, Membership]] : [];
		});
	}

	usersWith(...memberships: Membership[]): Set<string> {
		return new Set(this.members().flatMap(([userId, m]) => (memberships.includes(m) ? [userId] : [])));
	}

	powerLevels(): PowerLevels {
		return parsePowerLevels(this.stateContent('m.room.power_levels') ?? {});
	}

	/** The encryption algorithm, once the room is encrypted. */
	get encryptionAlgorithm(): string | undefined {
		const algorithm = own(this.stateContent('m.room.encryption') ?? {}, 'algorithm');
		return typeof algorithm === 'string' ? algorithm : undefined;
	}

	get name(): string | undefined {
		const name = own(this.stateContent('m.room.name') ?? {}, 'name');
		return typeof name === 'string' ? name : undefined;
	}

	get joinRule(): string | undefined {
		const rule = own(this.stateContent('m.room.join_rules') ?? {}, 'join_rule');
		return typeof rule === 'string' ? rule : undefined;
	}
}
