import { afterEach, describe, expect, it } from 'vitest';
import { BackupDecryptionKey } from '@matrix-org/matrix-sdk-crypto-wasm';
import { DeviceActionError, type SimDevice } from '../device/sim-device';
import { encodeRecoveryKey } from '../device/recovery-key';
import { openDm, verifyBySas } from './flows';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

async function historyWithBob(): Promise<{ alice: SimDevice; bob: SimDevice; dm: string }> {
	world = await World.create();
	const alice = await world.addUser('alice', { displayName: 'Alice' });
	const bob = await world.addUser('bob', { displayName: 'Bob' });
	const dm = await openDm(world, alice, bob);
	await bob.sendText(dm, 'The code for the gate is 4711');
	await world.settle();
	return { alice, bob, dm };
}

const readable = (device: SimDevice, roomId: string) =>
	device
		.roomView(roomId)!
		.timeline.filter((t) => t.encrypted)
		.map((t) => (t.utd ? 'UTD' : t.content.body));

describe('key backup', () => {
	it('restores history on a new device with the Security Key; a wrong or malformed key changes nothing', async () => {
		const { alice, dm } = await historyWithBob();
		const recoveryKey = await alice.setupKeyBackup();
		expect(recoveryKey).toMatch(/^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/);
		await alice.sendText(dm, 'And the wifi password is on the fridge');
		await world.settle();
		const state = await alice.backupState();
		expect(state).toMatchObject({ exists: true, enabled: true, hasKey: true });
		expect(state.keysBackedUp).toBe(state.keysTotal);
		expect(state.keysTotal).toBeGreaterThanOrEqual(2);

		const laptop = await world.addDevice(alice.userId, 'LAPTOP');
		await world.settle();
		expect(readable(laptop, dm)).toEqual(['UTD', 'UTD']);

		const wrongKey = encodeRecoveryKey(BackupDecryptionKey.createRandomKey().toBase64());
		const wrong = await laptop.restoreFromBackup(wrongKey).catch((e: unknown) => e);
		expect(wrong).toBeInstanceOf(DeviceActionError);
		expect((wrong as DeviceActionError).reason).toBe('wrong-key');
		const malformed = await laptop.restoreFromBackup('EsT0 not a key').catch((e: unknown) => e);
		expect((malformed as DeviceActionError).reason).toBe('invalid-key');
		expect(readable(laptop, dm)).toEqual(['UTD', 'UTD']);
		expect((await laptop.backupState()).hasKey).toBe(false);

		const result = await laptop.restoreFromBackup(recoveryKey);
		expect(result.imported).toBeGreaterThanOrEqual(2);
		expect(readable(laptop, dm)).toEqual([
			'The code for the gate is 4711',
			'And the wifi password is on the fridge'
		]);
		// Keys restored from a backup cannot prove who sent them: the library says so.
		const entry = laptop.roomView(dm)!.timeline.find((t) => t.encrypted)!;
		expect(entry.trust?.code).toBe('AuthenticityNotGuaranteed');

		// "Verify with Security Key": the same key opened the cross-signing keys in secret storage, and the laptop
		// signed itself with them, so the phone sees it as verified by its owner.
		await world.settle();
		expect(await laptop.crossSigningState()).toEqual(CROSS_SIGNED);
		const own = (await alice.userTrust([alice.userId]))[0]!;
		expect(own.devices.find((d) => d.deviceId === 'LAPTOP')).toMatchObject({ signedByOwner: true });
		expect(JSON.stringify(world.hs.serverView())).not.toContain(recoveryKey.replace(/ /g, ''));
	});

	it('a device without a backup on the server gets a clear error', async () => {
		const { alice } = await historyWithBob();
		const key = encodeRecoveryKey(BackupDecryptionKey.createRandomKey().toBase64());
		const err = await alice.restoreFromBackup(key).catch((e: unknown) => e);
		expect((err as DeviceActionError).reason).toBe('no-backup');
	});
});

/** What the server keeps in the account's secret storage (read with a token of its own, as another client would). */
async function secretStorageKeyOn(userId: string): Promise<unknown> {
	const { accessToken } = world.hs.login(userId, 'PROBE');
	const res = await world.hs.request({
		method: 'GET',
		path: `/_matrix/client/v3/user/${encodeURIComponent(userId)}/account_data/m.secret_storage.default_key`,
		accessToken
	});
	return res.status === 200 ? res.body : undefined;
}

/** A device that holds all three cross-signing keys and is signed by its owner. */
const CROSS_SIGNED = { hasMaster: true, hasSelfSigning: true, hasUserSigning: true, deviceVerified: true };

const backupVersions = () => world.hs.serverView().keyBackups.flatMap((u) => u.versions);

describe('Secure Backup: made only when the learner kept the key', () => {
	it('cancelled after the key was shown: no backup on the server, no secret storage, the offer stays', async () => {
		const { alice } = await historyWithBob();
		const shown = await alice.createSecurityKey();
		expect(shown).toMatch(/^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/);
		// Shown, not yet kept: nothing is set up yet.
		expect(backupVersions()).toEqual([]);
		await alice.cancelKeyBackup();
		await world.settle();

		expect(backupVersions()).toEqual([]);
		const device = (await world.snapshot()).devices.find((d) => d.deviceId === alice.deviceId)!;
		// What the "Set up Secure Backup" toast reads: a verified device without a backup.
		expect(device.crossSigning.deviceVerified).toBe(true);
		expect(device.backup).toMatchObject({ exists: false, enabled: false, hasKey: false });
		// "Continue" after a cancel has no key to keep.
		const err = await alice.confirmKeyBackup().catch((e: unknown) => e);
		expect((err as DeviceActionError).reason).toBe('not-ready');
		expect(backupVersions()).toEqual([]);
		expect(await secretStorageKeyOn(alice.userId)).toBeUndefined();
	});

	it('"Continue" after the key was kept: the backup is made, locked with the key that was shown', async () => {
		const { alice, dm } = await historyWithBob();
		const shown = await alice.createSecurityKey();
		await alice.confirmKeyBackup();
		await world.settle();
		expect(backupVersions()).toHaveLength(1);
		const state = await alice.backupState();
		expect(state).toMatchObject({ exists: true, enabled: true, hasKey: true });
		expect(state.keysBackedUp).toBe(state.keysTotal);
		expect(await secretStorageKeyOn(alice.userId)).toMatchObject({ key: expect.any(String) });

		const laptop = await world.addDevice(alice.userId, 'LAPTOP');
		await world.settle();
		await laptop.restoreFromBackup(shown);
		expect(readable(laptop, dm)).toEqual(['The code for the gate is 4711']);
	});
});

describe('self-verification of a new device', () => {
	it('hands the new device the cross-signing keys and the backup key, so it reads history without the Security Key', async () => {
		const { alice, dm } = await historyWithBob();
		await alice.setupKeyBackup();
		await world.settle();

		const laptop = await world.addDevice(alice.userId, 'LAPTOP', { displayName: 'Laptop' });
		await world.settle();
		expect(readable(laptop, dm)).toEqual(['UTD']);
		expect(await laptop.crossSigningState()).toMatchObject({ hasMaster: false, deviceVerified: false });

		const { initiatorEmoji, responderEmoji } = await verifyBySas(world, laptop, alice);
		expect(initiatorEmoji).toHaveLength(7);
		expect(initiatorEmoji).toEqual(responderEmoji);
		await world.settle();

		expect(await laptop.crossSigningState()).toEqual(CROSS_SIGNED);
		expect((await laptop.backupState()).hasKey).toBe(true);
		expect(readable(laptop, dm)).toEqual(['The code for the gate is 4711']);
		// The old device now sees the laptop as verified by its owner.
		const own = (await alice.userTrust([alice.userId]))[0]!;
		expect(own.devices.find((d) => d.deviceId === 'LAPTOP')).toMatchObject({ signedByOwner: true });
	});
});
