/**
 * Rooms: creation, membership, sending messages and state, and reading them back. Every write checks the rules
 * (membership, power levels, the encryption rule) before it changes anything.
 */
import type { Accounts } from './accounts';
import { audienceFor, type CompromiseSpec } from './compromise';
import type { DeviceListTracker } from './device-lists';
import { badJson, forbidden, invalidParam, notFound, tooLarge } from './errors';
import type { IdGenerator } from './ids';
import { jsonBytes, MAX_EVENT_BYTES, own, type JsonObject } from './json';
import type { Device } from './model';
import {
	initialPowerLevels,
	parsePowerLevels,
	powerLevelsChangeError,
	requiredLevel,
	userLevel
} from './power-levels';
import { isStateEvent, Room, type Receipt, type RoomState, type StoredEvent } from './room';
import type { Stream } from './stream';
import { serveEvent, visibleWindow } from './timeline';
import type { Clock } from './types';
import {
	asObject,
	isRoomId,
	optionalArray,
	optionalBoolean,
	optionalEnum,
	optionalInteger,
	optionalObject,
	optionalString,
	optionalStringArray,
	queryEnum,
	queryInteger,
	requireBoolean,
	requireObject,
	requireString,
	requireUserId
} from './validation';

const HISTORY_VISIBILITIES = ['invited', 'joined', 'shared', 'world_readable'] as const;
const RECEIPT_TYPES: readonly string[] = ['m.read', 'm.read.private', 'm.fully_read'];
/** The longest a typing notice lasts without being renewed (Synapse caps a client's timeout likewise). */
const TYPING_TIMEOUT_MS = 30_000;
const PRESETS = ['private_chat', 'public_chat', 'trusted_private_chat'] as const;
/** State the membership endpoints and room creation own: setting it directly would bypass their rules. */
const MANAGED_STATE = new Set(['m.room.create', 'm.room.member']);

export interface RoomDeps {
	clock: Clock;
	ids: IdGenerator;
	stream: Stream;
	accounts: Accounts;
	deviceLists: DeviceListTracker;
	compromise: () => CompromiseSpec | undefined;
}

interface NewState {
	type: string;
	stateKey: string;
	content: JsonObject;
}

export class RoomService {
	private readonly byId = new Map<string, Room>();

	constructor(private readonly deps: RoomDeps) {}

	persist(): RoomState[] {
		return [...this.byId.values()].map((room) => room.persist());
	}

	restore(rooms: readonly RoomState[]): void {
		for (const state of rooms) this.byId.set(state.roomId, Room.restore(state));
	}

	room(roomId: string): Room | undefined {
		return this.byId.get(roomId);
	}

	all(): Room[] {
		return [...this.byId.values()];
	}

	/** Rooms in which `userId` has any membership (joined, invited, left …). */
	roomsOf(userId: string): Room[] {
		return this.all().filter((room) => room.membership(userId) !== undefined);
	}

	/** Users who share a room with `userId`, counting invites as sharing (clients encrypt to invitees too). */
	sharedWith(userId: string): Set<string> {
		const shared = new Set<string>();
		for (const room of this.all()) {
			const present = room.usersWith('join', 'invite');
			if (present.has(userId)) for (const other of present) shared.add(other);
		}
		shared.delete(userId);
		return shared;
	}

	// --- writes ---

	create(creator: Device, body: JsonObject): string {
		const name = optionalString(body, 'name');
		const topic = optionalString(body, 'topic');
		const visibility = optionalEnum(body, 'visibility', ['public', 'private']);
		const preset =
			optionalEnum(body, 'preset', PRESETS) ?? (visibility === 'public' ? 'public_chat' : 'private_chat');
		const isDirect = optionalBoolean(body, 'is_direct') ?? false;
		const invitees = [...new Set(optionalStringArray(body, 'invite') ?? [])].filter(
			(u) => u !== creator.userId
		);
		for (const userId of invitees) this.requireUser(requireUserId(userId, 'invitee'));
		const initialState = (optionalArray(body, 'initial_state') ?? []).map((item, i) => {
			const json = asObject(item, `initial_state[${i}]`);
			const state = {
				type: requireString(json, 'type'),
				stateKey: optionalString(json, 'state_key') ?? '',
				content: requireObject(json, 'content')
			};
			if (MANAGED_STATE.has(state.type) || state.type === 'm.room.power_levels') {
				throw invalidParam(`initial_state cannot set ${state.type}; use the dedicated fields.`);
			}
			checkEventSize(state.type, state.content);
			checkUserStateKey(state.stateKey, creator);
			validateStateContent(state.type, state.content);
			return state;
		});
		const creationContent = optionalObject(body, 'creation_content') ?? {};
		const powerLevels = {
			...initialPowerLevels(creator.userId, preset === 'trusted_private_chat' ? invitees : []),
			...(optionalObject(body, 'power_level_content_override') ?? {})
		};
		parsePowerLevels(powerLevels);
		// Every event the request makes is held to the event size limit before anything is created.
		checkEventSize('m.room.create', creationContent);
		checkEventSize('m.room.power_levels', powerLevels);
		if (name !== undefined) checkEventSize('m.room.name', { name });
		if (topic !== undefined) checkEventSize('m.room.topic', { topic });

		let roomId: string;
		do roomId = this.deps.ids.roomId();
		while (this.byId.has(roomId));
		const room = new Room(roomId);
		this.byId.set(roomId, room);
		const state = (type: string, content: JsonObject, stateKey = '') =>
			this.emit(room, creator, type, content, stateKey);
		state('m.room.create', { ...creationContent, creator: creator.userId, room_version: '10' });
		this.setMembership(room, creator, creator.userId, 'join');
		state('m.room.power_levels', powerLevels);
		state('m.room.join_rules', { join_rule: preset === 'public_chat' ? 'public' : 'invite' });
		state('m.room.history_visibility', { history_visibility: 'shared' });
		if (name !== undefined) state('m.room.name', { name });
		if (topic !== undefined) state('m.room.topic', { topic });
		for (const { type, stateKey, content } of initialState) state(type, content, stateKey);
		for (const userId of invitees)
			this.setMembership(room, creator, userId, 'invite', isDirect ? { is_direct: true } : {});
		return roomId;
	}

	invite(inviter: Device, roomId: string, body: JsonObject): void {
		const userId = requireUserId(requireString(body, 'user_id'));
		const room = this.joinedRoom(inviter, roomId);
		this.requireUser(userId);
		const pl = room.powerLevels();
		if (userLevel(pl, inviter.userId) < pl.levels.invite) {
			throw forbidden('Your power level is too low to invite.');
		}
		const current = room.membership(userId);
		if (current === 'join' || current === 'ban')
			throw forbidden(`${userId} is ${current === 'join' ? 'already in' : 'banned from'} the room.`);
		if (current !== 'invite') this.setMembership(room, inviter, userId, 'invite');
	}

	/** Joins by room id (aliases are not supported). Allowed when invited or the room is public. */
	join(device: Device, roomIdOrAlias: string): string {
		if (roomIdOrAlias.startsWith('#'))
			throw notFound('Room aliases are not supported by the simulated server.');
		if (!isRoomId(roomIdOrAlias)) throw invalidParam(`Invalid room id ${JSON.stringify(roomIdOrAlias)}.`);
		const room = this.requireRoom(roomIdOrAlias);
		const current = room.membership(device.userId);
		if (current === 'join') return room.roomId;
		if (current === 'ban') throw forbidden('You are banned from this room.');
		if (current !== 'invite' && room.joinRule !== 'public')
			throw forbidden('You are not invited to this room.');
		this.setMembership(room, device, device.userId, 'join');
		return room.roomId;
	}

	/** Leaves a room, or rejects an invite. */
	leave(device: Device, roomId: string): void {
		const room = this.requireRoom(roomId);
		const current = room.membership(device.userId);
		if (current !== 'join' && current !== 'invite') throw forbidden('You are not in this room.');
		this.setMembership(room, device, device.userId, 'leave');
	}

	send(device: Device, roomId: string, type: string, txnId: string, content: JsonObject): string {
		checkEventSize(type, content);
		const room = this.joinedRoom(device, roomId);
		const pl = room.powerLevels();
		if (userLevel(pl, device.userId) < requiredLevel(pl, type, false)) {
			throw forbidden(`Your power level is too low to send ${type}.`);
		}
		return this.emit(room, device, type, content, undefined, txnId).event.event_id;
	}

	setState(device: Device, roomId: string, change: NewState): string {
		const { type, stateKey, content } = change;
		checkEventSize(type, content);
		if (MANAGED_STATE.has(type))
			throw invalidParam(`${type} cannot be set directly; use the membership endpoints.`);
		validateStateContent(type, content);
		const room = this.joinedRoom(device, roomId);
		checkUserStateKey(stateKey, device);
		const pl = room.powerLevels();
		if (userLevel(pl, device.userId) < requiredLevel(pl, type, true)) {
			throw forbidden(`Your power level is too low to set ${type}.`);
		}
		if (type === 'm.room.power_levels') {
			const error = powerLevelsChangeError(pl, parsePowerLevels(content), device.userId);
			if (error) throw forbidden(error);
		}
		const algorithm = room.encryptionAlgorithm;
		if (type === 'm.room.encryption' && algorithm !== undefined && own(content, 'algorithm') !== algorithm) {
			throw forbidden('Encryption cannot be disabled once enabled.');
		}
		return this.emit(room, device, type, content, stateKey).event.event_id;
	}

	/**
	 * Redacts a message: an `m.room.redaction` (with `redacts` at the top level, room version 10) and the message
	 * served without its content from now on. Its sender may redact it, others need the `redact` power level.
	 * State events cannot be redacted here (their essential keys would have to stay).
	 */
	redact(device: Device, roomId: string, eventId: string, txnId: string, body: JsonObject): string {
		const reason = optionalString(body, 'reason');
		const room = this.joinedRoom(device, roomId);
		const target = room.event(eventId);
		if (!target) throw notFound(`Event ${eventId} not found.`);
		if (isStateEvent(target)) throw invalidParam('State events cannot be redacted on this server.');
		const pl = room.powerLevels();
		const level = userLevel(pl, device.userId);
		if (level < requiredLevel(pl, 'm.room.redaction', false))
			throw forbidden('Your power level is too low to send m.room.redaction.');
		if (target.event.sender !== device.userId && level < pl.levels.redact)
			throw forbidden("Your power level is too low to redact others' events.");
		const content: JsonObject = { redacts: eventId, ...(reason !== undefined && { reason }) };
		checkEventSize('m.room.redaction', content);
		const redaction = this.emit(room, device, 'm.room.redaction', content, undefined, txnId, eventId);
		target.redactedBecause ??= redaction.event;
		return redaction.event.event_id;
	}

	/** One event, if the caller may see it (spec: 404 for an event the user may not see). */
	event(device: Device, roomId: string, eventId: string): Record<string, unknown> {
		const room = this.joinedRoom(device, roomId);
		const { timeline, stateBefore } = visibleWindow(room, device, { upTo: this.deps.stream.position });
		const found = [...timeline, ...stateBefore].find((e) => e.event.event_id === eventId);
		if (!found) throw notFound(`Event ${eventId} not found.`);
		return serveEvent(found, device, true);
	}

	/**
	 * Receipts, read markers and typing notices: checked (joined, a known receipt type, an event of the room, one's
	 * own typing), kept on the room and delivered in /sync as the room's ephemeral events (`m.receipt`, `m.typing`)
	 * and, for `m.fully_read`, as the user's room account data. Each change is a step of the stream, so a waiting
	 * long poll answers at once.
	 */
	acknowledgeEphemeral(
		device: Device,
		roomId: string,
		what:
			| { kind: 'receipt'; receiptType: string; eventId: string }
			| { kind: 'readMarkers'; body: JsonObject }
			| { kind: 'typing'; userId: string; body: JsonObject }
	): void {
		const room = this.joinedRoom(device, roomId);
		const requireEvent = (eventId: string) => {
			if (!room.event(eventId)) throw notFound(`Event ${eventId} not found.`);
		};
		switch (what.kind) {
			case 'receipt':
				if (!RECEIPT_TYPES.includes(what.receiptType))
					throw invalidParam(`Unknown receipt type ${what.receiptType}.`);
				requireEvent(what.eventId);
				return this.markRead(room, device.userId, what.receiptType, what.eventId);
			case 'readMarkers': {
				const marks: [string, string][] = [];
				for (const field of RECEIPT_TYPES) {
					const eventId = optionalString(what.body, field);
					if (eventId !== undefined) {
						requireEvent(eventId);
						marks.push([field, eventId]);
					}
				}
				for (const [type, eventId] of marks) this.markRead(room, device.userId, type, eventId);
				return;
			}
			case 'typing': {
				if (what.userId !== device.userId) throw forbidden('You can only set your own typing state.');
				const typing = requireBoolean(what.body, 'typing');
				const timeout = optionalInteger(what.body, 'timeout', 0) ?? TYPING_TIMEOUT_MS;
				if (typing)
					room.typing.set(device.userId, this.deps.clock.now() + Math.min(timeout, TYPING_TIMEOUT_MS));
				else room.typing.delete(device.userId);
				room.typingPos = this.deps.stream.next();
				return;
			}
		}
	}

	/** A receipt (`m.read`, `m.read.private`) or the read marker (`m.fully_read`, room account data). */
	private markRead(room: Room, userId: string, type: string, eventId: string): void {
		const pos = this.deps.stream.next();
		if (type === 'm.fully_read') {
			const data = room.accountData.get(userId) ?? new Map<string, { content: JsonObject; pos: number }>();
			data.set(type, { content: { event_id: eventId }, pos });
			room.accountData.set(userId, data);
			return;
		}
		const receipts = room.receipts.get(userId) ?? new Map<string, Receipt>();
		receipts.set(type, { eventId, ts: this.deps.clock.now(), pos });
		room.receipts.set(userId, receipts);
	}

	/** A new display name reaches the rooms the user is in as a fresh `m.room.member` event (as Synapse does). */
	profileChanged(device: Device): void {
		for (const room of this.roomsOf(device.userId)) {
			if (room.membership(device.userId) === 'join') this.setMembership(room, device, device.userId, 'join');
		}
	}

	// --- reads (joined members only) ---

	joinedRoom(device: Device, roomId: string): Room {
		const room = this.requireRoom(roomId);
		if (room.membership(device.userId) !== 'join') throw forbidden(`You are not joined to ${roomId}.`);
		return room;
	}

	state(device: Device, roomId: string): Record<string, unknown>[] {
		return this.joinedRoom(device, roomId)
			.currentState()
			.map((e) => serveEvent(e, device, true));
	}

	stateContent(device: Device, roomId: string, type: string, stateKey: string): JsonObject {
		const content = this.joinedRoom(device, roomId).stateContent(type, stateKey);
		if (!content) throw notFound(`No ${type} state with key ${JSON.stringify(stateKey)}.`);
		return content;
	}

	joinedMembers(device: Device, roomId: string): Record<string, unknown> {
		const room = this.joinedRoom(device, roomId);
		const joined = [...room.usersWith('join')].map((userId) => {
			const displayName = own(room.stateContent('m.room.member', userId) ?? {}, 'displayname');
			return [userId, { display_name: typeof displayName === 'string' ? displayName : null }];
		});
		return { joined: Object.fromEntries(joined) };
	}

	members(device: Device, roomId: string): Record<string, unknown> {
		const room = this.joinedRoom(device, roomId);
		const memberEvents = room.currentState().filter((e) => e.event.type === 'm.room.member');
		return { chunk: memberEvents.map((e) => serveEvent(e, device, true)) };
	}

	/** A simple /messages: `dir` b (default) or f, `limit` (default 10), `from` a stream token. */
	messages(device: Device, roomId: string, query: ReadonlyMap<string, string>): Record<string, unknown> {
		const dir = queryEnum(query, 'dir', ['b', 'f']) ?? 'b';
		const limit = queryInteger(query, 'limit', 1, 1000) ?? 10;
		const fromToken = query.get('from');
		const now = this.deps.stream.position;
		const from =
			fromToken === undefined ? (dir === 'b' ? now : 0) : this.deps.stream.parse(fromToken, 'from');
		const room = this.joinedRoom(device, roomId);
		const { timeline } = visibleWindow(room, device, { upTo: now });
		const page =
			dir === 'b'
				? timeline
						.filter((e) => e.pos <= from)
						.reverse()
						.slice(0, limit)
				: timeline.filter((e) => e.pos > from).slice(0, limit);
		const last = page.at(-1);
		const end =
			last && page.length === limit
				? this.deps.stream.token(dir === 'b' ? last.pos - 1 : last.pos)
				: undefined;
		return {
			chunk: page.map((e) => serveEvent(e, device, true)),
			start: this.deps.stream.token(from),
			...(end && { end })
		};
	}

	// --- internals ---

	private requireRoom(roomId: string): Room {
		const room = this.byId.get(roomId);
		if (!room) throw notFound(`Room ${roomId} not found.`);
		return room;
	}

	private requireUser(userId: string): void {
		if (!this.deps.accounts.user(userId)) throw notFound(`User ${userId} not found.`);
	}

	/** Writes a membership event and reports whom `userId` newly shares (or no longer shares) a room with. */
	private setMembership(
		room: Room,
		sender: Device,
		userId: string,
		membership: 'join' | 'invite' | 'leave',
		extra: JsonObject = {}
	): void {
		const before = this.sharedWith(userId);
		const displayname = this.deps.accounts.user(userId)?.displayName ?? userId;
		this.emit(room, sender, 'm.room.member', { ...extra, membership, displayname }, userId);
		this.deps.deviceLists.sharingChanged(userId, before, this.sharedWith(userId));
	}

	private emit(
		room: Room,
		sender: Device,
		type: string,
		content: JsonObject,
		stateKey: string | undefined,
		txnId?: string,
		redacts?: string
	): StoredEvent {
		const { clock, ids, stream, compromise } = this.deps;
		const stored: StoredEvent = {
			pos: stream.next(),
			event: {
				event_id: ids.eventId(),
				type,
				sender: sender.userId,
				room_id: room.roomId,
				origin_server_ts: clock.now(),
				content,
				...(stateKey !== undefined && { state_key: stateKey }),
				...(redacts !== undefined && { redacts })
			},
			origin: { deviceId: sender.deviceId, realm: sender.realm, ...(txnId !== undefined && { txnId }) },
			...(stateKey === undefined && { audience: audienceFor(compromise(), sender, room.usersWith('join')) })
		};
		room.append(stored);
		return stored;
	}
}

function checkEventSize(type: string, content: JsonObject): void {
	if (type === '' || type.length > 255) throw invalidParam('Event types must be 1 to 255 characters.');
	// The content's size (the event around it adds a few hundred bytes).
	if (jsonBytes(content) > MAX_EVENT_BYTES) throw tooLarge('Event too large.');
}

/** A state key that is a user id belongs to that user: only they may set it (spec: room versions, auth rules). */
function checkUserStateKey(stateKey: string, device: Device): void {
	if (stateKey.startsWith('@') && stateKey !== device.userId) {
		throw forbidden('State keys that are user ids belong to that user.');
	}
}

/** Content rules for the state events the server itself interprets. */
function validateStateContent(type: string, content: JsonObject): void {
	const requireStringField = (field: string) => {
		if (typeof own(content, field) !== 'string') throw badJson(`${type} needs a string '${field}'.`);
	};
	switch (type) {
		case 'm.room.encryption':
			return requireStringField('algorithm');
		case 'm.room.join_rules':
			return requireStringField('join_rule');
		case 'm.room.name':
			return requireStringField('name');
		case 'm.room.topic':
			return requireStringField('topic');
		case 'm.room.history_visibility': {
			const value = own(content, 'history_visibility');
			if (!HISTORY_VISIBILITIES.some((v) => v === value)) {
				throw badJson(`history_visibility must be one of ${HISTORY_VISIBILITIES.join(', ')}.`);
			}
			return;
		}
		case 'm.room.power_levels':
			parsePowerLevels(content);
	}
}
