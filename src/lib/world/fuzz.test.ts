/**
 * Malformed requests against a world with real crypto devices: thousands of them, across every endpoint, with real
 * tokens, room ids and user ids mixed with garbage. The server must answer each with a status and (for errors) a
 * Matrix error, never throw, and the real encrypted flows must still work afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ENDPOINTS } from '../homeserver';
import type { HsRequest } from '../homeserver/types';
import type { SimDevice } from '../device/sim-device';
import { verifyBySas, openDm, openRoom } from './flows';
import { World } from './world';

let world: World;
let alice: SimDevice;
let bob: SimDevice;
let dm: string;
const tokens: string[] = [];

beforeAll(async () => {
	world = await World.create();
	alice = await world.addUser('alice');
	bob = await world.addUser('bob');
	dm = await openDm(world, alice, bob);
	// Extra sessions of the same people: the fuzzer speaks with their (valid) tokens.
	for (const [user, device] of [
		[alice.userId, 'FUZZA'],
		[bob.userId, 'FUZZB']
	] as const) {
		tokens.push(world.hs.login(user, device).accessToken);
	}
});
afterAll(() => world.close());

const garbage = fc.oneof(
	fc.string(),
	fc.constantFrom('', '%', '%zz', '..', '/', '\u0000', '!', '@', '$', '%E0%A4%A'),
	fc.string({ unit: 'binary' })
);

function requests(): fc.Arbitrary<HsRequest> {
	const known = () =>
		fc.constantFrom(dm, alice.userId, bob.userId, 'FUZZA', 'm.room.message', 'm.room.encryption', '1');
	const segment = fc.oneof(known(), garbage);
	const endpoint = fc.constantFrom(...ENDPOINTS);
	const body = fc.oneof(
		fc.anything(),
		fc.json().map((j) => JSON.parse(j) as unknown),
		fc.dictionary(
			fc.constantFrom(
				'device_keys',
				'one_time_keys',
				'fallback_keys',
				'messages',
				'user_id',
				'algorithm',
				'auth_data',
				'rooms',
				'invite',
				'initial_state',
				'master_key',
				'membership',
				'body',
				'msgtype'
			),
			fc.anything()
		)
	);
	const token = fc.oneof(fc.constantFrom(...tokens), fc.constant(undefined), garbage);
	const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', '');
	return fc
		.record({
			endpoint,
			params: fc.dictionary(
				fc.constantFrom(
					'roomId',
					'userId',
					'deviceId',
					'eventType',
					'txnId',
					'stateKey',
					'type',
					'version',
					'sessionId',
					'roomIdOrAlias'
				),
				segment
			),
			query: fc.dictionary(fc.constantFrom('since', 'version', 'limit', 'dir', 'timeout'), garbage),
			body,
			token,
			wrongMethod: fc.boolean(),
			otherMethod: method
		})
		.map(({ endpoint, params, query, body, token, wrongMethod, otherMethod }) => ({
			method: (wrongMethod ? otherMethod : endpoint.method) as HsRequest['method'],
			// Never delete the real devices the flow below needs.
			path: buildPath(
				endpoint.path,
				{ ...params, deviceId: params.deviceId === 'FUZZA' ? 'FUZZA' : `x${params.deviceId ?? ''}` },
				query
			),
			accessToken: token,
			body
		}));
}

describe('a world under malformed requests', () => {
	it('answers thousands of them with Matrix errors, and the real flows still work afterwards', async () => {
		let errors = 0;
		fc.assert(
			fc.property(requests(), (req) => {
				const res = world.hs.handle(req);
				expect(Number.isInteger(res.status)).toBe(true);
				expect(res.status).toBeGreaterThanOrEqual(200);
				expect(res.status).toBeLessThan(600);
				expect(typeof res.body).toBe('object');
				if (res.status >= 400) {
					errors++;
					expect(typeof res.body.errcode).toBe('string');
					expect(typeof res.body.error).toBe('string');
				}
			}),
			{ numRuns: 3000 }
		);
		expect(errors).toBeGreaterThan(2000);

		// The real devices go on: a new encrypted room, a message, an emoji verification. (A new room, because the
		// storm may validly have changed the old one: a fuzzed request with Bob's token can make him leave.)
		await world.settle();
		const room = await openRoom(world, alice, bob, { name: 'After the storm', encrypted: true });
		await alice.sendText(room, 'Still here after the storm');
		await world.settle();
		const last = bob
			.roomView(room)!
			.timeline.filter((t) => t.type === 'm.room.message')
			.at(-1);
		expect(last?.content.body).toBe('Still here after the storm');
		expect(last?.encrypted).toBe(true);
		const { initiatorEmoji, responderEmoji } = await verifyBySas(world, alice, bob);
		expect(initiatorEmoji).toHaveLength(7);
		expect(initiatorEmoji).toEqual(responderEmoji);
		expect((await alice.userTrust([bob.userId]))[0]!.verified).toBe(true);
	});
});
