/**
 * `GET /sync` for one device: rooms (joined, invited, left), to-device messages, device-list changes, one-time key
 * counts, unused fallback key types and account data, everything since the client's `since` position.
 * The core answers at once: `timeout` is checked and left to whoever serves it (the classroom server long-polls by
 * asking again when the stream moves, see `Homeserver.onChange`). A filter's `room.timeline.limit` and `room.rooms` are honoured.
 */
import type { Accounts } from './accounts';
import type { DeviceListTracker } from './device-lists';
import { filterFromQuery, type SyncFilter } from './filters';
import type { KeyService } from './keys';
import type { Device } from './model';
import { isStateEvent, type Room, type StoredEvent } from './room';
import type { RoomService } from './rooms';
import type { Stream } from './stream';
import type { Clock } from './types';
import { serveEvent, strippedEvent, visibleWindow } from './timeline';
import type { ToDeviceService } from './to-device';
import { queryEnum, queryInteger } from './validation';

/** The state an invitee is shown before joining (spec: stripped state of the room). */
const INVITE_STATE_TYPES = [
	'm.room.create',
	'm.room.name',
	'm.room.avatar',
	'm.room.topic',
	'm.room.canonical_alias',
	'm.room.encryption',
	'm.room.join_rules'
];
const MAX_HEROES = 5;

export interface SyncDeps {
	clock: Clock;
	stream: Stream;
	accounts: Accounts;
	rooms: RoomService;
	toDevice: ToDeviceService;
	keys: KeyService;
	deviceLists: DeviceListTracker;
}

interface SyncWindow {
	device: Device;
	filter: SyncFilter;
	/** Undefined for an initial sync. */
	since: number | undefined;
	now: number;
	fullState: boolean;
}

export class SyncService {
	constructor(private readonly deps: SyncDeps) {}

	sync(device: Device, query: ReadonlyMap<string, string>): Record<string, unknown> {
		const { stream, accounts, toDevice, keys, deviceLists } = this.deps;
		const sinceToken = query.get('since');
		const since = sinceToken === undefined ? undefined : stream.parse(sinceToken);
		queryInteger(query, 'timeout', 0);
		const fullState = queryEnum(query, 'full_state', ['true', 'false']) === 'true';
		const filter = filterFromQuery(query.get('filter'), (id) => accounts.filter(device, device.userId, id));

		toDevice.releaseDue(device);
		const window: SyncWindow = { device, filter, since, now: stream.position, fullState };
		const accountData = [...(accounts.user(device.userId)?.accountData ?? [])]
			.filter(([, entry]) => since === undefined || entry.pos > since)
			.map(([type, entry]) => ({ type, content: entry.content }));
		return {
			next_batch: stream.token(window.now),
			rooms: this.rooms(window),
			to_device: { events: toDevice.deliver(device, since) },
			device_lists: deviceLists.changesSince(device.userId, since),
			device_one_time_keys_count: keys.oneTimeKeyCounts(device),
			device_unused_fallback_key_types: keys.unusedFallbackKeyTypes(device),
			account_data: { events: accountData },
			presence: { events: [] }
		};
	}

	private rooms(w: SyncWindow): Record<string, unknown> {
		const join: [string, unknown][] = [];
		const invite: [string, unknown][] = [];
		const leave: [string, unknown][] = [];
		const userId = w.device.userId;
		const only = w.filter.rooms && new Set(w.filter.rooms);
		for (const room of this.deps.rooms.roomsOf(userId)) {
			if (only && !only.has(room.roomId)) continue;
			const ownEvent = room.stateEvent('m.room.member', userId);
			const changedSince = w.since === undefined || (ownEvent !== undefined && ownEvent.pos > w.since);
			switch (room.membership(userId)) {
				case 'join': {
					const joined = this.joinedRoom(room, w);
					if (joined) join.push([room.roomId, joined]);
					break;
				}
				case 'invite':
					if (changedSince) invite.push([room.roomId, this.invitedRoom(room, userId)]);
					break;
				case 'leave':
				case 'ban':
					// Only the news of leaving: an initial sync leaves left rooms out (as with Synapse's default filter).
					if (w.since !== undefined && changedSince && ownEvent) {
						leave.push([room.roomId, this.leftRoom(room, w, ownEvent)]);
					}
					break;
			}
		}
		return {
			join: Object.fromEntries(join),
			invite: Object.fromEntries(invite),
			leave: Object.fromEntries(leave)
		};
	}

	/** A room new to this device (initial sync, or joined since) gets its state and visible history. */
	private joinedRoom(room: Room, w: SyncWindow): Record<string, unknown> | undefined {
		const isNew = w.since === undefined || room.membershipAt(w.device.userId, w.since) !== 'join';
		const { stateBefore, timeline } = visibleWindow(room, w.device, {
			after: isNew ? undefined : w.since,
			upTo: w.now
		});
		const withState = isNew || w.fullState;
		const after = isNew ? undefined : w.since;
		const ephemeral = ephemeralEvents(room, w.device.userId, after, this.deps.clock.now());
		const accountData = [...(room.accountData.get(w.device.userId) ?? [])]
			.filter(([, entry]) => after === undefined || entry.pos > after)
			.map(([type, entry]) => ({ type, content: entry.content }));
		if (!withState && timeline.length === 0 && ephemeral.length === 0 && accountData.length === 0)
			return undefined;
		const { kept, dropped } = limitTimeline(timeline, w.filter.timelineLimit);
		// What the left-out events changed belongs in `state`, so that state + timeline still end at the room's state.
		const state = latestState([...(withState ? stateBefore : []), ...dropped.filter(isStateEvent)]);
		return {
			timeline: this.timeline(kept, w, dropped.length > 0),
			state: { events: state.map((e) => serveEvent(e, w.device, false)) },
			account_data: { events: accountData },
			ephemeral: { events: ephemeral },
			summary: summary(room, w.device.userId),
			unread_notifications: { notification_count: 0, highlight_count: 0 }
		};
	}

	private invitedRoom(room: Room, userId: string): Record<string, unknown> {
		const state = INVITE_STATE_TYPES.flatMap((type) => room.stateEvent(type) ?? []);
		const inviteEvent = room.stateEvent('m.room.member', userId);
		if (inviteEvent) state.push(inviteEvent);
		return { invite_state: { events: state.map(strippedEvent) } };
	}

	/** What happened between `since` and the device's user leaving, the leave event included. */
	private leftRoom(room: Room, w: SyncWindow, leaveEvent: StoredEvent): Record<string, unknown> {
		const { timeline } = visibleWindow(room, w.device, { after: w.since, upTo: leaveEvent.pos });
		const { kept, dropped } = limitTimeline(timeline, w.filter.timelineLimit);
		return {
			timeline: this.timeline(kept, w, dropped.length > 0),
			state: { events: latestState(dropped.filter(isStateEvent)).map((e) => serveEvent(e, w.device, false)) },
			account_data: { events: [] }
		};
	}

	private timeline(events: StoredEvent[], w: SyncWindow, limited: boolean): Record<string, unknown> {
		const first = events[0]?.pos ?? w.now + 1;
		return {
			events: events.map((e) => serveEvent(e, w.device, false)),
			limited,
			prev_batch: this.deps.stream.token(first - 1)
		};
	}
}

/**
 * A room's ephemeral events for one user since `after` (everything, for a room new to them): the receipts that
 * changed (`m.read.private` only the user's own) and, when someone started or stopped typing, who types now.
 */
function ephemeralEvents(
	room: Room,
	userId: string,
	after: number | undefined,
	now: number
): { type: string; content: Record<string, unknown> }[] {
	const events: { type: string; content: Record<string, unknown> }[] = [];
	const receipts: Record<string, Record<string, Record<string, { ts: number }>>> = {};
	for (const [reader, byType] of room.receipts) {
		for (const [type, receipt] of byType) {
			if (after !== undefined && receipt.pos <= after) continue;
			if (type === 'm.read.private' && reader !== userId) continue;
			((receipts[receipt.eventId] ??= {})[type] ??= {})[reader] = { ts: receipt.ts };
		}
	}
	if (Object.keys(receipts).length) events.push({ type: 'm.receipt', content: receipts });
	if (after === undefined || room.typingPos > after) {
		const typing = [...room.typing].filter(([, until]) => until > now).map(([who]) => who);
		if (after !== undefined || typing.length)
			events.push({ type: 'm.typing', content: { user_ids: typing } });
	}
	return events;
}

/** The last `limit` events, and the ones left out before them. */
function limitTimeline(
	events: StoredEvent[],
	limit: number | undefined
): { kept: StoredEvent[]; dropped: StoredEvent[] } {
	if (limit === undefined || events.length <= limit) return { kept: events, dropped: [] };
	const cut = events.length - limit;
	return { kept: events.slice(cut), dropped: events.slice(0, cut) };
}

/** The last event of each (type, state key), in stream order. */
function latestState(events: StoredEvent[]): StoredEvent[] {
	const byKey = new Map<string, StoredEvent>();
	for (const e of events) byKey.set(JSON.stringify([e.event.type, e.event.state_key]), e);
	return [...byKey.values()].sort((a, b) => a.pos - b.pos);
}

function summary(room: Room, userId: string): Record<string, unknown> {
	const joined = room.usersWith('join');
	const invited = room.usersWith('invite');
	const heroes = [...joined, ...invited]
		.filter((u) => u !== userId)
		.sort()
		.slice(0, MAX_HEROES);
	return { 'm.joined_member_count': joined.size, 'm.invited_member_count': invited.size, 'm.heroes': heroes };
}
