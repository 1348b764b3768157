/**
 * The contacts through the page's commands (as the sandbox menu uses them): add personas, a man in the middle
 * added later, the call, the language, and what the snapshot shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { DELAYS } from '../contacts/persona';
import { dispatch, type WorldCommand } from './commands';
import { flowOn, openDm } from './flows';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

async function ok(cmd: WorldCommand): Promise<unknown> {
	const result = await dispatch(world, cmd);
	if (!result.ok) throw new Error(JSON.stringify(result.error));
	return result.value;
}

describe('contacts through commands', () => {
	it('adds Bob and, later, a man in the middle: the emoji differ; the call and the language follow', async () => {
		const clock = new SimulatedClock();
		world = await World.create({ contactClock: clock });
		const you = await world.addUser('you', { displayName: 'You' });
		const on = { userId: you.userId, deviceId: you.deviceId };
		expect(await ok({ type: 'addContact', persona: 'bob' })).toEqual({
			userId: '@bob:sim.local',
			persona: 'bob',
			displayName: 'Bob'
		});
		await openDm(world, you, world.device('bob'));
		await ok({ type: 'setLocale', locale: 'de' });
		expect(await ok({ type: 'addContact', persona: 'mitm' })).toMatchObject({ persona: 'mitm' });

		const snapshot = await world.snapshot([you.userId]);
		expect(snapshot.locale).toBe('de');
		expect(snapshot.contacts.map((c) => c.persona)).toEqual(['bob', 'mitm']);
		expect(snapshot.contacts[0]!.description).toContain('Kooperativ');
		expect(
			snapshot.server.users.find((u) => u.userId === '@bob:sim.local')?.devices.some((d) => d.shadow)
		).toBe(true);

		const flowId = (await ok({
			type: 'requestVerification',
			otherUserId: '@bob:sim.local',
			...on
		})) as string;
		clock.increment(DELAYS.ACCEPT_DELAY);
		await ok({ type: 'tick' });
		expect(flowOn(you, flowId).phase).toBe('ready');
		await ok({ type: 'startSas', flowId, ...on });
		const call = (await world.snapshot([])).calls.find((c) => c.contactUserId === '@bob:sim.local')!;
		expect(call.emojiIndex).toHaveLength(7);
		expect(call.emojiIndex).not.toEqual(flowOn(you, flowId).sas?.emojiIndex);
		expect(call.lines.at(-1)).toContain('Auf meinem Bildschirm');

		await ok({ type: 'sayInCall', contactUserId: '@bob:sim.local', text: 'Stimmt etwas nicht?' });
		// Bob cannot see the learner's screen: he reads his own emoji again and leaves the verdict to the learner.
		expect((await world.snapshot([])).calls[0]!.lines.at(-1)).toContain('also entscheidest du');
		await ok({ type: 'endCall', contactUserId: '@bob:sim.local' });
		expect((await world.snapshot([])).calls).toEqual([]);
		const bad = await dispatch(world, { type: 'startCall', contactUserId: '@nobody:sim.local' });
		expect(bad.ok).toBe(false);
		expect(world.contacts.errors).toEqual([]);
	});

	it('adds a crowd, which shows its progress until it is built', async () => {
		world = await World.create({ contactClock: new SimulatedClock() });
		await world.addUser('you');
		await ok({ type: 'addCrowd', size: 3 });
		expect((await world.snapshot([])).progress).toMatchObject({ total: 3 });
		await world.contacts.settled();
		await ok({ type: 'tick' });
		const snapshot = await world.snapshot([]);
		expect(snapshot.progress).toBeUndefined();
		expect(snapshot.contacts).toEqual([
			expect.objectContaining({ persona: 'crowd', displayName: 'Town hall (3)' })
		]);
		expect(world.device('you').pendingInvites()).toHaveLength(1);
	});
});
