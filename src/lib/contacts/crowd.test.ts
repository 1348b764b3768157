/**
 * The crowd against a real world (a small one, to keep the suite fast): built in the background with progress,
 * every member has a real device, the learner's room key really reaches each of them, someone says something now
 * and then, and someone answers the learner.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { World } from '../world/world';
import { crowdPerson } from './crowd';
import { phrase } from './phrases';
import { DELAYS } from './test-support';

let world: World;
afterEach(() => {
	vi.restoreAllMocks();
	world?.close();
});

describe('the crowd', () => {
	it('is a crowd of different people: neighbours have different family names, and no name comes twice', () => {
		const first = Array.from({ length: 14 }, (_, n) => crowdPerson(n).displayName);
		expect(new Set(first.map((name) => name.split(' ')[1])).size).toBe(14);
		const many = Array.from({ length: 1200 }, (_, n) => crowdPerson(n));
		expect(new Set(many.map((p) => p.displayName)).size).toBe(1200);
		expect(new Set(many.map((p) => p.localpart)).size).toBe(1200);
	});

	it('is built in the background with progress; the learner’s key reaches every member; they chat', async () => {
		const clock = new SimulatedClock();
		world = await World.create({ contactClock: clock });
		const you = await world.addUser('you', { displayName: 'You' });
		const progress = vi.spyOn(world.contacts, 'setProgress');
		const crowd = await world.addCrowd(5);
		const first = await world.snapshot([]);
		expect(first.progress).toMatchObject({ total: 5 });
		expect(first.progress!.label).toBe(phrase('en', 'crowd.creating', { total: 5 }));
		expect(first.contacts).toEqual([
			expect.objectContaining({ persona: 'crowd', displayName: 'Town hall (5)', userId: crowd.record.userId })
		]);

		await world.contacts.settled();
		await world.tick();
		expect(crowd.actor.getSnapshot().value).toBe('chatting');
		expect((await world.snapshot([])).progress).toBeUndefined();
		const reported = progress.mock.calls.map(([p]) => p && `${p.done}/${p.total}`);
		expect(reported).toEqual([
			'1/5',
			'2/5',
			'3/5',
			'4/5',
			'5/5',
			'1/5',
			'2/5',
			'3/5',
			'4/5',
			'5/5',
			undefined
		]);

		// Five real people, each with a device of their own, in one encrypted room; the learner is invited.
		const members = [0, 1, 2, 3, 4].map((i) => world.userId(crowdPerson(i).localpart));
		expect(members.map((u) => world.devicesOf(u).length)).toEqual([1, 1, 1, 1, 1]);
		const roomId = you.pendingInvites()[0]!.roomId;
		await you.join(roomId);
		await world.tick();
		expect(you.roomView(roomId)!.members.filter((m) => m.membership === 'join')).toHaveLength(6);

		// The learner's room key is shared to every member's device: each one can read the message.
		await you.sendText(roomId, 'Hello everyone!');
		await world.settle();
		for (const userId of members) {
			const view = world.device(userId).roomView(roomId)!;
			expect(view.timeline.find((t) => t.content.body === 'Hello everyone!')?.utd).toBeUndefined();
		}
		// Someone answers the learner, and now and then someone says something.
		await world.tick();
		await world.contacts.settled();
		clock.increment(DELAYS.TYPING);
		await world.tick();
		clock.increment(DELAYS.CHAT_GAP);
		await world.tick();
		const said = you
			.roomView(roomId)!
			.timeline.filter((t) => t.type === 'm.room.message' && t.sender !== you.userId);
		expect(said).toHaveLength(2);
		expect(said.every((t) => !t.utd)).toBe(true);
		expect(new Set(said.map((t) => t.sender)).size).toBe(2);
		expect(said[1]!.content.body).toBe(phrase('en', 'crowd.chatter', {}, 0));
		const suggestions = (await world.snapshot([you.userId])).suggestions.find((s) => s.roomId === roomId);
		expect(suggestions?.replies).toEqual(['Hello everyone!']);
		expect(world.contacts.errors).toEqual([]);
	});

	it('members track only themselves and the learner, and sync only when they speak', async () => {
		world = await World.create({ contactClock: new SimulatedClock() });
		await world.addUser('you');
		await world.addContact('bob');
		const crowd = await world.addCrowd(3);
		await world.contacts.settled();
		const member = world.device(crowd.record.crowd!.members[2]!.userId);
		expect(world.contacts.isDormant(member)).toBe(true);
		expect(world.contacts.isDormant(world.device(crowd.record.userId))).toBe(false);
		expect(world.contacts.isContact(member.userId)).toBe(true);
		expect(world.learnerId()).toBe(world.userId('you'));
		// It knows the learner's keys, not Bob's.
		const [learner, bob] = await member.userTrust([world.userId('you'), world.userId('bob')]);
		expect(learner!.devices.length).toBeGreaterThan(0);
		expect(bob!.devices).toEqual([]);
	});
});
