/**
 * Who sees which room events: history visibility (spec §"History visibility") plus the compromise's split
 * audience, and how an event is served to one device.
 *
 * History visibility decides where a user's view of a room starts and which messages they see. State events from
 * that start on are always included, so that the state a client folds from `state` + `timeline` ends at the room's
 * current state (a state change while the user was away is shown, its neighbouring messages are not).
 */
import { canSee } from './compromise';
import { own } from './json';
import type { Device } from './model';
import { isStateEvent, membershipSetBy, type Membership, type Room, type StoredEvent } from './room';

export interface RoomWindow {
	/** The state before the first event of `timeline` (or at `after`). */
	stateBefore: StoredEvent[];
	timeline: StoredEvent[];
}

/**
 * The events of `room` a device may see, up to `upTo`: after `after` if given (the user already saw the room up
 * to there), else from where the user's history visibility lets them start.
 */
export function visibleWindow(
	room: Room,
	viewer: Device,
	opts: { after?: number; upTo: number }
): RoomWindow {
	const userId = viewer.userId;
	// "shared" history is visible to a user who is joined at some point after the event.
	let lastJoin = -1;
	for (const e of room.events)
		if (e.pos <= opts.upTo && membershipSetBy(e, userId) === 'join') lastJoin = e.pos;

	let membership: Membership | undefined;
	let visibility = 'shared';
	let start: number | undefined;
	const timeline: StoredEvent[] = [];
	for (const e of room.events) {
		if (e.pos > opts.upTo) break;
		const ownMembership = membershipSetBy(e, userId);
		membership = ownMembership ?? membership;
		if (e.event.type === 'm.room.history_visibility' && e.event.state_key === '') {
			const value = own(e.event.content, 'history_visibility');
			if (typeof value === 'string') visibility = value;
		}
		const historyVisible =
			ownMembership !== undefined ||
			membership === 'join' ||
			visibility === 'world_readable' ||
			(visibility === 'shared' && e.pos <= lastJoin) ||
			(visibility === 'invited' && membership === 'invite');
		start ??= historyVisible ? e.pos : undefined;
		if (start === undefined || (opts.after !== undefined && e.pos <= opts.after)) continue;
		if (isStateEvent(e) || (historyVisible && canSee(e.audience, viewer))) timeline.push(e);
	}
	const stateUpTo = opts.after ?? (start === undefined ? opts.upTo : start - 1);
	return { stateBefore: room.stateAt(stateUpTo), timeline };
}

/** An event as served to `viewer`: its own device's events carry the transaction id it sent them with. */
export function serveEvent(
	stored: StoredEvent,
	viewer: Device | undefined,
	withRoomId: boolean
): Record<string, unknown> {
	const { room_id, ...rest } = stored.event;
	const event: Record<string, unknown> = withRoomId ? { ...rest, room_id } : rest;
	const unsigned: Record<string, unknown> = {};
	const txnId = stored.origin.txnId;
	if (txnId !== undefined && viewer && sentBy(stored, viewer)) unsigned.transaction_id = txnId;
	// A redacted message keeps its envelope and loses its content (only messages can be redacted here).
	if (stored.redactedBecause) {
		event.content = {};
		unsigned.redacted_because = stored.redactedBecause;
	}
	if (Object.keys(unsigned).length > 0) event.unsigned = unsigned;
	return event;
}

const sentBy = ({ event, origin }: StoredEvent, device: Device): boolean =>
	device.userId === event.sender && device.deviceId === origin.deviceId && device.realm === origin.realm;

/** A stripped state event, as in `invite_state`. */
export function strippedEvent(stored: StoredEvent): Record<string, unknown> {
	const { type, state_key, sender, content } = stored.event;
	return { type, state_key: state_key ?? '', sender, content };
}
