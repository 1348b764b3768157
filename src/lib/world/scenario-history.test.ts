/**
 * Scenarios that start with some history: verifications already done (`verified`), and a crowd room that scenario
 * people are in (`crowd.members`). The personas take the history as given: Dave and Erin stay idle and still do
 * their thing when nudged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { DELAYS } from '../contacts/persona';
import type { Scenario } from '../scenario/scenario';
import { World } from './world';

let world: World;
let clock: SimulatedClock;
afterEach(() => world?.close());

const you = { localpart: 'you', displayName: 'You', deviceId: 'PHONE', deviceName: 'Phone' };

async function build(scenario: Scenario) {
	clock = new SimulatedClock();
	world = await World.create({ contactClock: clock });
	const rooms = await world.setup(scenario);
	const shieldOf = async (roomId: string) => (await world.trust(world.device('you'), roomId)).room.shield;
	const advance = async (ms: number) => {
		clock.increment(ms);
		await world.tick();
	};
	return { rooms, shieldOf, advance };
}

describe('a scenario with history', () => {
	it('starts with Bob and Dave verified (a green room); Dave, nudged, turns it red and green again', async () => {
		const { rooms, shieldOf, advance } = await build({
			people: [
				you,
				{ localpart: 'bob', displayName: 'Bob', persona: 'bob' },
				{ localpart: 'dave', displayName: 'Dave', persona: 'dave' }
			],
			rooms: [
				{ key: 'club', name: 'Book club', creator: 'you', members: ['you', 'bob', 'dave'], encrypted: true }
			],
			verified: [
				{ who: 'you', whom: 'bob' },
				{ who: 'you', whom: 'dave' }
			]
		});
		const me = world.device('you');
		const [bob, dave] = await me.userTrust([world.userId('bob'), world.userId('dave')]);
		expect(bob!.verified && dave!.verified).toBe(true);
		expect(await shieldOf(rooms.club!)).toBe('verified');
		// The verifications opened DMs (as in Element); the personas did not live through them.
		expect(me.dmWith(world.userId('dave'))).toBeDefined();
		const davePersona = world.contacts.persona('dave')!;
		expect(davePersona.actor.getSnapshot().value).toBe('idle');
		await world.tick();
		expect(davePersona.actor.getSnapshot().value).toBe('idle');

		world.nudgeContact(world.userId('dave'), 'newTablet');
		await world.tick();
		expect(davePersona.actor.getSnapshot().value).toBe('tabletUnverified');
		expect(await shieldOf(rooms.club!)).toBe('warning');

		await me.sendText(rooms.club!, 'Dave, please verify your new tablet.');
		await world.tick();
		await advance(DELAYS.ACCEPT_DELAY);
		await advance(DELAYS.COMPARE_DELAY);
		expect(davePersona.actor.getSnapshot().value).toBe('tabletVerified');
		await world.tick();
		expect(await shieldOf(rooms.club!)).toBe('verified');
		expect(world.contacts.errors).toEqual([]);
	});

	it('starts with Erin verified; nudged, she resets her identity and the learner sees it', async () => {
		const { rooms, shieldOf } = await build({
			people: [you, { localpart: 'erin', displayName: 'Erin', persona: 'erin' }],
			rooms: [{ key: 'dm', creator: 'you', members: ['you', 'erin'], encrypted: true, direct: true }],
			verified: [{ who: 'you', whom: 'erin' }]
		});
		const erin = world.contacts.persona('erin')!;
		expect(await shieldOf(rooms.dm!)).toBe('verified');
		// The verification used the DM the scenario made.
		expect(world.device('you').dmWith(world.userId('erin'))).toBe(rooms.dm);
		world.nudgeContact(world.userId('erin'), 'resetIdentity');
		await world.tick();
		expect(erin.actor.getSnapshot().value).toBe('reset');
		const [trust] = await world.device('you').userTrust([world.userId('erin')]);
		expect(trust).toMatchObject({ verified: false, wasVerified: true });
		expect(await shieldOf(rooms.dm!)).toBe('warning');
	});

	it('puts scenario people into the crowd room, and the learner too when asked', async () => {
		const t0 = performance.now();
		const { rooms, shieldOf } = await build({
			people: [you, { localpart: 'bob', displayName: 'Bob', persona: 'bob' }],
			crowd: { size: 12, members: ['bob'], learnerJoins: true }
		});
		const ms = performance.now() - t0;
		const view = world.device('you').roomView(rooms.crowd!)!;
		expect(view.name).toBe('Town hall');
		const joined = view.members.filter((m) => m.membership === 'join').map((m) => m.userId);
		expect(joined).toHaveLength(14);
		expect(joined).toContain(world.userId('bob'));
		expect(await shieldOf(rooms.crowd!)).toBe('normal');
		expect(world.contacts.personas.find((p) => p.kind === 'crowd')?.actor.getSnapshot().value).toBe(
			'chatting'
		);
		console.info(`crowd of 12 with Bob: ${Math.round(ms)} ms`);
	});

	it('builds in the scenario’s language: the crowd room is named in German', async () => {
		const { rooms } = await build({
			locale: 'de',
			people: [you],
			crowd: { size: 2, learnerJoins: true }
		});
		expect(world.locale).toBe('de');
		expect(world.device('you').roomView(rooms.crowd!)?.name).toBe('Bürgerforum');
	});
});
