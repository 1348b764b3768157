/**
 * Runs the quiz's stories in real worlds and reads the shields, to make (and check) answer-key.json.
 * Build- and test-time only: it loads the crypto and runs whole worlds, which the quiz page never does.
 */
import type { SimDevice } from '../device/sim-device';
import { verifyBySas } from '../world/flows';
import { World } from '../world/world';
import { PEOPLE, SITUATIONS, STORIES, peopleOf, type NewDevice, type Story, type Who } from './situations';
import type { AnswerKey, SituationAnswer } from './types';

const DEVICE_IDS: Record<NewDevice, string> = { tablet: 'TABLET', laptop: 'LAPTOP' };

/** Runs one story step by step; after each step (and before the first) reads the answers asked at that point. */
export async function runStory(story: Story): Promise<AnswerKey> {
	const asked = SITUATIONS.filter((s) => s.story === story.id);
	const answers: AnswerKey = {};
	const world = await World.create();
	try {
		const me = await world.addUser('me', { displayName: 'Me' });
		for (const p of peopleOf(story)) await world.addUser(p, { displayName: PEOPLE[p] });
		await world.settle();

		const userId = (who: Who) => world.userId(who);
		/** A person's device that is still signed in and was there first (after a reset: the new phone). */
		const mainDevice = (who: Who): SimDevice => {
			const devices = world.devicesOf(who).filter((d) => !d.isClosed);
			const main = devices.find((d) => d.deviceId === 'PHONE' || d.deviceId === 'NEWPHONE') ?? devices[0];
			if (!main) throw new Error(`${who} has no device.`);
			return main;
		};

		const r = story.room;
		let roomId: string;
		if (r.kind === 'dm') {
			roomId = await me.startDm(userId(r.with));
			await world.settle();
			await world.device(r.with).join(roomId);
		} else if (r.kind === 'solo') {
			roomId = await me.createRoom({ name: r.name, encrypted: true });
		} else {
			roomId = await me.createRoom({ name: r.name, encrypted: r.encrypted, invite: r.members.map(userId) });
			await world.settle();
			for (const p of r.members) await world.device(p).join(roomId);
		}
		await world.settle();

		const read = async (after: number) => {
			const due = asked.filter((s) => s.after === after);
			if (!due.length) return;
			const trust = await world.trust(me, roomId);
			const whoOf = (id: string): string =>
				id === me.userId ? 'me' : (Object.keys(PEOPLE).find((p) => userId(p as Who) === id) ?? id);
			for (const s of due) {
				let answer: SituationAnswer;
				if (s.ask.of === 'room') {
					answer = {
						of: 'room',
						shield: trust.room.shield,
						culprits: trust.room.culprits.map((c) => ({ who: whoOf(c.userId), reason: c.reason })),
						unverified: Object.entries(trust.members)
							.filter(([, t]) => !t.trust.verified)
							.map(([id]) => whoOf(id))
							.sort()
					};
				} else {
					const member = trust.members[userId(s.ask.who)];
					if (!member) throw new Error(`${s.ask.who} is not in the room of story ${story.id}.`);
					answer = {
						of: 'member',
						who: s.ask.who,
						shield: member.shield,
						verified: member.trust.verified,
						wasVerified: member.trust.wasVerified,
						unsignedSessions: member.trust.devices.filter((d) => !d.signedByOwner).length
					};
				}
				answers[s.id] = answer;
			}
		};

		await read(0);
		for (const [i, step] of story.steps.entries()) {
			switch (step.do) {
				case 'verify':
					await verifyBySas(world, me, mainDevice(step.who));
					break;
				case 'newDevice':
					await world.addDevice(userId(step.who), DEVICE_IDS[step.device]);
					break;
				case 'selfVerify':
					await verifyBySas(world, world.device(step.who, DEVICE_IDS[step.device]), mainDevice(step.who));
					break;
				case 'resetIdentity': {
					for (const d of world.devicesOf(step.who)) world.removeDevice(d.userId, d.deviceId);
					const fresh = await world.addDevice(userId(step.who), 'NEWPHONE');
					await fresh.bootstrapCrossSigning();
					break;
				}
				case 'withdraw':
					await me.withdrawVerification(userId(step.who));
					break;
				case 'signOut':
					world.removeDevice(userId(step.who), DEVICE_IDS[step.device]);
					break;
				case 'enableEncryption':
					await me.enableEncryption(roomId);
					break;
				case 'join':
					await me.invite(roomId, userId(step.who));
					await world.settle();
					await world.device(step.who).join(roomId);
					break;
			}
			await world.settle();
			await read(i + 1);
		}
	} finally {
		world.close();
	}
	return answers;
}

/** The whole key, story by story, in the order of SITUATIONS (so the JSON diffs stay readable). */
export async function computeAnswerKey(): Promise<AnswerKey> {
	const found: AnswerKey = {};
	for (const story of STORIES) Object.assign(found, await runStory(story));
	const key: AnswerKey = {};
	for (const s of SITUATIONS) {
		const answer = found[s.id];
		if (!answer) throw new Error(`Story ${s.story} has no step ${s.after} for ${s.id}.`);
		key[s.id] = answer;
	}
	return key;
}
