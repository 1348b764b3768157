/**
 * The gaps a 50,000-request fuzz of the core found before it went on a network: size limits on what a client makes
 * the server store, the user-id state key rule in createRoom, and a refused backup delete that must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ONE_TIME_KEYS_PER_UPLOAD } from './keys';
import { expectError, oneTimeKeys, path, world } from './test-support';

const big = (bytes: number) => 'x'.repeat(bytes);

describe('limits on what a client makes the server store', () => {
	it('createRoom holds name, topic, creation content and initial state to the 65,536-byte event limit', () => {
		const w = world();
		const alice = w.user('alice');
		for (const body of [
			{ name: big(1_000_000) },
			{ topic: big(70_000) },
			{ creation_content: { x: big(70_000) } },
			{ power_level_content_override: { x: big(70_000) } },
			{ initial_state: [{ type: 'org.example', state_key: '', content: { x: big(70_000) } }] }
		]) {
			expectError(alice.call('POST', '/createRoom', body), 413, 'M_TOO_LARGE');
		}
		// Multi-byte characters count as bytes: 30,000 × 'é' is 60,000 bytes of UTF-8, 40,000 × is over.
		expect(alice.call('POST', '/createRoom', { name: 'é'.repeat(30_000) }).status).toBe(200);
		expectError(alice.call('POST', '/createRoom', { name: 'é'.repeat(40_000) }), 413, 'M_TOO_LARGE');
		// Nothing was created by the refused requests.
		expect(w.hs.serverView().rooms).toHaveLength(1);
	});

	it("createRoom's initial_state cannot set a state key that names another user", () => {
		const w = world();
		const alice = w.user('alice');
		w.user('bob');
		const state = (stateKey: string) => ({
			initial_state: [{ type: 'org.example.status', state_key: stateKey, content: { ok: true } }]
		});
		expectError(alice.call('POST', '/createRoom', state('@bob:sim.local')), 403, 'M_FORBIDDEN');
		const roomId = alice.createRoom(state(alice.userId));
		expect(alice.ok('GET', path`/rooms/${roomId}/state/org.example.status/${alice.userId}`)).toEqual({
			ok: true
		});
		expect(w.hs.serverView().rooms).toHaveLength(1);
	});

	it('refuses 5 MB of account data, and keeps what was there', () => {
		const w = world();
		const alice = w.user('alice');
		const url = path`/user/${alice.userId}/account_data/org.example`;
		alice.ok('PUT', url, { small: true });
		expectError(alice.call('PUT', url, { x: big(5_000_000) }), 413, 'M_TOO_LARGE');
		expect(alice.ok('GET', url)).toEqual({ small: true });
	});

	it('refuses a 2 MB to-device message, and delivers nothing of the request', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const since = bob.sync().next_batch;
		const messages = {
			messages: { [bob.userId]: { BOBDEV: { small: true }, '*': { x: big(2_000_000) } } }
		};
		expectError(alice.call('PUT', '/sendToDevice/org.example/t1', messages), 413, 'M_TOO_LARGE');
		expect(bob.sync(since).to_device.events).toEqual([]);
	});

	it(`refuses more than ${MAX_ONE_TIME_KEYS_PER_UPLOAD} one-time keys in one upload`, () => {
		const w = world();
		const alice = w.user('alice');
		expectError(
			alice.call('POST', '/keys/upload', { one_time_keys: oneTimeKeys(100_000) }),
			413,
			'M_TOO_LARGE'
		);
		expect(
			alice.ok('POST', '/keys/upload', { one_time_keys: oneTimeKeys(MAX_ONE_TIME_KEYS_PER_UPLOAD) })
		).toEqual({ one_time_key_counts: { signed_curve25519: MAX_ONE_TIME_KEYS_PER_UPLOAD } });
	});

	it('DELETE /room_keys/version/1 without a backup is 404 and creates no backup record', () => {
		const w = world();
		const alice = w.user('alice');
		expectError(alice.call('DELETE', '/room_keys/version/1'), 404, 'M_NOT_FOUND');
		expect(w.hs.serverView().keyBackups).toEqual([]);
		expectError(alice.call('GET', '/room_keys/version'), 404, 'M_NOT_FOUND');
	});
});
