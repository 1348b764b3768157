/**
 * The endpoint table and path matching. The table is exported so that fuzz tests (here and at the crypto level)
 * can build requests for every endpoint the server knows.
 */
import { invalidParam, methodNotAllowed, unrecognized } from './errors';
import type { HttpMethod } from './types';

export const CLIENT_API_PREFIX = '/_matrix/client/v3';

/**
 * What an endpoint does with a request body: `object` requires a JSON object, `optional` accepts none or an object,
 * `none` ignores whatever was sent (GET and DELETE).
 */
export type BodyKind = 'object' | 'optional' | 'none';

export interface EndpointSpec {
	readonly id: string;
	readonly method: HttpMethod;
	/** Full path template; `{name}` is one URL-encoded path segment. */
	readonly path: string;
	readonly body: BodyKind;
	/** Query parameters the endpoint reads. */
	readonly query?: readonly string[];
}

const v3 = <P extends string>(path: P) => `${CLIENT_API_PREFIX}${path}` as const;
/** An endpoint on one room: `/rooms/{roomId}` and the rest. */
const inRoom = <P extends string>(path: P) => v3(`/rooms/{roomId}${path}` as const);

export const ENDPOINTS = [
	{ id: 'whoami', method: 'GET', path: v3('/account/whoami'), body: 'none' },
	{ id: 'getDevices', method: 'GET', path: v3('/devices'), body: 'none' },
	{ id: 'getDevice', method: 'GET', path: v3('/devices/{deviceId}'), body: 'none' },
	{ id: 'putDevice', method: 'PUT', path: v3('/devices/{deviceId}'), body: 'object' },
	{ id: 'deleteDevice', method: 'DELETE', path: v3('/devices/{deviceId}'), body: 'none' },
	{ id: 'getProfile', method: 'GET', path: v3('/profile/{userId}'), body: 'none' },
	{ id: 'getDisplayName', method: 'GET', path: v3('/profile/{userId}/displayname'), body: 'none' },
	{ id: 'setDisplayName', method: 'PUT', path: v3('/profile/{userId}/displayname'), body: 'object' },
	{ id: 'userDirectorySearch', method: 'POST', path: v3('/user_directory/search'), body: 'object' },
	{ id: 'createFilter', method: 'POST', path: v3('/user/{userId}/filter'), body: 'object' },
	{ id: 'getFilter', method: 'GET', path: v3('/user/{userId}/filter/{filterId}'), body: 'none' },
	{ id: 'keysUpload', method: 'POST', path: v3('/keys/upload'), body: 'object' },
	{ id: 'keysQuery', method: 'POST', path: v3('/keys/query'), body: 'object' },
	{ id: 'keysClaim', method: 'POST', path: v3('/keys/claim'), body: 'object' },
	{ id: 'signingKeysUpload', method: 'POST', path: v3('/keys/device_signing/upload'), body: 'object' },
	{ id: 'signaturesUpload', method: 'POST', path: v3('/keys/signatures/upload'), body: 'object' },
	{ id: 'sendToDevice', method: 'PUT', path: v3('/sendToDevice/{eventType}/{txnId}'), body: 'object' },
	{ id: 'createRoom', method: 'POST', path: v3('/createRoom'), body: 'object' },
	{ id: 'joinedRooms', method: 'GET', path: v3('/joined_rooms'), body: 'none' },
	{ id: 'invite', method: 'POST', path: inRoom('/invite'), body: 'object' },
	{ id: 'joinRoom', method: 'POST', path: inRoom('/join'), body: 'optional' },
	{ id: 'join', method: 'POST', path: v3('/join/{roomIdOrAlias}'), body: 'optional' },
	{ id: 'leave', method: 'POST', path: inRoom('/leave'), body: 'optional' },
	{ id: 'sendEvent', method: 'PUT', path: inRoom('/send/{eventType}/{txnId}'), body: 'object' },
	{ id: 'putState', method: 'PUT', path: inRoom('/state/{eventType}/{stateKey}'), body: 'object' },
	{ id: 'putStateEmptyKey', method: 'PUT', path: inRoom('/state/{eventType}'), body: 'object' },
	{ id: 'redact', method: 'PUT', path: inRoom('/redact/{eventId}/{txnId}'), body: 'optional' },
	{ id: 'getEvent', method: 'GET', path: inRoom('/event/{eventId}'), body: 'none' },
	{
		id: 'receipt',
		method: 'POST',
		path: inRoom('/receipt/{receiptType}/{eventId}'),
		body: 'optional'
	},
	{ id: 'readMarkers', method: 'POST', path: inRoom('/read_markers'), body: 'object' },
	{ id: 'typing', method: 'PUT', path: inRoom('/typing/{userId}'), body: 'object' },
	{ id: 'getState', method: 'GET', path: inRoom('/state'), body: 'none' },
	{ id: 'getStateEvent', method: 'GET', path: inRoom('/state/{eventType}/{stateKey}'), body: 'none' },
	{ id: 'getStateEventEmptyKey', method: 'GET', path: inRoom('/state/{eventType}'), body: 'none' },
	{ id: 'joinedMembers', method: 'GET', path: inRoom('/joined_members'), body: 'none' },
	{ id: 'members', method: 'GET', path: inRoom('/members'), body: 'none' },
	{ id: 'messages', method: 'GET', path: inRoom('/messages'), body: 'none', query: ['dir', 'limit', 'from'] },
	{ id: 'putAccountData', method: 'PUT', path: v3('/user/{userId}/account_data/{type}'), body: 'object' },
	{ id: 'getAccountData', method: 'GET', path: v3('/user/{userId}/account_data/{type}'), body: 'none' },
	{ id: 'createBackupVersion', method: 'POST', path: v3('/room_keys/version'), body: 'object' },
	{ id: 'getLatestBackupVersion', method: 'GET', path: v3('/room_keys/version'), body: 'none' },
	{ id: 'getBackupVersion', method: 'GET', path: v3('/room_keys/version/{version}'), body: 'none' },
	{ id: 'updateBackupVersion', method: 'PUT', path: v3('/room_keys/version/{version}'), body: 'object' },
	{ id: 'deleteBackupVersion', method: 'DELETE', path: v3('/room_keys/version/{version}'), body: 'none' },
	{ id: 'putBackupKeys', method: 'PUT', path: v3('/room_keys/keys'), body: 'object', query: ['version'] },
	{ id: 'getBackupKeys', method: 'GET', path: v3('/room_keys/keys'), body: 'none', query: ['version'] },
	{
		id: 'getBackupRoomKeys',
		method: 'GET',
		path: v3('/room_keys/keys/{roomId}'),
		body: 'none',
		query: ['version']
	},
	{
		id: 'getBackupSessionKey',
		method: 'GET',
		path: v3('/room_keys/keys/{roomId}/{sessionId}'),
		body: 'none',
		query: ['version']
	},
	{
		id: 'sync',
		method: 'GET',
		path: v3('/sync'),
		body: 'none',
		query: ['since', 'timeout', 'full_state', 'filter', 'set_presence']
	}
] as const satisfies readonly EndpointSpec[];

export type Endpoint = (typeof ENDPOINTS)[number];
export type EndpointId = Endpoint['id'];

/** The `{name}` parameters of a path template, as a union of names. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
	? Name | PathParams<Rest>
	: never;

export type EndpointParams<Id extends EndpointId> = Record<
	PathParams<Extract<Endpoint, { id: Id }>['path']>,
	string
>;

export interface RouteMatch {
	endpoint: Endpoint;
	/** Decoded path parameters by name. */
	params: Record<string, string>;
	query: Query;
}

/** Decoded query parameters (the last value wins when a name repeats). */
export type Query = ReadonlyMap<string, string>;

type Segment = { literal: string } | { param: string };

const compiled = ENDPOINTS.map((endpoint) => ({
	endpoint: endpoint as Endpoint,
	segments: endpoint.path
		.split('/')
		.map((s): Segment => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }))
}));

/**
 * Finds the endpoint for a method and path (with query string). Unknown path: 404 M_UNRECOGNIZED; known path,
 * other method: 405; a malformed percent-encoding: 400 M_INVALID_PARAM.
 */
export function matchRoute(method: string, path: string): RouteMatch {
	const queryStart = path.indexOf('?');
	const rawPath = queryStart === -1 ? path : path.slice(0, queryStart);
	const rawQuery = queryStart === -1 ? '' : path.slice(queryStart + 1);
	const parts = rawPath.split('/');

	const shapeMatches = compiled.filter(
		({ segments }) =>
			segments.length === parts.length &&
			segments.every((s, i) => !('literal' in s) || s.literal === parts[i])
	);
	if (shapeMatches.length === 0) throw unrecognized();
	const match = shapeMatches.find(({ endpoint }) => endpoint.method === method);
	if (!match) throw methodNotAllowed();

	const params: Record<string, string> = {};
	match.segments.forEach((segment, i) => {
		if ('param' in segment) params[segment.param] = decode(parts[i] ?? '', segment.param);
	});
	return { endpoint: match.endpoint, params, query: parseQuery(rawQuery) };
}

function decode(raw: string, what: string, plusIsSpace = false): string {
	try {
		return decodeURIComponent(plusIsSpace ? raw.replaceAll('+', ' ') : raw);
	} catch {
		throw invalidParam(`Malformed percent-encoding in ${what}.`);
	}
}

export function parseQuery(raw: string): Query {
	const query = new Map<string, string>();
	for (const pair of raw.split('&')) {
		if (pair === '') continue;
		const eq = pair.indexOf('=');
		const name = decode(eq === -1 ? pair : pair.slice(0, eq), 'the query string', true);
		query.set(name, decode(eq === -1 ? '' : pair.slice(eq + 1), `query parameter '${name}'`, true));
	}
	return query;
}

/** Fills a path template, encoding each parameter (the inverse of `matchRoute`, for clients and tests). */
export function buildPath(
	template: string,
	params: Record<string, string>,
	query?: Record<string, string>
): string {
	const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
	const qs = query ? new URLSearchParams(query).toString() : '';
	return qs ? `${path}?${qs}` : path;
}
