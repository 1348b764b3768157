/**
 * Sync filters (spec: `POST /user/{userId}/filter`, the `filter` parameter of `/sync`). A filter is stored as the
 * client sent it; what the server honours is `room.timeline.limit`, the most events a room's timeline holds in one
 * sync (older ones are left out, `limited: true`, and `prev_batch` lets the client page back with `/messages`), and
 * `room.rooms`, the only rooms a sync reports.
 */
import { badJson, invalidParam, notJson } from './errors';
import { isJsonObject, toJson, type JsonObject } from './json';
import { optionalInteger, optionalObject, optionalStringArray } from './validation';

export interface SyncFilter {
	/** Undefined: no limit. */
	timelineLimit?: number;
	/** Undefined: every room. */
	rooms?: string[];
}

/** Checks the parts of a filter the server reads; the rest is kept as it is. */
export function parseFilter(filter: JsonObject): SyncFilter {
	const room = optionalObject(filter, 'room');
	const timeline = room && optionalObject(room, 'timeline');
	const limit = timeline && optionalInteger(timeline, 'limit', 0);
	const rooms = room && optionalStringArray(room, 'rooms');
	return { ...(limit !== undefined && { timelineLimit: limit }), ...(rooms !== undefined && { rooms }) };
}

/** The `filter` query parameter: a filter id (looked up) or an inline JSON filter. */
export function filterFromQuery(
	value: string | undefined,
	lookup: (filterId: string) => JsonObject
): SyncFilter {
	if (value === undefined) return {};
	if (!value.trimStart().startsWith('{')) {
		try {
			return parseFilter(lookup(value));
		} catch (_) {
			throw invalidParam(`Unknown filter ${JSON.stringify(value)}.`);
		}
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch (_) {
		throw notJson('The inline filter is not JSON.');
	}
	const json = toJson(parsed);
	if (!isJsonObject(json)) throw badJson('A filter must be a JSON object.');
	return parseFilter(json);
}
