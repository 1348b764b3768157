/**
 * A stored world comes back without replaying anything: the homeserver from its state, each device's crypto from
 * its IndexedDB store (here `fake-indexeddb`, which the crypto library's store runs on as on the browser's). The
 * restored devices read the old messages, keep their trust, and go on talking.
 */
import { storedWorlds } from './stored-worlds.test-support';
import { describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import { openDm, verifyBySas } from './flows';
import { deleteCryptoStores, StaleWorldState, World, WORLD_STATE_VERSION } from './world';

const keep = storedWorlds('persist-test');

const bodies = (device: SimDevice, roomId: string) =>
	device
		.roomView(roomId)!
		.timeline.filter((t) => t.type === 'm.room.message' && t.content.msgtype === 'm.text')
		.map((t) => ({ body: t.content.body, utd: !!t.utd }));
const verified = async (viewer: SimDevice, other: string) => (await viewer.userTrust([other]))[0]!.verified;
const storeNames = async () =>
	(await indexedDB.databases()).flatMap((db) => (db.name?.startsWith('persist-test|') ? [db.name] : []));

/** Deletes a database; fails if a connection still holds it open (the deletion would wait for it to close). */
const deleteUnlessOpen = (name: string) =>
	new Promise<void>((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error ?? new Error(`Could not delete ${name}.`));
		req.onblocked = () => reject(new Error(`${name} is still open.`));
	});

/** Alice and Bob in a DM, two messages, verified by emoji: then stored, closed and restored. */
async function storedAndRestored() {
	const world = keep(await World.create({ cryptoStores: 'persist-test' }));
	const alice = await world.addUser('alice', { displayName: 'Alice' });
	const bob = await world.addUser('bob', { displayName: 'Bob' });
	const dm = await openDm(world, alice, bob);
	await alice.sendText(dm, 'Before the reload');
	await world.settle();
	await verifyBySas(world, alice, bob);
	await bob.sendText(dm, 'Verified now');
	await world.settle();
	// As the page keeps it: a structured clone (IndexedDB's own copy).
	const state = structuredClone(world.persist());
	world.close();
	const restored = keep(await World.restore(state));
	return { restored, dm, state };
}

describe('a persisted world', () => {
	it('restores rooms, decrypted messages and verified people from the stores, without replaying', async () => {
		const { restored, dm } = await storedAndRestored();
		const alice = restored.device('alice');
		const bob = restored.device('bob');
		const expected = [
			{ body: 'Before the reload', utd: false },
			{ body: 'Verified now', utd: false }
		];
		expect(bodies(bob, dm)).toEqual(expected);
		expect(bodies(alice, dm)).toEqual(expected);
		expect(await verified(alice, bob.userId)).toBe(true);
		expect(await verified(bob, alice.userId)).toBe(true);
		expect((await restored.trust(alice, dm)).room.shield).toBe('verified');
		expect(restored.displayName(bob.userId)).toBe('Bob');
		// The stores open all at once, but the world's devices keep their order.
		expect(restored.allDevices().map((d) => d.userId)).toEqual([alice.userId, bob.userId]);

		// The same keys and sessions go on: a new message decrypts on the other side.
		await alice.sendText(dm, 'After the reload');
		await restored.settle();
		expect(bodies(bob, dm).at(-1)).toEqual({ body: 'After the reload', utd: false });
	});

	it('keeps one crypto store per device, named by the world; deleting them leaves a fresh start', async () => {
		const { restored, state } = await storedAndRestored();
		expect((await storeNames()).filter((n) => n.includes('|@alice:sim.local|PHONE')).length).toBeGreaterThan(
			0
		);
		expect((await storeNames()).filter((n) => n.includes('|@bob:sim.local|PHONE')).length).toBeGreaterThan(0);
		restored.close();
		await deleteCryptoStores('persist-test');
		expect(await storeNames()).toEqual([]);
		// Restoring over deleted stores would mint new keys the server never saw: the page must start afresh instead.
		await expect(World.restore(state)).rejects.toThrow();
	});

	it('a restore that fails on one store leaves none of the others open', async () => {
		const { restored, state } = await storedAndRestored();
		restored.close();
		for (const name of (await storeNames()).filter((n) => n.includes('|@bob:sim.local|')))
			await deleteUnlessOpen(name);
		await expect(World.restore(state)).rejects.toThrow();
		// Alice's store opened fine, but the world did not come back: it was closed again, so it can be deleted.
		const alices = (await storeNames()).filter((n) => n.includes('|@alice:sim.local|'));
		expect(alices.length).toBeGreaterThan(0);
		for (const name of alices) await deleteUnlessOpen(name);
	});

	it('refuses a stored world of another version, and a world it cannot store', async () => {
		const { state } = await storedAndRestored();
		for (const bad of [
			{ ...state, version: WORLD_STATE_VERSION + 1 },
			{ ...state, hs: { ...state.hs, version: 0 } },
			null
		])
			await expect(World.restore(bad)).rejects.toBeInstanceOf(StaleWorldState);
		const inMemory = keep(await World.create());
		expect(() => inMemory.persist()).toThrow(/without crypto stores/);
	});
});
