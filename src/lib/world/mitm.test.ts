/**
 * The man in the middle: a compromised server hands each side an attacker's keys for the other. The attacker
 * verifies with each of them separately, so the emoji the learner sees differ from the ones the real contact reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import { flowOn, incomingRequest } from './flows';
import { inDmWithBob } from './test-support';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

async function dmBetweenYouAndBob() {
	world = await World.create();
	const { person: you, bob, dm } = await inDmWithBob(world, 'you', 'You');
	return { you, bob, dm };
}

const emojiOf = (device: SimDevice, flowId: string) => flowOn(device, flowId).sas?.emojiIndex;

describe('man in the middle', () => {
	it('with a compromised server, the learner and the real contact see different emoji', async () => {
		const { you, bob } = await dmBetweenYouAndBob();
		const attacker = await world.compromiseServer(you.userId, bob.userId);
		await world.settle();

		// The learner asks "Bob" to verify; the request reaches the attacker's device posing as Bob.
		const yourFlow = await you.requestVerification(bob.userId);
		await world.settle();
		expect(incomingRequest(bob, you.userId)).toBeUndefined();
		expect(incomingRequest(attacker.asTarget, you.userId)?.flowId).toBe(yourFlow);

		// The attacker opens a second verification with the real Bob, posing as the learner.
		const bobsFlow = await attacker.asVictim.requestVerification(bob.userId);
		await world.settle();
		expect(incomingRequest(bob, you.userId)?.flowId).toBe(bobsFlow);

		await attacker.asTarget.acceptVerification(yourFlow);
		await bob.acceptVerification(bobsFlow);
		await world.settle();
		await you.startSas(yourFlow);
		await attacker.asVictim.startSas(bobsFlow);
		await world.settle();

		const yours = emojiOf(you, yourFlow);
		const bobs = emojiOf(bob, bobsFlow);
		expect(yours).toHaveLength(7);
		expect(bobs).toHaveLength(7);
		// Each leg is internally consistent (the attacker sees what its victim sees) …
		expect(emojiOf(attacker.asTarget, yourFlow)).toEqual(yours);
		expect(emojiOf(attacker.asVictim, bobsFlow)).toEqual(bobs);
		// … but what the learner sees is not what Bob reads out in the call.
		expect(yours).not.toEqual(bobs);

		// The learner says "They don't match": the flow ends, nobody is verified.
		await you.mismatchSas(yourFlow);
		await world.settle();
		expect(flowOn(you, yourFlow).cancel?.code).toBe('m.mismatched_sas');
		expect((await you.userTrust([bob.userId]))[0]!.verified).toBe(false);
	});

	it('with an honest server, both see the same emoji', async () => {
		const { you, bob } = await dmBetweenYouAndBob();
		const flowId = await you.requestVerification(bob.userId);
		await world.settle();
		await bob.acceptVerification(flowId);
		await world.settle();
		await you.startSas(flowId);
		await world.settle();
		expect(emojiOf(you, flowId)).toHaveLength(7);
		expect(emojiOf(you, flowId)).toEqual(emojiOf(bob, flowId));
	});
});
