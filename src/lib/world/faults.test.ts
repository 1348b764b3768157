/** Faults the scenario injects at the server, seen through real devices. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import { openDm } from './flows';
import { World, type WorldOptions } from './world';

let world: World;
afterEach(() => world?.close());

async function dm(opts: WorldOptions = {}) {
	world = await World.create(opts);
	const alice = await world.addUser('alice');
	const bob = await world.addUser('bob');
	const roomId = await openDm(world, alice, bob);
	return { alice, bob, roomId };
}

const lastMessage = (device: SimDevice, roomId: string) =>
	device
		.roomView(roomId)!
		.timeline.filter((t) => t.encrypted)
		.at(-1);

describe('faults', () => {
	it('an offline device misses nothing: it reads the message once it is back', async () => {
		const { alice, bob, roomId } = await dm();
		world.hs.faults.setDeviceOffline(bob.userId, bob.deviceId, true);
		await alice.sendText(roomId, 'Are you there?');
		await world.settle();
		expect(lastMessage(bob, roomId)).toBeUndefined();
		world.hs.faults.setDeviceOffline(bob.userId, bob.deviceId, false);
		await world.settle();
		expect(lastMessage(bob, roomId)?.content.body).toBe('Are you there?');
	});

	it('a dropped room key leaves the message unreadable; a delayed one arrives later', async () => {
		// The server's clock runs with the real one but can be moved on: the delay ends when the test says so, not
		// when a busy machine happens to get there.
		let skipped = 0;
		const { alice, bob, roomId } = await dm({ clock: { now: () => Date.now() + skipped } });
		world.hs.faults.dropToDevice({ recipient: bob.userId, eventType: 'm.room.encrypted', count: 1 });
		await alice.sendText(roomId, 'This key gets lost');
		await world.settle();
		expect(lastMessage(bob, roomId)?.utd).toBeDefined();

		await alice.rotateRoomKey(roomId);
		world.hs.faults.delayToDevice({ recipient: bob.userId, eventType: 'm.room.encrypted', count: 1 }, 60_000);
		await alice.sendText(roomId, 'This key comes late');
		await world.settle();
		expect(lastMessage(bob, roomId)?.utd).toBeDefined();
		skipped += 60_000;
		await world.settle();
		expect(lastMessage(bob, roomId)?.content.body).toBe('This key comes late');
	});

	it('latency goes through the injected sleep, and the flows still complete', async () => {
		const waits: number[] = [];
		const { alice, bob, roomId } = await dm({
			sleep: (ms: number) => {
				waits.push(ms);
				return Promise.resolve();
			}
		});
		world.hs.faults.setLatency(250);
		await alice.sendText(roomId, 'Slow but sure');
		await world.settle();
		expect(lastMessage(bob, roomId)?.content.body).toBe('Slow but sure');
		expect(waits.length).toBeGreaterThan(5);
		expect(waits.every((ms) => ms === 250)).toBe(true);
	});
});
