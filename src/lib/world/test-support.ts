/** What the world's tests share: the set-ups many of them start from. */
import type { SimDevice } from '../device/sim-device';
import { openDm } from './flows';
import type { World } from './world';

/** Someone (one device) and Bob in a DM that someone opened: where a conversation with Bob starts. */
export async function inDmWithBob(
	world: World,
	localpart: string,
	displayName: string
): Promise<{ person: SimDevice; bob: SimDevice; dm: string }> {
	const person = await world.addUser(localpart, { displayName });
	const bob = await world.addUser('bob', { displayName: 'Bob' });
	const dm = await openDm(world, person, bob);
	return { person, bob, dm };
}
