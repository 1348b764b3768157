/** Devices made at once (a scenario's people, a crowd's batch) join the world in the order they were asked for. */
import { afterEach, describe, expect, it } from 'vitest';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

describe('devices made at once', () => {
	it('join the world in the order asked, though a later one is ready first', async () => {
		world = await World.create();
		// Anna makes cross-signing keys as she starts (more work), Ben does not: his device would be ready first.
		await Promise.all([
			world.addUser('anna', { crossSigning: true }),
			world.addUser('ben', { crossSigning: false })
		]);
		expect(world.allDevices().map((d) => d.userId)).toEqual([world.userId('anna'), world.userId('ben')]);
		// Anna, asked for first, is the learner whichever device opened first.
		expect(world.learnerId()).toBe(world.userId('anna'));
	});

	it('one that fails does not keep the next from joining', async () => {
		world = await World.create();
		world.hs.createUser('carl');
		// A token the server never issued: the device's first request is refused.
		const failing = world.attach(world.userId('carl'), 'PHONE', 'not-a-token');
		const dora = world.addUser('dora');
		await expect(failing).rejects.toThrow();
		await dora;
		expect(world.allDevices().map((d) => d.userId)).toEqual([world.userId('dora')]);
	});
});
