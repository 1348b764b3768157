/**
 * The scenario builder: makes the people, devices and rooms a scenario describes in a world, through the world's
 * own operations (as a test or a lesson would), then lets the contacts start reacting from there.
 */
import type { Persona } from '../contacts/contacts';
import type { Scenario } from '../scenario/scenario';
import { verifyBySas } from './flows';
import type { SetupProgress, World } from './world';

/** Builds the people, devices and rooms a scenario describes. Returns the room ids by the scenario's keys. */
export async function buildScenario(
	world: World,
	scenario: Scenario,
	onProgress?: SetupProgress
): Promise<Record<string, string>> {
	if (scenario.locale) world.setLocale(scenario.locale);
	// Before anyone exists: the learner's devices are made with it, and the scenario's messages are shared under it.
	if (scenario.excludeInsecureDevices) await world.setExcludeInsecureDevices(true);
	const rooms = scenario.rooms ?? [];
	const total =
		scenario.people.length +
		rooms.length +
		(scenario.verified?.length ?? 0) +
		(scenario.manInTheMiddle ? 1 : 0);
	let done = 0;
	const step = () => onProgress?.(++done, total);
	// Everyone at once: no one's first device depends on another's, and each mostly waits on its own crypto store,
	// so the waits overlap. Each person is registered (server, names) before the first wait, in the scenario's order,
	// and their devices join the world in that order too (`World.attach`).
	await Promise.all(
		scenario.people.map(async (person) => {
			if (person.persona) {
				await world.addContact(person.persona, {
					localpart: person.localpart,
					displayName: person.displayName
				});
			} else {
				await world.addUser(person.localpart, {
					displayName: person.displayName,
					deviceId: person.deviceId,
					deviceName: person.deviceName,
					crossSigning: person.crossSigning
				});
			}
			step();
		})
	);
	const mitm = scenario.manInTheMiddle;
	if (mitm) {
		// Before anyone has fetched the other's keys: from the first look, each sees the attacker's.
		const devices = await world.compromiseServer(mitm.victim, mitm.target);
		world.attacker = { ...devices, victim: world.userId(mitm.victim), target: world.userId(mitm.target) };
		// The scripted attacker drives these devices when the real contact is a persona.
		if (world.contacts.persona(mitm.target))
			await world.addContact({ kind: 'mitm', options: { target: mitm.target } });
		step();
	}
	await world.settle();
	const roomIds: Record<string, string> = {};
	for (const room of rooms) {
		const creator = world.device(room.creator);
		const invitees = room.members.filter((m) => m !== room.creator).map((m) => world.userId(m));
		const roomId = room.direct
			? await creator.createRoom({ encrypted: room.encrypted, invite: invitees, isDirect: true })
			: await creator.createRoom({
					name: room.name,
					encrypted: room.encrypted,
					invite: invitees,
					isPublic: room.public
				});
		roomIds[room.key] = roomId;
		// The invited join at once, each after a sync that shows it the invitation (a direct chat is marked as one
		// from it); then everyone catches up once before the first message.
		await Promise.all(
			room.members
				.filter((m) => m !== room.creator)
				.map(async (m) => {
					const device = world.device(m);
					await device.sync();
					await device.join(roomId);
				})
		);
		await world.settle();
		// One after another, in the scenario's order; each sender shares its room key with the members as it sends.
		// The others take them in at one settle after the last.
		for (const msg of room.messages ?? []) await world.device(msg.from).sendText(roomId, msg.body);
		if (room.messages?.length) await world.settle();
		// Invited after the messages: a latecomer joins later and cannot read them.
		for (const m of room.invited ?? []) await creator.invite(roomId, world.userId(m));
		if (room.invited?.length) await world.settle();
		step();
	}
	for (const { who, whom } of scenario.verified ?? []) {
		await verifyBySas(world, world.device(who), world.device(whom));
		step();
	}
	if (scenario.crowd) {
		const crowd = await world.addCrowd(scenario.crowd.size);
		if (scenario.crowd.members?.length || scenario.crowd.learnerJoins) {
			roomIds.crowd = await crowdWith(
				world,
				crowd,
				scenario.crowd.members ?? [],
				!!scenario.crowd.learnerJoins
			);
		}
	}
	// The contacts react to what happens from now on, not to the scenario's history.
	world.contacts.baseline();
	return roomIds;
}

/** Waits for a crowd to be built, then brings scenario people (and the learner) into its room. */
async function crowdWith(
	world: World,
	crowd: Persona,
	members: string[],
	learnerJoins: boolean
): Promise<string> {
	await world.contacts.settled();
	const roomId = crowd.record.crowd?.roomId;
	if (!roomId) throw new Error('The crowd has no room.');
	const host = world.device(crowd.record.userId);
	// Crowd members sync only when they speak: they are left out here too.
	const awake = () => ({ devices: world.allDevices().filter((d) => !world.contacts.isDormant(d)) });
	for (const m of members) await host.invite(roomId, world.userId(m));
	await world.settle(awake());
	for (const m of members) await world.device(m).join(roomId);
	const learner = world.learnerId();
	if (learnerJoins && learner) await world.device(learner).join(roomId);
	await world.settle(awake());
	return roomId;
}
