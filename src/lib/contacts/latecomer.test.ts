/**
 * The latecomer against a real world: invited to a room after messages were sent there, he joins a moment later
 * and cannot read them; he says so, and answers when asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { World } from '../world/world';
import { phrase } from './phrases';
import { DELAYS } from './test-support';

let world: World;
afterEach(() => world?.close());

describe('the latecomer', () => {
	it('joins after the messages, cannot read them, and says so', async () => {
		const clock = new SimulatedClock();
		world = await World.create({ contactClock: clock });
		const advance = async (ms: number) => {
			clock.increment(ms);
			await world.tick();
		};
		const rooms = await world.setup({
			people: [
				{ localpart: 'you', displayName: 'You' },
				{ localpart: 'carol', displayName: 'Carol' },
				{ localpart: 'frank', displayName: 'Frank', persona: 'latecomer' }
			],
			rooms: [
				{
					key: 'club',
					name: 'Book club',
					creator: 'you',
					members: ['you', 'carol'],
					encrypted: true,
					messages: [
						{ from: 'you', body: 'The next book is a secret.' },
						{ from: 'carol', body: 'I love secrets.' }
					],
					invited: ['frank']
				}
			]
		});
		const club = rooms.club!;
		const frank = world.contacts.persona('frank')!;
		const state = () => frank.actor.getSnapshot().value;
		expect(state()).toBe('outside');
		await world.tick();
		expect(state()).toBe('invited');
		await advance(DELAYS.JOIN_DELAY);
		expect(state()).toBe('joined');
		const frankDevice = world.device('frank');
		const history = frankDevice.roomView(club)!.timeline.filter((t) => t.type === 'm.room.encrypted');
		expect(history).toHaveLength(2);
		expect(history.every((t) => t.utd)).toBe(true);

		await advance(DELAYS.TYPING);
		const you = world.device('you');
		const said = () =>
			you
				.roomView(club)!
				.timeline.filter((t) => t.sender === frankDevice.userId && t.type === 'm.room.message')
				.map((t) => t.content.body);
		expect(said()).toEqual([phrase('en', 'latecomer.helloUnreadable', { count: 2 })]);

		const snapshot = await world.snapshot([you.userId]);
		expect(snapshot.suggestions.find((s) => s.roomId === club)?.replies).toContain(
			'Can you read the earlier messages?'
		);
		expect(snapshot.contacts.map((c) => [c.persona, c.displayName])).toEqual([['latecomer', 'Frank']]);

		// New messages reach him; the old ones stay unreadable.
		await you.sendText(club, 'Frank, can you read the earlier messages?');
		await world.tick();
		await advance(DELAYS.TYPING);
		expect(said().at(-1)).toBe(phrase('en', 'latecomer.cannotRead', { count: 2 }));
		const readable = frankDevice
			.roomView(club)!
			.timeline.filter((t) => t.type === 'm.room.message')
			.map((t) => t.content.body);
		expect(readable).toContain('Frank, can you read the earlier messages?');
		expect(world.contacts.errors).toEqual([]);
	});

	it('can be nudged to join at once', async () => {
		world = await World.create({ contactClock: new SimulatedClock() });
		const you = await world.addUser('you');
		const frank = await world.addContact('latecomer');
		const room = await you.createRoom({ name: 'Later', encrypted: true, invite: [frank.record.userId] });
		await world.tick();
		world.nudgeContact(frank.record.userId, 'join');
		await world.tick();
		expect(frank.actor.getSnapshot().value).toBe('joined');
		expect(world.device(frank.record.userId).roomView(room)?.myMembership).toBe('join');
	});
});
