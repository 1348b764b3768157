/**
 * The wire contract between a simulated device and the in-memory homeserver.
 * Mirrors the Client-Server API v3: a request is a method, a path (with query string) and a JSON body.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HsRequest {
	method: HttpMethod;
	/** Path including the query string, e.g. `/_matrix/client/v3/sync?since=s12`. */
	path: string;
	/** The access token (what a real client sends as `Authorization: Bearer …`). */
	accessToken?: string;
	/** Parsed JSON body. May be anything: the server validates it. */
	body?: unknown;
}

export interface HsResponse {
	status: number;
	/** A JSON object; only `GET /rooms/{roomId}/state` answers a JSON array, as the spec says. */
	body: Record<string, unknown>;
}

/** A Matrix error body, as every failing request returns. */
export interface MatrixError {
	errcode: string;
	error: string;
	retry_after_ms?: number;
}

/** Injected time source (ms since epoch). Events are stamped with it. */
export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A room or state event as the server stores and serves it. */
export interface MatrixEvent {
	event_id: string;
	type: string;
	sender: string;
	room_id: string;
	origin_server_ts: number;
	content: Record<string, unknown>;
	state_key?: string;
	/** On an `m.room.redaction`: the event it redacts (top level, as in room version 10). */
	redacts?: string;
	unsigned?: Record<string, unknown>;
}

/** A to-device event as delivered in /sync. */
export interface ToDeviceEvent {
	type: string;
	sender: string;
	content: Record<string, unknown>;
}
