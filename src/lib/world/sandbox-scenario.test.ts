import { afterEach, describe, expect, it } from 'vitest';
import { LEARNER, sandboxScenario } from '../scenario/sandbox';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

async function sandbox(manInTheMiddle = false) {
	world = await World.create();
	const rooms = await world.setup(sandboxScenario('en', { manInTheMiddle }));
	return { rooms, you: world.device(LEARNER) };
}

describe('the sandbox scenario', () => {
	it('starts with an encrypted DM with Bob and a plain "Book club" the learner administers', async () => {
		const { rooms, you } = await sandbox();
		const dm = you.roomView(rooms['dm-bob']!)!;
		expect(dm).toMatchObject({
			isDirect: true,
			dmUserId: world.userId('bob'),
			encryption: expect.any(String)
		});
		const club = you.roomView(rooms['book-club']!)!;
		expect(club.name).toBe('Book club');
		expect(club.encryption).toBeUndefined();
		expect(club.members.filter((mb) => mb.membership === 'join')).toHaveLength(4);
		expect(club.members.find((mb) => mb.userId === you.userId)?.powerLevel).toBe(100);
		expect(club.timeline.filter((t) => t.type === 'm.room.message')).toHaveLength(3);
		expect(world.contacts.personas.map((p) => p.kind).sort()).toEqual(['bob', 'carol', 'dave']);

		const snap = await world.snapshot([LEARNER]);
		expect(snap.devices).toHaveLength(1);
		const phone = snap.devices[0]!;
		expect(phone.displayName).toBe('Phone');
		expect(phone.crossSigning.deviceVerified).toBe(true);
		expect(phone.backup.exists).toBe(false);
		expect(phone.own.devices.map((d) => d.deviceId)).toEqual(['PHONE']);
		expect(phone.rooms.find((r) => r.roomId === rooms['dm-bob'])?.trust.room.shield).toBe('normal');
	});

	it('in German, names the learner, the phone and the room in German', async () => {
		const scenario = sandboxScenario('de');
		expect(scenario.people[0]).toMatchObject({ displayName: 'Du', deviceName: 'Handy' });
		expect(scenario.rooms?.[1]?.name).toBe('Buchclub');
	});

	it('with a man in the middle, the scripted attacker stands between the learner and Bob', async () => {
		await sandbox(true);
		expect(world.attacker?.target).toBe(world.userId('bob'));
		expect(world.contacts.personas.map((p) => p.kind)).toContain('mitm');
	});
});
