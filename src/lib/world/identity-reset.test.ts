import { afterEach, describe, expect, it } from 'vitest';
import { DeviceActionError } from '../device/sim-device';
import { dispatch } from './commands';
import { verifyBySas } from './flows';
import { inDmWithBob } from './test-support';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

/** Alice (phone, key storage with a recovery key, a laptop opened with it) and Bob, who verified her by emoji. */
async function verifiedAlice() {
	world = await World.create();
	const { person: alice, bob } = await inDmWithBob(world, 'alice', 'Alice');
	const recoveryKey = await alice.setupKeyBackup();
	const laptop = await world.addDevice(alice.userId, 'LAPTOP');
	await world.settle();
	await laptop.restoreFromBackup(recoveryKey);
	await verifyBySas(world, bob, alice);
	await world.settle();
	return { alice, bob, laptop, recoveryKey };
}

const on = (d: { userId: string; deviceId: string }) => ({ userId: d.userId, deviceId: d.deviceId });

describe('resetting one’s own digital identity', () => {
	it('makes new cross-signing keys: contacts see the change, other devices lose their signature, the old key storage is gone', async () => {
		const { alice, bob, laptop, recoveryKey } = await verifiedAlice();
		expect(await alice.backupState()).toMatchObject({ exists: true, recovery: true, keyStorageOff: false });
		expect((await bob.userTrust([alice.userId]))[0]).toMatchObject({ verified: true });

		const result = await dispatch(world, { type: 'resetIdentity', ...on(alice) });
		expect(result.ok).toBe(true);
		await world.settle();

		expect(await alice.crossSigningState()).toMatchObject({ hasMaster: true, deviceVerified: true });
		expect(await alice.backupState()).toMatchObject({ exists: false, enabled: false, recovery: false });
		const seenByBob = (await bob.userTrust([alice.userId]))[0]!;
		expect(seenByBob).toMatchObject({ verified: false, wasVerified: true });
		const own = (await alice.userTrust([alice.userId]))[0]!;
		expect(own.devices.find((d) => d.deviceId === 'LAPTOP')).toMatchObject({ signedByOwner: false });
		expect((await laptop.crossSigningState()).deviceVerified).toBe(false);
		// The old recovery key opens nothing any more.
		const old = await laptop.restoreFromBackup(recoveryKey).catch((e: unknown) => e);
		expect((old as DeviceActionError).reason).toBe('no-backup');
	});

	it('a new device that cannot confirm resets and is verified by the new identity', async () => {
		const { alice, bob } = await verifiedAlice();
		const tablet = await world.addDevice(alice.userId, 'TABLET');
		await world.settle();
		expect((await tablet.crossSigningState()).deviceVerified).toBe(false);
		expect((await dispatch(world, { type: 'resetIdentity', ...on(tablet) })).ok).toBe(true);
		await world.settle();
		expect(await tablet.crossSigningState()).toMatchObject({ hasMaster: true, deviceVerified: true });
		expect((await alice.crossSigningState()).deviceVerified).toBe(false);
		expect((await bob.userTrust([alice.userId]))[0]).toMatchObject({ verified: false, wasVerified: true });
	});
});

describe('key storage switched off', () => {
	it('deletes the backup and the recovery key and remembers the choice until a new recovery key is made', async () => {
		const { alice, laptop, recoveryKey } = await verifiedAlice();
		expect((await dispatch(world, { type: 'deleteKeyStorage', ...on(alice) })).ok).toBe(true);
		expect(await alice.backupState()).toMatchObject({
			exists: false,
			enabled: false,
			recovery: false,
			keyStorageOff: true
		});
		const gone = await laptop.restoreFromBackup(recoveryKey).catch((e: unknown) => e);
		expect((gone as DeviceActionError).reason).toBe('no-backup');

		const fresh = await alice.setupKeyBackup();
		expect(await alice.backupState()).toMatchObject({
			exists: true,
			enabled: true,
			hasKey: true,
			recovery: true,
			keyStorageOff: false
		});
		await expect(laptop.restoreFromBackup(fresh)).resolves.toMatchObject({ imported: expect.any(Number) });
	});
});
