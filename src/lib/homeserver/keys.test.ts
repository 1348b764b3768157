import { describe, expect, it } from 'vitest';
import {
	bootstrapCrossSigning,
	crossSigningKey,
	deviceKeys,
	expectError,
	oneTimeKeys,
	twoInARoom,
	world,
	type TestDevice
} from './test-support';

const fallbackKey = (id: string) => ({
	[`signed_curve25519:${id}`]: { key: id, fallback: true, signatures: {} }
});
const claimBody = (userId: string, deviceId: string) => ({
	one_time_keys: { [userId]: { [deviceId]: 'signed_curve25519' } }
});

describe('/keys/upload', () => {
	it('always answers one_time_key_counts with signed_curve25519', () => {
		const alice = world().user('alice');
		expect(alice.ok('POST', '/keys/upload', {})).toEqual({ one_time_key_counts: { signed_curve25519: 0 } });
		expect(alice.uploadDeviceKeys({ one_time_keys: oneTimeKeys(50) })).toEqual({
			one_time_key_counts: { signed_curve25519: 50 }
		});
		expect(alice.ok('POST', '/keys/upload', { one_time_keys: { 'curve25519:x': 'unsigned' } })).toEqual({
			one_time_key_counts: { signed_curve25519: 50, curve25519: 1 }
		});
	});

	it('refuses device keys of another user or device with 400 M_INVALID_PARAM', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		expectError(
			alice.call('POST', '/keys/upload', { device_keys: deviceKeys('@bob:sim.local', 'PHONE') }),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			alice.call('POST', '/keys/upload', { device_keys: deviceKeys(alice.userId, 'OTHER') }),
			400,
			'M_INVALID_PARAM'
		);
	});

	it('validates the shapes of device keys and key maps before storing anything', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const keys = deviceKeys(alice.userId, 'PHONE');
		const bad = (body: unknown, errcode: string) =>
			expectError(alice.call('POST', '/keys/upload', body), 400, errcode);
		bad({ device_keys: 'x' }, 'M_BAD_JSON');
		bad({ device_keys: { ...keys, keys: { a: 1 } } }, 'M_BAD_JSON');
		bad({ device_keys: { ...keys, algorithms: 'x' } }, 'M_BAD_JSON');
		bad({ device_keys: { ...keys, signatures: { [alice.userId]: 'x' } } }, 'M_BAD_JSON');
		bad({ device_keys: keys, one_time_keys: { nocolon: {} } }, 'M_INVALID_PARAM');
		bad({ device_keys: keys, one_time_keys: { 'signed_curve25519:a': 5 } }, 'M_BAD_JSON');
		expect(w.hs.serverView().users[0]!.devices[0]).toMatchObject({ oneTimeKeys: 0 });
		expect(w.hs.serverView().users[0]!.devices[0]!.keys).toBeUndefined();
	});

	it('refuses a one-time key id reused with other content, accepts the same key again', () => {
		const alice = world().user('alice');
		alice.ok('POST', '/keys/upload', { one_time_keys: oneTimeKeys(1) });
		expect(alice.ok('POST', '/keys/upload', { one_time_keys: oneTimeKeys(1) })).toEqual({
			one_time_key_counts: { signed_curve25519: 1 }
		});
		expectError(
			alice.call('POST', '/keys/upload', { one_time_keys: { 'signed_curve25519:k0': { key: 'other' } } }),
			400,
			'M_INVALID_PARAM'
		);
	});
});

describe('/keys/query', () => {
	it('serves device keys with their display name, for all or for named devices', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const laptop = w.device(alice.userId, 'LAPTOP');
		const bob = w.user('bob');
		alice.uploadDeviceKeys();
		laptop.uploadDeviceKeys();
		const all = bob.query(alice.userId);
		expect(Object.keys(all.device_keys[alice.userId]!)).toEqual(['PHONE', 'LAPTOP']);
		expect(all.device_keys[alice.userId]!.PHONE).toEqual({
			...deviceKeys(alice.userId, 'PHONE'),
			unsigned: { device_display_name: 'PHONE' }
		});
		const one = bob.okAs<typeof all>('POST', '/keys/query', { device_keys: { [alice.userId]: ['LAPTOP'] } });
		expect(Object.keys(one.device_keys[alice.userId]!)).toEqual(['LAPTOP']);
		expect(all.failures).toEqual({});
	});

	it('leaves out devices without keys, and answers unknown users with no devices', () => {
		const w = world();
		const alice = w.user('alice');
		const res = alice.query(alice.userId, '@ghost:sim.local');
		expect(res.device_keys).toEqual({ [alice.userId]: {}, '@ghost:sim.local': {} });
		expect(res.master_keys).toEqual({});
	});

	it('serves master and self-signing keys to everyone, the user-signing key only to its owner', () => {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		bootstrapCrossSigning(alice, 'alice');
		const own = alice.query(alice.userId);
		const other = bob.query(alice.userId);
		expect(own.master_keys[alice.userId]).toEqual(crossSigningKey(alice.userId, 'master', 'alice-master'));
		expect(own.self_signing_keys[alice.userId]).toBeDefined();
		expect(own.user_signing_keys[alice.userId]).toEqual(
			crossSigningKey(alice.userId, 'user_signing', 'alice-usk')
		);
		expect(other.master_keys[alice.userId]).toEqual(own.master_keys[alice.userId]);
		expect(other.user_signing_keys).toEqual({});
	});

	it('validates the request', () => {
		const alice = world().user('alice');
		expectError(alice.call('POST', '/keys/query', {}), 400, 'M_MISSING_PARAM');
		expectError(alice.call('POST', '/keys/query', { device_keys: [] }), 400, 'M_BAD_JSON');
		expectError(
			alice.call('POST', '/keys/query', { device_keys: { [alice.userId]: 'all' } }),
			400,
			'M_BAD_JSON'
		);
		expectError(alice.call('POST', '/keys/query', { device_keys: { alice: [] } }), 400, 'M_INVALID_PARAM');
		expectError(alice.call('POST', '/keys/query', { device_keys: {}, timeout: 'long' }), 400, 'M_BAD_JSON');
	});
});

describe('/keys/claim', () => {
	it('hands out each one-time key once, then the fallback key (which stays, marked used)', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const bob = w.user('bob');
		alice.ok('POST', '/keys/upload', { one_time_keys: oneTimeKeys(2), fallback_keys: fallbackKey('fb') });
		const claim = () => bob.ok('POST', '/keys/claim', claimBody(alice.userId, 'PHONE'));
		expect(claim()).toEqual({
			one_time_keys: {
				[alice.userId]: { PHONE: { 'signed_curve25519:k0': { key: 'k0-pub', signatures: {} } } }
			},
			failures: {}
		});
		expect(
			Object.keys((claim().one_time_keys as Record<string, Record<string, object>>)[alice.userId]!.PHONE!)
		).toEqual(['signed_curve25519:k1']);
		expect(alice.sync().device_unused_fallback_key_types).toEqual(['signed_curve25519']);
		const fallback = claim();
		expect(fallback).toEqual({
			one_time_keys: {
				[alice.userId]: { PHONE: { 'signed_curve25519:fb': { key: 'fb', fallback: true, signatures: {} } } }
			},
			failures: {}
		});
		expect(claim()).toEqual(fallback);
		const sync = alice.sync();
		expect(sync.device_one_time_keys_count).toEqual({ signed_curve25519: 0 });
		expect(sync.device_unused_fallback_key_types).toEqual([]);
	});

	it('a new fallback key is unused again; re-uploading the used one does not reset it', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const bob = w.user('bob');
		alice.ok('POST', '/keys/upload', { fallback_keys: fallbackKey('fb1') });
		bob.ok('POST', '/keys/claim', claimBody(alice.userId, 'PHONE'));
		alice.ok('POST', '/keys/upload', { fallback_keys: fallbackKey('fb1') });
		expect(alice.sync().device_unused_fallback_key_types).toEqual([]);
		alice.ok('POST', '/keys/upload', { fallback_keys: fallbackKey('fb2') });
		expect(alice.sync().device_unused_fallback_key_types).toEqual(['signed_curve25519']);
	});

	it('omits absent devices and users, and devices without keys', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const bob = w.user('bob');
		expect(
			bob.ok('POST', '/keys/claim', {
				one_time_keys: {
					[alice.userId]: { PHONE: 'signed_curve25519', NOPE: 'signed_curve25519' },
					'@ghost:sim.local': { X: 'signed_curve25519' }
				}
			})
		).toEqual({ one_time_keys: {}, failures: {} });
	});

	it('validates the whole request before claiming anything', () => {
		const w = world();
		const alice = w.user('alice', 'PHONE');
		const bob = w.user('bob');
		alice.ok('POST', '/keys/upload', { one_time_keys: oneTimeKeys(1) });
		expectError(bob.call('POST', '/keys/claim', {}), 400, 'M_MISSING_PARAM');
		expectError(
			bob.call('POST', '/keys/claim', {
				one_time_keys: { [alice.userId]: { PHONE: 'signed_curve25519' }, bad: {} }
			}),
			400,
			'M_INVALID_PARAM'
		);
		expectError(
			bob.call('POST', '/keys/claim', { one_time_keys: { [alice.userId]: { PHONE: 5 } } }),
			400,
			'M_BAD_JSON'
		);
		expect(alice.sync().device_one_time_keys_count).toEqual({ signed_curve25519: 1 });
	});
});

describe('/keys/device_signing/upload', () => {
	it('validates ownership, usage and key shape', () => {
		const alice = world().user('alice');
		const bad = (body: unknown, errcode: string) =>
			expectError(alice.call('POST', '/keys/device_signing/upload', body), 400, errcode);
		bad({ master_key: crossSigningKey('@bob:sim.local', 'master', 'm') }, 'M_INVALID_PARAM');
		bad({ master_key: crossSigningKey(alice.userId, 'self_signing', 'm') }, 'M_INVALID_PARAM');
		bad(
			{ master_key: { ...crossSigningKey(alice.userId, 'master', 'm'), keys: { a: 'x', b: 'y' } } },
			'M_INVALID_PARAM'
		);
		bad({ master_key: { ...crossSigningKey(alice.userId, 'master', 'm'), keys: 'x' } }, 'M_BAD_JSON');
		bad({ self_signing_key: crossSigningKey(alice.userId, 'self_signing', 's') }, 'M_INVALID_PARAM');
		bad({ master_key: 'x' }, 'M_BAD_JSON');
		expect(alice.query(alice.userId).master_keys).toEqual({});
	});

	it('accepts an auth field and answers {}', () => {
		const alice = world().user('alice');
		expect(
			alice.ok('POST', '/keys/device_signing/upload', {
				master_key: crossSigningKey(alice.userId, 'master', 'm'),
				auth: { type: 'm.login.dummy' }
			})
		).toEqual({});
	});
});

describe('/keys/signatures/upload', () => {
	function crossSigned() {
		const w = world();
		const { alice, bob } = twoInARoom(w);
		for (const [d, name] of [
			[alice, 'alice'],
			[bob, 'bob']
		] as [TestDevice, string][]) {
			d.uploadDeviceKeys();
			bootstrapCrossSigning(d, name);
		}
		return { w, alice, bob };
	}
	const signMaster = (signer: TestDevice, target: TestDevice, targetName: string, sig: string) =>
		signer.ok('POST', '/keys/signatures/upload', {
			[target.userId]: {
				[`${targetName}-master`]: crossSigningKey(target.userId, 'master', `${targetName}-master`, {
					[signer.userId]: { [`ed25519:${signer.userId}-usk`]: sig }
				})
			}
		});

	/** Uploads (replaces) the user's master key. */
	const uploadMaster = (device: TestDevice, keyId: string) =>
		device.ok('POST', '/keys/device_signing/upload', {
			master_key: crossSigningKey(device.userId, 'master', keyId)
		});
	/** The signatures `signer` put on `target`'s master key, as `viewer` sees them. */
	const masterSignatures = (viewer: TestDevice, target: TestDevice, signer: TestDevice) =>
		viewer.query(target.userId).master_keys[target.userId]!.signatures[signer.userId];

	it('merges own signatures into devices and cross-signing keys, visible to everyone', () => {
		const { alice, bob } = crossSigned();
		const signedDevice = {
			...deviceKeys(alice.userId, alice.deviceId),
			signatures: { [alice.userId]: { 'ed25519:alice-ssk': 'ssk-sig' } }
		};
		const signedMaster = crossSigningKey(alice.userId, 'master', 'alice-master', {
			[alice.userId]: { [`ed25519:${alice.deviceId}`]: 'dev-sig' }
		});
		expect(
			alice.ok('POST', '/keys/signatures/upload', {
				[alice.userId]: { [alice.deviceId]: signedDevice, 'alice-master': signedMaster }
			})
		).toEqual({ failures: {} });
		const seen = bob.query(alice.userId);
		expect(seen.device_keys[alice.userId]![alice.deviceId]!.signatures[alice.userId]).toEqual({
			[`ed25519:${alice.deviceId}`]: `selfsig-${alice.deviceId}`,
			'ed25519:alice-ssk': 'ssk-sig'
		});
		expect(seen.master_keys[alice.userId]!.signatures[alice.userId]).toEqual({
			[`ed25519:${alice.deviceId}`]: 'dev-sig'
		});
	});

	it("keeps a signature on another user's master key visible only to the signer", () => {
		const { w, alice, bob } = crossSigned();
		const carol = w.user('carol');
		expect(signMaster(alice, bob, 'bob', 'alice-trusts-bob')).toEqual({ failures: {} });
		expect(masterSignatures(alice, bob, alice)).toEqual({
			[`ed25519:${alice.userId}-usk`]: 'alice-trusts-bob'
		});
		expect(masterSignatures(bob, bob, alice)).toBeUndefined();
		expect(masterSignatures(carol, bob, alice)).toBeUndefined();
		// another device of the signer sees it too: it is the signer's user that matters
		const aliceLaptop = w.device(alice.userId, 'LAPTOP');
		expect(masterSignatures(aliceLaptop, bob, alice)).toBeDefined();
	});

	it('drops foreign signatures when the master key is replaced (identity reset)', () => {
		const { alice, bob } = crossSigned();
		signMaster(alice, bob, 'bob', 'alice-trusts-bob');
		uploadMaster(bob, 'bob-master-2');
		const seen = alice.query(bob.userId).master_keys[bob.userId]!;
		expect(seen.keys).toEqual({ 'ed25519:bob-master-2': 'bob-master-2' });
		expect(seen.signatures[alice.userId]).toBeUndefined();
		// re-uploading the old key does not bring the old signature back
		uploadMaster(bob, 'bob-master');
		expect(masterSignatures(alice, bob, alice)).toBeUndefined();
	});

	it('re-uploading the same master key keeps signatures', () => {
		const { alice, bob } = crossSigned();
		signMaster(alice, bob, 'bob', 'sig');
		uploadMaster(bob, 'bob-master');
		expect(masterSignatures(alice, bob, alice)).toBeDefined();
	});

	it('reports unknown targets and mismatching objects as failures, not errors', () => {
		const { alice, bob } = crossSigned();
		const res = alice.ok('POST', '/keys/signatures/upload', {
			[alice.userId]: { NODEVICE: { keys: {}, signatures: { [alice.userId]: { a: 'b' } } } },
			[bob.userId]: {
				[bob.deviceId]: {
					...deviceKeys(bob.userId, bob.deviceId),
					signatures: { [alice.userId]: { a: 'b' } }
				},
				'bob-master': {
					...crossSigningKey(bob.userId, 'master', 'bob-master'),
					keys: { 'ed25519:x': 'x' },
					signatures: { [alice.userId]: { a: 'b' } }
				}
			},
			'@ghost:sim.local': { anything: { signatures: {} } }
		});
		expect(res.failures).toMatchObject({
			[alice.userId]: { NODEVICE: { errcode: 'M_NOT_FOUND' } },
			[bob.userId]: {
				[bob.deviceId]: { errcode: 'M_NOT_FOUND' },
				'bob-master': { errcode: 'M_INVALID_SIGNATURE' }
			},
			'@ghost:sim.local': { anything: { errcode: 'M_NOT_FOUND' } }
		});
	});

	it("ignores signatures made in someone else's name", () => {
		const { alice, bob } = crossSigned();
		const forged = crossSigningKey(bob.userId, 'master', 'bob-master', {
			'@carol:sim.local': { 'ed25519:c': 'forged' }
		});
		const res = alice.ok('POST', '/keys/signatures/upload', { [bob.userId]: { 'bob-master': forged } });
		expect(res.failures).toMatchObject({
			[bob.userId]: { 'bob-master': { errcode: 'M_INVALID_SIGNATURE' } }
		});
		expect(alice.query(bob.userId).master_keys[bob.userId]!.signatures['@carol:sim.local']).toBeUndefined();
	});

	it('refuses structurally broken bodies with 400', () => {
		const { alice } = crossSigned();
		expectError(alice.call('POST', '/keys/signatures/upload', { [alice.userId]: 'x' }), 400, 'M_BAD_JSON');
		expectError(
			alice.call('POST', '/keys/signatures/upload', { [alice.userId]: { D: { signatures: 'x' } } }),
			400,
			'M_BAD_JSON'
		);
	});
});
