/**
 * The fuzz test's generators: malformed and nearly valid requests for every endpoint of the homeserver, built with
 * fast-check from the router's table, and the checks every answer must pass.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { CLIENT_API_PREFIX, ENDPOINTS, type Endpoint } from './router';
import {
	bootstrapCrossSigning,
	crossSigningKey,
	deviceKeys,
	oneTimeKeys,
	path,
	twoInARoom,
	world,
	type Body
} from './test-support';
import type { HsRequest, HsResponse } from './types';
export function assertWellFormed(res: HsResponse, req: unknown): void {
	const where = () => `for ${describeRequest(req)}`;
	expect(Number.isInteger(res.status), where()).toBe(true);
	expect(res.status, where()).toBeGreaterThanOrEqual(200);
	expect(res.status, where()).toBeLessThanOrEqual(599);
	expect(res.status, `${where()}: ${JSON.stringify(res.body)}`).not.toBe(500);
	expect(typeof res.body === 'object' && res.body !== null, where()).toBe(true);
	expect(JSON.parse(JSON.stringify(res.body)), where()).toEqual(res.body);
	if (res.status >= 300) {
		expect(typeof res.body.errcode, where()).toBe('string');
		expect(typeof res.body.error, where()).toBe('string');
	}
}

function describeRequest(req: unknown): string {
	try {
		return (
			JSON.stringify(req, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 300) ??
			String(req)
		);
	} catch {
		return String(req);
	}
}

/** A server with two users in a room, keys and cross-signing set up, a backup, and an attacker's shadow device. */
export function populatedServer() {
	const w = world();
	const { alice, bob, roomId } = twoInARoom(w, {
		initial_state: [{ type: 'm.room.encryption', content: { algorithm: 'm.megolm.v1.aes-sha2' } }]
	});
	alice.uploadDeviceKeys({ one_time_keys: oneTimeKeys(20, 'a') });
	bob.uploadDeviceKeys({ one_time_keys: oneTimeKeys(20, 'b') });
	bootstrapCrossSigning(alice, 'alice');
	bootstrapCrossSigning(bob, 'bob');
	alice.ok('POST', '/room_keys/version', {
		algorithm: 'm.megolm_backup.v1.curve25519-aes-sha2',
		auth_data: {}
	});
	const shadow = w.shadow(bob.userId, 'EVE');
	w.hs.faults.compromise({ victim: alice.userId, target: bob.userId });
	const tokens = [alice.accessToken, bob.accessToken, shadow.accessToken];
	return { w, alice, bob, roomId, tokens };
}

type Server = ReturnType<typeof populatedServer>;

// --- arbitraries ---

export const anything = fc.anything({
	maxDepth: 4,
	withBoxedValues: true,
	withMap: true,
	withSet: true,
	withNullPrototype: true,
	withDate: true,
	withBigInt: true,
	withTypedArray: true,
	withSparseArray: true,
	withObjectString: true
});

/** What a mutation puts into a valid body: mostly JSON of the wrong shape, sometimes something JSON cannot carry. */
const replacement = fc.oneof(
	{ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 1, arbitrary: anything }
);
export const mutations = fc.array(fc.tuple(fc.nat(), fc.nat(), replacement), { maxLength: 3 });

const BROKEN_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%ff', '%00', '%2F', 'a%2', '%%', '..', '', '?', '#', '%3F'];
const QUERY_NAMES = [...new Set(ENDPOINTS.flatMap((e) => ('query' in e ? [...e.query] : [])))];
const QUERY_VALUES = [
	's0',
	's1',
	's99999999999',
	'1',
	'0',
	'-1',
	'true',
	'false',
	'b',
	'f',
	'',
	'%zz',
	'1e9',
	'sX'
];

function segment(s: Server) {
	const realistic = [
		s.alice.userId,
		s.bob.userId,
		s.alice.deviceId,
		s.bob.deviceId,
		'EVE',
		s.roomId,
		'!nope:sim.local',
		'#alias:sim.local',
		'm.room.message',
		'm.room.encryption',
		'm.room.power_levels',
		'm.room.member',
		'm.direct',
		'1',
		'2',
		'txn'
	];
	return fc.oneof(
		{ weight: 5, arbitrary: fc.constantFrom(...realistic).map(encodeURIComponent) },
		{ weight: 2, arbitrary: fc.string().map(encodeURIComponent) },
		{ weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
		{ weight: 2, arbitrary: fc.constantFrom(...BROKEN_SEGMENTS) },
		{ weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 1500 }) }
	);
}

const queryString = fc
	.array(
		fc.tuple(
			fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string()),
			fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ unit: 'binary' }))
		),
		{ maxLength: 4 }
	)
	.map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

type PathMutation = 'none' | 'trailingSlash' | 'dropLast' | 'extraSegment' | 'r0' | 'noPrefix';

function fillTemplate(
	endpoint: Endpoint,
	segments: string[],
	mutation: PathMutation,
	query: string | null
): string {
	let i = 0;
	let p: string = endpoint.path.replace(/\{\w+\}/g, () => segments[i++ % segments.length] ?? '');
	if (mutation === 'trailingSlash') p += '/';
	if (mutation === 'dropLast') p = p.slice(0, p.lastIndexOf('/'));
	if (mutation === 'extraSegment') p += `/${segments[0] ?? 'x'}`;
	if (mutation === 'r0') p = p.replace('/v3/', '/r0/');
	if (mutation === 'noPrefix') p = p.slice(CLIENT_API_PREFIX.length);
	return query === null ? p : `${p}?${query}`;
}

const requestPath = (s: Server) =>
	fc.oneof(
		{
			weight: 10,
			arbitrary: fc
				.record({
					endpoint: fc.constantFrom(...ENDPOINTS),
					segments: fc.array(segment(s), { minLength: 4, maxLength: 4 }),
					mutation: fc.oneof(
						{ weight: 6, arbitrary: fc.constant<PathMutation>('none') },
						{
							weight: 1,
							arbitrary: fc.constantFrom<PathMutation>(
								'trailingSlash',
								'dropLast',
								'extraSegment',
								'r0',
								'noPrefix'
							)
						}
					),
					query: fc.option(queryString)
				})
				.map(({ endpoint, segments, mutation, query }) => ({
					endpoint,
					path: fillTemplate(endpoint, segments, mutation, query)
				}))
		},
		{ weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((path) => ({ endpoint: undefined, path })) }
	);

export const method = fc.oneof(
	{ weight: 8, arbitrary: fc.constant(null) }, // the endpoint's own method
	{ weight: 2, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'get', '') },
	{ weight: 1, arbitrary: anything }
);

export const token = (s: Server) =>
	fc.oneof(
		{ weight: 12, arbitrary: fc.constantFrom(...s.tokens) },
		{ weight: 1, arbitrary: fc.constantFrom(undefined, '', null) },
		{ weight: 1, arbitrary: fc.string() },
		{ weight: 1, arbitrary: anything }
	);

const KNOWN_FIELDS = [
	'device_keys',
	'one_time_keys',
	'fallback_keys',
	'master_key',
	'self_signing_key',
	'user_signing_key',
	'auth',
	'messages',
	'name',
	'topic',
	'visibility',
	'preset',
	'invite',
	'is_direct',
	'initial_state',
	'power_level_content_override',
	'creation_content',
	'user_id',
	'device_id',
	'algorithm',
	'auth_data',
	'version',
	'rooms',
	'sessions',
	'timeout',
	'membership',
	'history_visibility',
	'join_rule',
	'users',
	'events',
	'signatures',
	'keys',
	'usage',
	'algorithms',
	'first_message_index',
	'forwarded_count',
	'is_verified',
	'session_data',
	'type',
	'state_key',
	'content',
	'body',
	'msgtype',
	'__proto__',
	'constructor'
];

/** Bodies a real client sends, by endpoint; the fuzz mutates them. */
export function validBodies(s: Server): Partial<Record<Endpoint['id'], Body[]>> {
	const { alice, bob, roomId } = s;
	const backupVersion = {
		algorithm: 'm.megolm_backup.v1.curve25519-aes-sha2',
		auth_data: { public_key: 'k' },
		version: '1'
	};
	return {
		keysUpload: [
			{
				device_keys: deviceKeys(alice.userId, alice.deviceId),
				one_time_keys: oneTimeKeys(2, 'z'),
				fallback_keys: oneTimeKeys(1, 'fb')
			}
		],
		keysQuery: [{ device_keys: { [alice.userId]: [], [bob.userId]: [bob.deviceId] }, timeout: 10000 }],
		keysClaim: [
			{ one_time_keys: { [bob.userId]: { [bob.deviceId]: 'signed_curve25519', EVE: 'signed_curve25519' } } }
		],
		signingKeysUpload: [
			{
				master_key: crossSigningKey(alice.userId, 'master', 'alice-master'),
				self_signing_key: crossSigningKey(alice.userId, 'self_signing', 'alice-ssk'),
				user_signing_key: crossSigningKey(alice.userId, 'user_signing', 'alice-usk')
			}
		],
		signaturesUpload: [
			{
				[alice.userId]: {
					[alice.deviceId]: deviceKeys(alice.userId, alice.deviceId),
					'alice-master': crossSigningKey(alice.userId, 'master', 'alice-master', {
						[alice.userId]: { a: 'b' }
					})
				},
				[bob.userId]: {
					'bob-master': crossSigningKey(bob.userId, 'master', 'bob-master', {
						[alice.userId]: { 'ed25519:alice-usk': 's' }
					})
				}
			}
		],
		sendToDevice: [{ messages: { [bob.userId]: { '*': { a: 1 }, [bob.deviceId]: { b: 2 } } } }],
		createRoom: [
			{
				name: 'Fuzz',
				topic: 't',
				preset: 'trusted_private_chat',
				invite: [bob.userId],
				is_direct: true,
				initial_state: [
					{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }
				],
				power_level_content_override: { events_default: 0, users: { [alice.userId]: 100 } }
			}
		],
		invite: [{ user_id: bob.userId }],
		joinRoom: [{}],
		join: [{}],
		leave: [{ reason: 'bye' }],
		sendEvent: [
			{ msgtype: 'm.text', body: 'hello' },
			{ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'c' }
		],
		putState: [
			{ algorithm: 'm.megolm.v1.aes-sha2', rotation_period_ms: 1000 },
			{ history_visibility: 'joined' },
			{ users: { [alice.userId]: 100, [bob.userId]: 50 }, events: { 'm.room.name': 50 }, state_default: 50 },
			{ name: 'n' }
		],
		putStateEmptyKey: [{ algorithm: 'm.megolm.v1.aes-sha2' }, { join_rule: 'public' }],
		putAccountData: [{ [bob.userId]: [roomId] }],
		createBackupVersion: [backupVersion],
		updateBackupVersion: [backupVersion],
		putBackupKeys: [
			{
				rooms: {
					[roomId]: {
						sessions: {
							s: { first_message_index: 0, forwarded_count: 0, is_verified: false, session_data: {} }
						}
					}
				}
			}
		]
	};
}

const allValidBodies = (s: Server): Body[] => Object.values(validBodies(s)).flat();

/** Path parameters that make sense for each name, so that near-valid requests get past routing and lookups. */
export function paramPools(s: Server): Record<string, string[]> {
	return {
		roomId: [s.roomId, s.roomId, s.roomId, '!nope:sim.local'],
		roomIdOrAlias: [s.roomId, '#alias:sim.local', 'garbage'],
		eventType: [
			'm.room.message',
			'm.room.encrypted',
			'm.room.encryption',
			'm.room.power_levels',
			'm.room.history_visibility',
			'm.room.name',
			'm.custom'
		],
		stateKey: ['', '', s.alice.userId, 'k'],
		txnId: ['t1', 't2', 't3', 't4'],
		userId: [s.alice.userId, s.bob.userId, '@ghost:sim.local'],
		// never the caller's own device: deleting it would turn the rest of the run into 401s
		deviceId: ['NOPE', 'OTHER'],
		type: ['m.direct', 'x'],
		version: ['1', '2', '99'],
		sessionId: ['s', 'nope']
	};
}

export const QUERY_FOR: Partial<Record<Endpoint['id'], string[]>> = {
	sync: ['', 'since=s1', 'since=s5&full_state=true', 'timeout=0', 'since=bad'],
	messages: ['', 'dir=f&limit=5', 'dir=b&from=s3', 'limit=0'],
	putBackupKeys: ['version=1', 'version=2', ''],
	getBackupKeys: ['version=1', ''],
	getBackupRoomKeys: ['version=1'],
	getBackupSessionKey: ['version=1']
};

type Container = Record<string, unknown> | unknown[];

/** Every place inside `root.v` where a value sits: [container, key]. */
function slotsOf(root: { v: unknown }): [Container, string | number][] {
	const slots: [Container, string | number][] = [[root, 'v']];
	const walk = (node: unknown) => {
		if (Array.isArray(node)) {
			node.forEach((item, i) => {
				slots.push([node, i]);
				walk(item);
			});
		} else if (
			node !== null &&
			typeof node === 'object' &&
			Object.getPrototypeOf(node) === Object.prototype
		) {
			for (const [key, item] of Object.entries(node)) {
				slots.push([node as Record<string, unknown>, key]);
				walk(item);
			}
		}
	};
	walk(root.v);
	return slots;
}

/** Writes an own property (so that a `__proto__` key stays a plain key). */
const setOwn = (target: Container, key: string | number, value: unknown) =>
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** Applies random replacements, deletions and additions at random places inside a JSON value. */
export function mutate(value: Body, changes: [number, number, unknown][]): unknown {
	const root = { v: structuredClone(value) as unknown };
	for (const [where, kind, replacement] of changes) {
		const slots = slotsOf(root);
		const [container, key] = slots[where % slots.length]!;
		if (kind % 3 === 0) setOwn(container, key, replacement);
		else if (kind % 3 === 1 && Array.isArray(container)) container.splice(Number(key), 1);
		else if (kind % 3 === 1) delete (container as Record<string, unknown>)[key];
		else if (!Array.isArray(container)) setOwn(container, `${String(key)}_`, replacement);
	}
	return root.v;
}

function deeplyNested(depth: number): unknown {
	let v: unknown = { deepest: true };
	for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { nested: v };
	return v;
}

export const body = (s: Server) =>
	fc.oneof(
		{ weight: 3, arbitrary: anything },
		{ weight: 2, arbitrary: fc.jsonValue() },
		{ weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), anything, { maxKeys: 5 }) },
		{
			weight: 2,
			arbitrary: fc.dictionary(
				fc.constantFrom(s.alice.userId, s.bob.userId, 'not-a-user', '@ghost:sim.local'),
				fc.dictionary(fc.constantFrom(s.alice.deviceId, s.bob.deviceId, '*', 'EVE', 'x'), anything, {
					maxKeys: 3
				}),
				{ maxKeys: 3 }
			)
		},
		{
			weight: 6,
			arbitrary: fc
				.tuple(fc.constantFrom(...allValidBodies(s)), mutations)
				.map(([valid, changes]) => mutate(valid, changes))
		},
		{ weight: 1, arbitrary: fc.constantFrom(...allValidBodies(s)) },
		{ weight: 1, arbitrary: fc.integer({ min: 40, max: 200 }).map(deeplyNested) },
		{ weight: 1, arbitrary: fc.constant({ body: 'x'.repeat(100_000) }) },
		{ weight: 1, arbitrary: fc.constant(undefined) }
	);

export const request = (s: Server) =>
	fc
		.record({ target: requestPath(s), method, accessToken: token(s), body: body(s) })
		.map(({ target, method, accessToken, body }): HsRequest => ({
			method: (method ?? target.endpoint?.method ?? 'GET') as HsRequest['method'],
			path: target.path,
			accessToken: accessToken as string,
			body
		}));

/**
 * Requests to any endpoint but `exclude`, with a fitting token, parameters and query, and a valid body that a few
 * mutations may have spoilt: most are answered 200 and change the server.
 */
export function nearValidRequest(s: Server, exclude: readonly Endpoint['id'][] = []) {
	const bodies = validBodies(s);
	const pools = paramPools(s);
	const endpoints = ENDPOINTS.filter((e) => !exclude.includes(e.id));
	return fc.constantFrom(...endpoints).chain((endpoint) => {
		const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name ?? '');
		return fc
			.record({
				token: fc.constantFrom(...s.tokens),
				params: fc.tuple(...names.map((name) => fc.constantFrom(...(pools[name] ?? ['x'])))),
				query: fc.constantFrom(...(QUERY_FOR[endpoint.id] ?? [''])),
				body: fc.tuple(fc.constantFrom(...(bodies[endpoint.id] ?? [{}])), mutations)
			})
			.map(({ token, params, query, body: [valid, changes] }): HsRequest => {
				let i = 0;
				const filled = endpoint.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++] ?? ''));
				return {
					method: endpoint.method,
					path: query ? `${filled}?${query}` : filled,
					accessToken: token,
					body: mutate(valid, changes)
				};
			});
	});
}

// --- properties ---

/** Afterwards: new users on the same server go through a whole normal flow. */
export function assertNormalFlowStillWorks(s: Server): void {
	const { w } = s;
	const carol = w.user('carolfuzz', 'CAROL');
	const dave = w.user('davefuzz', 'DAVE');
	carol.uploadDeviceKeys({ one_time_keys: oneTimeKeys(2, 'c') });
	dave.uploadDeviceKeys({ one_time_keys: oneTimeKeys(2, 'd') });
	const since = dave.sync().next_batch;
	const roomId = carol.createRoom({
		invite: [dave.userId],
		initial_state: [{ type: 'm.room.encryption', content: { algorithm: 'm.megolm.v1.aes-sha2' } }]
	});
	expect(dave.sync(since).rooms.invite[roomId]).toBeDefined();
	dave.join(roomId);
	const eventId = carol.send(
		roomId,
		{ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'c', session_id: 's' },
		'm.room.encrypted'
	);
	carol.ok('PUT', path`/sendToDevice/m.room.encrypted/after-fuzz`, {
		messages: { [dave.userId]: { DAVE: { ciphertext: 'x' } } }
	});
	const sync = dave.sync(since);
	expect(sync.rooms.join[roomId]!.timeline.events.map((e) => e.event_id)).toContain(eventId);
	expect(sync.to_device.events).toEqual([
		{ type: 'm.room.encrypted', sender: carol.userId, content: { ciphertext: 'x' } }
	]);
	expect(sync.device_lists.changed).toContain(carol.userId);
	expect(Object.keys(carol.query(dave.userId).device_keys[dave.userId]!)).toEqual(['DAVE']);
	expect(
		carol.ok('POST', '/keys/claim', { one_time_keys: { [dave.userId]: { DAVE: 'signed_curve25519' } } })
	).toEqual({
		one_time_keys: { [dave.userId]: { DAVE: { 'signed_curve25519:d0': { key: 'd0-pub', signatures: {} } } } },
		failures: {}
	});
	expect(JSON.parse(JSON.stringify(w.hs.serverView()))).toEqual(w.hs.serverView());
}
