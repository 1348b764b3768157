/**
 * The man in the middle, scripted, against a real world: with the compromised-server fault the learner's emoji
 * differ from the ones the real Bob reads in the call; asked whether they match, Bob reads his own again and leaves
 * the verdict to the learner (he cannot see the learner's screen); without the fault they are equal. If the
 * learner presses "They match" anyway, the attack succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { flowOn } from '../world/flows';
import type { Scenario } from '../scenario/scenario';
import { World } from '../world/world';
import type { Persona } from './contacts';
import { sasEmojiList } from '../device/sas-emoji';
import { phrase } from './phrases';
import { compareEmoji, DELAYS, personaWorld, withContact } from './test-support';

let world: World;
afterEach(() => world?.close());

const scenario: Scenario = {
	people: [
		{ localpart: 'you', displayName: 'You' },
		{ localpart: 'bob', displayName: 'Bob', persona: 'bob' }
	],
	rooms: [{ key: 'dm', creator: 'you', members: ['you', 'bob'], encrypted: true, direct: true }],
	manInTheMiddle: { victim: 'you', target: 'bob' }
};

async function attackedWorld() {
	const clock = new SimulatedClock();
	world = await World.create({ contactClock: clock });
	const rooms = await world.setup(scenario);
	const advance = async (ms: number) => {
		clock.increment(ms);
		await world.tick();
	};
	const you = world.device('you');
	const bob = world.device('bob');
	const bobPersona = world.contacts.persona('bob')!;
	const mitm = world.contacts.personas.find((p) => p.kind === 'mitm')!;
	expect(mitm.record.devices.get('asTarget')).toBe(world.attacker?.asTarget);
	const state = (p: Persona) => p.actor.getSnapshot().value;

	// The learner asks "Bob" to verify; the attacker opens a second verification with the real Bob.
	const yourFlow = await you.requestVerification(bob.userId);
	await world.tick();
	expect(state(mitm)).toBe('waitingForTarget');
	expect(state(bobPersona)).toBe('requestReceived');
	const bobsFlow = mitm.actor.getSnapshot().context.targetFlowId as string;
	expect(bobsFlow).not.toBe(yourFlow);
	expect(flowOn(bob, bobsFlow).otherUserId).toBe(you.userId);
	// Bob accepts (a moment later); only then does "Bob" accept the learner's request.
	await advance(DELAYS.ACCEPT_DELAY);
	expect(flowOn(you, yourFlow).phase).toBe('ready');
	expect(state(mitm)).toBe('waitingForEmoji');
	await you.startSas(yourFlow);
	await world.tick();
	expect(state(mitm)).toBe('relayingConfirmations');
	expect(state(bobPersona)).toBe('comparing');
	return { you, bob, rooms, advance, state, bobPersona, mitm, yourFlow, bobsFlow };
}

describe('the man in the middle', () => {
	it('with a compromised server, the learner’s emoji differ from the ones Bob reads; asked, Bob reads his own SAS again and does not judge', async () => {
		const { you, bob, rooms, state, bobPersona, mitm, yourFlow, bobsFlow } = await attackedWorld();
		const yours = flowOn(you, yourFlow).sas!.emojiIndex!;
		const call = (await world.snapshot([])).calls.find((c) => c.contactUserId === bob.userId)!;
		expect(yours).toHaveLength(7);
		expect(call.emojiIndex).toHaveLength(7);
		expect(call.flowId).toBe(bobsFlow);
		expect(call.emojiIndex).not.toEqual(yours);

		world.sayInCall(bob.userId, 'Do your emoji match mine?');
		const said = (await world.snapshot([])).calls[0]!.lines.at(-1)!;
		// The names of the emoji on Bob's own device, from his real SAS, in his order; not the learner's.
		const bobs = flowOn(bob, bobsFlow).sas!.emojiIndex!;
		expect(call.emojiIndex).toEqual(bobs);
		const names = sasEmojiList(bobs, 'en').map((e) => e.name);
		expect(said).toBe(phrase('en', 'call.compareYours', { emoji: names.join(', ') }));
		expect(said).not.toContain(
			sasEmojiList(yours, 'en')
				.map((e) => e.name)
				.join(', ')
		);

		// The learner trusts the call: "They don't match". Nobody is verified; the attacker is exposed.
		await you.mismatchSas(yourFlow);
		await world.tick();
		expect(state(mitm)).toBe('exposed');
		expect(flowOn(bob, bobsFlow).cancel?.code).toBe('m.mismatched_sas');
		expect(state(bobPersona)).toBe('mismatched');
		expect((await you.userTrust([bob.userId]))[0]!.verified).toBe(false);
		expect((await world.trust(you, rooms.dm!)).room.shield).not.toBe('verified');
		expect(world.contacts.errors).toEqual([]);
	});

	it('relays the chat both ways, so neither side notices', async () => {
		const clock = new SimulatedClock();
		world = await World.create({ contactClock: clock });
		const rooms = await world.setup(scenario);
		const you = world.device('you');
		const bob = world.device('bob');
		await you.sendText(rooms.dm!, 'Hi Bob!');
		await world.tick();
		expect(bob.roomView(rooms.dm!)!.timeline.filter((t) => t.content.body === 'Hi Bob!')).toHaveLength(1);
		clock.increment(DELAYS.TYPING);
		await world.tick();
		await world.tick();
		const seen = you.roomView(rooms.dm!)!.timeline.filter((t) => t.type === 'm.room.message');
		expect(seen.map((t) => [t.sender, t.senderDevice])).toEqual([
			[you.userId, 'PHONE'],
			// Bob's greeting, as relayed by the attacker's device posing as Bob.
			[bob.userId, 'PHONE1']
		]);
		expect([0, 1].map((v) => phrase('en', 'bob.greet', {}, v))).toContain(seen[1]!.content.body);
		// Bob's sessions, as the learner's client lists them: one ordinary phone, nothing that names the attack.
		const [bobSeen] = await you.userTrust([bob.userId]);
		expect(bobSeen!.devices.map((d) => [d.deviceId, d.displayName])).toEqual([['PHONE1', 'Phone']]);
	});

	it('if the learner presses “They match” anyway, the attack succeeds: they verified the attacker', async () => {
		const { you, bob, advance, state, bobPersona, mitm, yourFlow, bobsFlow } = await attackedWorld();
		await you.confirmSas(yourFlow);
		await world.tick();
		expect(state(mitm)).toBe('waitingForTargetConfirm');
		expect(state(bobPersona)).toBe('aboutToConfirm');
		await advance(DELAYS.CONFIRM_DELAY);
		expect(state(bobPersona)).toBe('verified');
		expect(state(mitm)).toBe('succeeded');
		expect(flowOn(you, yourFlow).phase).toBe('done');
		expect(flowOn(bob, bobsFlow).phase).toBe('done');
		await world.tick();
		// Both believe they verified each other; each verified the attacker's stand-in identity.
		const learnerSees = (await you.userTrust([bob.userId]))[0]!;
		expect(learnerSees.verified).toBe(true);
		const server = world.hs.serverView().users.find((u) => u.userId === bob.userId)!;
		expect(server.crossSigning.shadow.master).toBeDefined();
		expect(server.crossSigning.shadow.master).not.toEqual(server.crossSigning.real.master);
		expect(world.contacts.errors).toEqual([]);
	});
});

describe('without the fault', () => {
	it('the learner’s emoji and the ones Bob reads in the call are equal', async () => {
		const pw = await personaWorld();
		world = pw.world;
		const { persona, device: bob } = await withContact(pw, 'bob');
		const flowId = await compareEmoji(pw, persona);
		const call = (await world.snapshot([])).calls.find((c) => c.contactUserId === bob.userId)!;
		expect(call.emojiIndex).toHaveLength(7);
		expect(call.emojiIndex).toEqual(pw.emoji(flowId));
		// Even when they are equal, Bob only reads his own: the learner compares and decides.
		world.sayInCall(bob.userId, 'Stimmen deine Emojis mit meinen überein?');
		const names = sasEmojiList(flowOn(bob, flowId).sas!.emojiIndex!, 'en').map((e) => e.name);
		expect((await world.snapshot([])).calls[0]!.lines.at(-1)).toBe(
			phrase('en', 'call.compareYours', { emoji: names.join(', ') })
		);
	});
});
