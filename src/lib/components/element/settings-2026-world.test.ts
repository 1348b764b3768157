/**
 * The 2026 setup toast against real worlds (real crypto, no mocks): each toast shows exactly in the state that calls
 * for it, and goes once the learner did what it asks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBySas } from '$lib/world/flows';
import { World } from '$lib/world/world';
import type { SimDevice } from '$lib/device/sim-device';
import { setupToast2026 } from './settings-2026';

let world: World;
afterEach(() => world?.close());

async function toastOn(device: SimDevice, verifyLater = false) {
	await world.settle();
	const snapshot = await world.snapshot();
	const d = snapshot.devices.find((x) => x.userId === device.userId && x.deviceId === device.deviceId);
	return setupToast2026({ device: d, dismissed: new Set(), verifyLater });
}

describe('the 2026 setup toast in real worlds', () => {
	it('"Back up your chats" until a recovery key exists; a laptop verified before it is out of sync until it enters it', async () => {
		world = await World.create();
		const phone = await world.addUser('alice', { displayName: 'Alice' });
		expect(await toastOn(phone)).toBe('backUpChats');

		const laptop = await world.addDevice(phone.userId, 'LAPTOP');
		expect(await toastOn(laptop)).toBeUndefined();
		expect(await toastOn(laptop, true)).toBe('verifyThisDevice');
		await verifyBySas(world, laptop, phone);
		expect(await toastOn(laptop)).toBe('backUpChats');

		const recoveryKey = await phone.setupKeyBackup();
		expect(await toastOn(phone)).toBeUndefined();
		// The laptop has the identity but not the key of the new key storage.
		expect(await toastOn(laptop)).toBe('outOfSync');
		await laptop.restoreFromBackup(recoveryKey);
		expect(await toastOn(laptop)).toBeUndefined();

		// A reset deletes the key storage with the old recovery key: a new one is needed.
		await phone.resetIdentity();
		expect(await toastOn(phone)).toBe('backUpChats');
		// Switched off on purpose: no more asking.
		await phone.setupKeyBackup();
		await phone.deleteKeyStorage();
		expect(await toastOn(phone)).toBeUndefined();
	});
});
