/**
 * For the persona tests: a real world (real crypto, real homeserver) whose contacts run on XState's simulated
 * clock, the learner's side of things, and a way to let time pass.
 */
import { afterEach, expect, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { SimDevice } from '../device/sim-device';
import { flowOn } from '../world/flows';
import { World } from '../world/world';
import type { Persona } from './contacts';
import { DELAYS } from './persona';
import type { PersonaKind } from './types';

export interface PersonaWorld {
	world: World;
	clock: SimulatedClock;
	you: SimDevice;
	/** Lets `ms` of the contacts' time pass, then the world takes a step. */
	advance(ms: number): Promise<void>;
	/** The persona's machine state. */
	state(persona: Persona): unknown;
	/** The text messages in a room, as the learner's device shows them. */
	chat(roomId: string): { from: string; body: string }[];
	/** The learner's emoji in a verification. */
	emoji(flowId: string): number[] | undefined;
	verified(userId: string): Promise<boolean>;
}

/** The worlds of the running test: closed after it, when the mocks (of the clock) are restored too. */
const openWorlds: World[] = [];
afterEach(() => {
	vi.restoreAllMocks();
	for (const world of openWorlds.splice(0)) world.close();
});

/** A world for one test (closed after it); with `cryptoStores`, one that can be stored and `reopened`. */
export async function personaWorld(contactPace?: number, cryptoStores?: string): Promise<PersonaWorld> {
	const clock = new SimulatedClock();
	const world = await World.create({ contactClock: clock, contactPace, cryptoStores });
	openWorlds.push(world);
	return around(world, clock, await world.addUser('you', { displayName: 'You' }));
}

/** The page reloaded: the world stored (as IndexedDB copies it), closed, and restored on a new clock. */
export async function reopened(pw: PersonaWorld): Promise<PersonaWorld> {
	const state = structuredClone(pw.world.persist());
	pw.world.close();
	const clock = new SimulatedClock();
	const world = await World.restore(state, { contactClock: clock });
	openWorlds.push(world);
	return around(world, clock, world.device(pw.you.userId));
}

function around(world: World, clock: SimulatedClock, you: SimDevice): PersonaWorld {
	return {
		world,
		clock,
		you,
		async advance(ms) {
			clock.increment(ms);
			await world.tick();
		},
		state: (persona) => persona.actor.getSnapshot().value,
		chat: (roomId) =>
			(you.roomView(roomId)?.timeline ?? [])
				.filter((t) => t.type === 'm.room.message' && t.content.msgtype === 'm.text')
				.map((t) => ({ from: t.sender, body: String(t.content.body) })),
		emoji: (flowId) => flowOn(you, flowId).sas?.emojiIndex,
		verified: async (userId) => (await you.userTrust([userId]))[0]!.verified
	};
}

/** Adds a persona and opens a DM between it and the learner (the persona joins the invite by itself). */
export async function withContact(
	pw: PersonaWorld,
	kind: PersonaKind
): Promise<{ persona: Persona; device: SimDevice; dm: string }> {
	const persona = await pw.world.addContact(kind);
	const device = pw.world.device(persona.record.userId);
	const dm = await pw.you.startDm(device.userId);
	await pw.world.tick();
	expect(device.roomView(dm)?.myMembership).toBe('join');
	return { persona, device, dm };
}

/** The learner asks in the DM; the persona accepts after its human delay. Returns the flow id. */
export async function requestAndWaitForAccept(pw: PersonaWorld, persona: Persona): Promise<string> {
	const flowId = await pw.you.requestVerification(persona.record.userId);
	await pw.world.tick();
	expect(pw.state(persona)).toBe('requestReceived');
	expect(flowOn(pw.you, flowId).phase).toBe('created');
	await pw.advance(DELAYS.ACCEPT_DELAY);
	expect(pw.state(persona)).toBe('ready');
	expect(flowOn(pw.you, flowId).phase).toBe('ready');
	return flowId;
}

/** The learner asks (the persona accepts after its delay) and presses "Verify by emoji". Returns the flow id. */
export async function compareEmoji(pw: PersonaWorld, persona: Persona): Promise<string> {
	const flowId = await requestAndWaitForAccept(pw, persona);
	await pw.you.startSas(flowId);
	await pw.world.tick();
	return flowId;
}

/**
 * The learner verifies the persona by emoji: asks (the persona accepts after its delay), starts the emoji and
 * confirms; the persona confirms after its delay. Returns the flow id.
 */
export async function verifyByEmoji(pw: PersonaWorld, persona: Persona): Promise<string> {
	const flowId = await compareEmoji(pw, persona);
	await pw.you.confirmSas(flowId);
	await pw.world.tick();
	await pw.advance(DELAYS.CONFIRM_DELAY);
	expect(pw.state(persona)).toBe('verified');
	await pw.world.tick();
	return flowId;
}

/** A world for one test with a persona in a DM with the learner, verified by emoji already. */
export async function verifiedContact(
	kind: PersonaKind
): Promise<{ pw: PersonaWorld; persona: Persona; device: SimDevice; dm: string }> {
	const pw = await personaWorld();
	const contact = await withContact(pw, kind);
	await verifyByEmoji(pw, contact.persona);
	return { pw, ...contact };
}

export { DELAYS };
