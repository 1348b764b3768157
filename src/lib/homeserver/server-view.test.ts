import { describe, expect, it } from 'vitest';
import { bootstrapCrossSigning, oneTimeKeys, path, twoInARoom, world } from './test-support';

describe('serverView', () => {
	it('shows rooms with members and events as stored, devices with their counts, and backups', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, {
			name: 'Book club',
			initial_state: [{ type: 'm.room.encryption', content: { algorithm: 'm.megolm.v1.aes-sha2' } }]
		});
		alice.uploadDeviceKeys({ one_time_keys: oneTimeKeys(3) });
		bootstrapCrossSigning(alice, 'alice');
		const ciphertext = {
			algorithm: 'm.megolm.v1.aes-sha2',
			sender_key: 'sk',
			session_id: 'sid',
			ciphertext: 'AwgAEpAB…',
			device_id: alice.deviceId
		};
		const eventId = alice.send(roomId, ciphertext, 'm.room.encrypted');
		alice.ok('PUT', path`/sendToDevice/m.room.encrypted/t1`, {
			messages: { [bob.userId]: { '*': { ciphertext: {} } } }
		});
		alice.ok('POST', '/room_keys/version', {
			algorithm: 'm.megolm_backup.v1.curve25519-aes-sha2',
			auth_data: {}
		});
		alice.ok('PUT', '/room_keys/keys?version=1', {
			rooms: {
				[roomId]: {
					sessions: {
						sid: { first_message_index: 0, forwarded_count: 0, is_verified: true, session_data: {} }
					}
				}
			}
		});

		const view = w.hs.serverView();
		expect(view.serverName).toBe('sim.local');
		expect(view.compromise).toBeNull();
		const room = view.rooms.find((r) => r.roomId === roomId)!;
		expect(room).toMatchObject({ name: 'Book club', encrypted: true, algorithm: 'm.megolm.v1.aes-sha2' });
		expect(room.members).toEqual([
			{ userId: alice.userId, membership: 'join' },
			{ userId: bob.userId, membership: 'join' }
		]);
		expect(room.events.at(-1)).toEqual({
			eventId,
			type: 'm.room.encrypted',
			sender: alice.userId,
			ts: w.clock.now(),
			content: ciphertext
		});
		expect(room.events[0]).toMatchObject({ type: 'm.room.create', stateKey: '' });

		const aliceView = view.users.find((u) => u.userId === alice.userId)!;
		expect(aliceView.devices).toEqual([
			{
				deviceId: alice.deviceId,
				displayName: alice.deviceId,
				shadow: false,
				keys: {
					[`curve25519:${alice.deviceId}`]: `curve-${alice.deviceId}`,
					[`ed25519:${alice.deviceId}`]: `ed-${alice.deviceId}`
				},
				oneTimeKeys: 3,
				unusedFallbackKey: false,
				pendingToDevice: 0,
				delayedToDevice: 0,
				offline: false
			}
		]);
		expect(aliceView.crossSigning.real).toEqual({
			master: 'alice-master',
			selfSigning: 'alice-ssk',
			userSigning: 'alice-usk'
		});
		expect(view.users.find((u) => u.userId === bob.userId)!.devices[0]!.pendingToDevice).toBe(1);
		expect(view.keyBackups).toEqual([
			{
				userId: alice.userId,
				versions: [
					{ version: '1', algorithm: 'm.megolm_backup.v1.curve25519-aes-sha2', keyCount: 1, current: true }
				]
			}
		]);
	});

	it('is plain serialisable data, and a copy', () => {
		const w = world();
		const { roomId } = twoInARoom(w, { name: 'R' });
		const view = w.hs.serverView();
		expect(JSON.parse(JSON.stringify(view))).toEqual(view);
		view.rooms[0]!.events.length = 0;
		expect(w.hs.serverView().rooms.find((r) => r.roomId === roomId)!.events.length).toBeGreaterThan(0);
	});

	it('lists shadow devices as such', () => {
		const w = world();
		const alice = w.user('alice');
		w.shadow(alice.userId, 'EVE');
		w.hs.faults.compromise({ victim: alice.userId, target: w.user('bob').userId });
		const view = w.hs.serverView();
		expect(view.users[0]!.devices.map((d) => [d.deviceId, d.shadow])).toEqual([
			[alice.deviceId, false],
			['EVE', true]
		]);
		expect(view.compromise).toEqual({ victim: alice.userId, target: '@bob:sim.local' });
	});
});
