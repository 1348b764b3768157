/**
 * Runs the quiz's stories in real worlds and reads the shields, to make (and check) answer-key.json.
 * Build- and test-time only: it loads the crypto and runs whole worlds, which the quiz page never does.
 */
import type { SimDevice } from '../device/sim-device';
import { verifyBySas } from '../world/flows';
import { World } from '../world/world';
import {
	PEOPLE,
	SITUATIONS,
	STORIES,
	peopleOf,
	type NewDevice,
	type PlayStep,
	type Story,
	type StoryRoom,
	type Who
} from './situations';
import type { AnswerKey, SituationAnswer } from './types';

const DEVICE_IDS: Record<NewDevice, string> = { tablet: 'TABLET', laptop: 'LAPTOP' };

/** A story's world as a reader sees it after a step. */
export interface PlayedStory {
	world: World;
	me: SimDevice;
	roomId: string;
	userId: (who: Who) => string;
	/** `me`, a person of PEOPLE, or the user id itself. */
	whoOf: (userId: string) => string;
}

/**
 * Plays a story in a fresh real world, step by step, and calls `read` before the first step and after each one
 * (`after` = how many steps have happened). With `excludeInsecureDevices`, the learner's devices have the 2026
 * setting on from the start (the crypto library enforces it).
 */
export async function playStory(
	story: { room: StoryRoom; steps: readonly PlayStep[]; excludeInsecureDevices?: boolean },
	read: (after: number, played: PlayedStory) => Promise<void>
): Promise<void> {
	const world = await World.create();
	try {
		const me = await world.addUser('me', { displayName: 'Me' });
		for (const p of peopleOf(story)) await world.addUser(p, { displayName: PEOPLE[p] });
		await world.settle();
		if (story.excludeInsecureDevices) await world.setExcludeInsecureDevices(true);

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

		const whoOf = (id: string): string =>
			id === me.userId ? 'me' : (Object.keys(PEOPLE).find((p) => userId(p as Who) === id) ?? id);
		const played: PlayedStory = { world, me, roomId, userId, whoOf };

		await read(0, played);
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
				case 'send': {
					const from = step.device ? world.device(step.who, DEVICE_IDS[step.device]) : mainDevice(step.who);
					await from.sendText(roomId, 'The slides for Monday are up.');
					break;
				}
			}
			await world.settle();
			await read(i + 1, played);
		}
	} finally {
		world.close();
	}
}

/** Runs one classic story step by step; after each step (and before the first) reads the answers asked at that point. */
export async function runStory(story: Story): Promise<AnswerKey> {
	const asked = SITUATIONS.filter((s) => s.story === story.id);
	const answers: AnswerKey = {};
	await playStory(story, async (after, { world, me, roomId, userId, whoOf }) => {
		const due = asked.filter((s) => s.after === after);
		if (!due.length) return;
		const trust = await world.trust(me, roomId);
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
	});
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
