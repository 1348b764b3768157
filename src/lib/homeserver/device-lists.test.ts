import { describe, expect, it } from 'vitest';
import {
	bootstrapCrossSigning,
	crossSigningKey,
	deviceKeys,
	twoInARoom,
	world,
	type TestDevice
} from './test-support';

/** Syncs `device` once to get a position, runs `action`, and returns the device_lists since that position. */
function changesDuring(device: TestDevice, action: () => void) {
	const { next_batch } = device.sync();
	action();
	return device.sync(next_batch).device_lists;
}

describe('device_lists rule (a): own key and device changes', () => {
	it('uploading device keys reports the user to themselves and to users sharing a room, not to strangers', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		const stranger = w.user('stranger');
		const positions = [alice, bob, stranger].map((d) => d.sync().next_batch);
		alice.uploadDeviceKeys();
		const [a, b, s] = [alice, bob, stranger].map((d, i) => d.sync(positions[i]).device_lists);
		expect(a!.changed).toEqual([alice.userId]);
		expect(b!.changed).toEqual([alice.userId]);
		expect(s!.changed).toEqual([]);
	});

	it('re-uploading the same device keys is not a change; different keys are', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		alice.uploadDeviceKeys();
		expect(changesDuring(bob, () => alice.uploadDeviceKeys()).changed).toEqual([]);
		expect(
			changesDuring(bob, () =>
				alice.ok('POST', '/keys/upload', { device_keys: deviceKeys(alice.userId, alice.deviceId, 'v2') })
			).changed
		).toEqual([alice.userId]);
	});

	it('uploading one-time keys alone is not a device-list change', () => {
		const { alice, bob } = twoInARoom(world());
		const otk = { 'signed_curve25519:a': { key: 'a', signatures: {} } };
		expect(
			changesDuring(bob, () => alice.ok('POST', '/keys/upload', { one_time_keys: otk })).changed
		).toEqual([]);
	});

	it('cross-signing keys and own signatures are changes', () => {
		const { alice, bob } = twoInARoom(world());
		alice.uploadDeviceKeys();
		expect(changesDuring(bob, () => bootstrapCrossSigning(alice, 'alice')).changed).toEqual([alice.userId]);
		const signed = {
			...deviceKeys(alice.userId, alice.deviceId),
			signatures: { [alice.userId]: { 'ed25519:alice-ssk': 'sig' } }
		};
		expect(
			changesDuring(bob, () =>
				alice.ok('POST', '/keys/signatures/upload', { [alice.userId]: { [alice.deviceId]: signed } })
			).changed
		).toEqual([alice.userId]);
	});

	it('a device added or deleted is a change', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		expect(changesDuring(bob, () => w.device(alice.userId, 'TABLET')).changed).toEqual([alice.userId]);
		expect(changesDuring(bob, () => w.hs.deleteDevice(alice.userId, 'TABLET')).changed).toEqual([
			alice.userId
		]);
		const tablet = w.device(alice.userId, 'TABLET2');
		expect(changesDuring(bob, () => tablet.ok('DELETE', '/devices/TABLET2')).changed).toEqual([alice.userId]);
	});
});

describe('device_lists rule (b): newly sharing a room', () => {
	it('an invite reports both users to each other; a second shared room does not', () => {
		const w = world();
		const alice = w.user('alice');
		const bob = w.user('bob');
		const a0 = alice.sync().next_batch;
		const b0 = bob.sync().next_batch;
		const roomId = alice.createRoom({ invite: [bob.userId] });
		expect(alice.sync(a0).device_lists.changed).toEqual([bob.userId]);
		expect(bob.sync(b0).device_lists.changed).toEqual([alice.userId]);
		bob.join(roomId);
		expect(changesDuring(bob, () => alice.createRoom({ invite: [bob.userId] })).changed).toEqual([]);
	});

	it('a third user joining a public room is reported to both members and learns about both', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		const roomId = alice.createRoom({ preset: 'public_chat' });
		bob.join(roomId);
		const carol = w.user('carol');
		const c0 = carol.sync().next_batch;
		expect(changesDuring(alice, () => carol.join(roomId)).changed).toEqual([carol.userId]);
		expect(carol.sync(c0).device_lists.changed.sort()).toEqual([alice.userId, bob.userId].sort());
	});
});

describe('device_lists rule (c): signing another user', () => {
	it('reports the signed user to the signer only', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		bootstrapCrossSigning(alice, 'alice');
		bootstrapCrossSigning(bob, 'bob');
		const positions = [alice, bob].map((d) => d.sync().next_batch);
		const signedMaster = crossSigningKey(bob.userId, 'master', 'bob-master', {
			[alice.userId]: { 'ed25519:alice-usk': 'alice-signs-bob' }
		});
		alice.ok('POST', '/keys/signatures/upload', { [bob.userId]: { 'bob-master': signedMaster } });
		expect(alice.sync(positions[0]).device_lists.changed).toEqual([bob.userId]);
		expect(bob.sync(positions[1]).device_lists.changed).toEqual([]);
	});
});

describe('device_lists left', () => {
	it('reports left both ways when users no longer share any room, never a user to themselves', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const a0 = alice.sync().next_batch;
		const b0 = bob.sync().next_batch;
		bob.leave(roomId);
		expect(alice.sync(a0).device_lists).toEqual({ changed: [], left: [bob.userId] });
		expect(bob.sync(b0).device_lists).toEqual({ changed: [], left: [alice.userId] });
	});

	it('is not reported while another room is still shared', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w);
		const other = alice.createRoom({ invite: [bob.userId] });
		bob.join(other);
		expect(changesDuring(alice, () => bob.leave(roomId)).left).toEqual([]);
	});

	it('leaving and coming back within one sync window reads as changed', () => {
		const w = world();
		const { alice, bob, roomId } = twoInARoom(w, { preset: 'public_chat' });
		expect(
			changesDuring(alice, () => {
				bob.leave(roomId);
				bob.join(roomId);
			})
		).toEqual({ changed: [bob.userId], left: [] });
	});
});

describe('initial sync', () => {
	it('reports no device-list changes (the client queries what it tracks anyway)', () => {
		const { bob } = twoInARoom(world());
		expect(bob.sync().device_lists).toEqual({ changed: [], left: [] });
	});
});
