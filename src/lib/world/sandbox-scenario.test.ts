import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from './commands';
import { flowOn } from './flows';
import { LEARNER, sandboxScenario } from './sandbox-scenario';
import { StandIns } from './stand-ins';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

async function sandbox(manInTheMiddle = false) {
	world = await World.create();
	const scenario = sandboxScenario('en', { manInTheMiddle });
	const rooms = await world.setup(scenario);
	const standIns = new StandIns(world, scenario);
	/** Lets the stand-ins act until they have nothing more to do (the worker spaces these steps out in time). */
	const react = async () => {
		while (await standIns.step()) await world.settle();
	};
	return { rooms, standIns, react, you: world.device(LEARNER), bob: world.device('bob') };
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

		const snap = await world.snapshot([LEARNER]);
		expect(snap.devices).toHaveLength(1);
		const phone = snap.devices[0]!;
		expect(phone.displayName).toBe('Phone');
		expect(phone.crossSigning.deviceVerified).toBe(true);
		expect(phone.backup.exists).toBe(false);
		expect(phone.own.devices.map((d) => d.deviceId)).toEqual(['PHONE']);
		expect(phone.rooms.find((r) => r.roomId === rooms['dm-bob'])?.trust.room.shield).toBe('normal');
	});
});

describe('stand-in contacts', () => {
	it('Bob accepts, reads out his emoji in the call, and confirms after the learner', async () => {
		const { standIns, react, you } = await sandbox();
		const flowId = (await dispatch(world, {
			type: 'requestVerification',
			userId: you.userId,
			deviceId: you.deviceId,
			otherUserId: world.userId('bob')
		})) as { ok: true; value: string };
		await react();
		expect(flowOn(you, flowId.value).phase).toBe('ready');
		const qr = await world.showQrCode(you, flowId.value);
		expect(qr.slice(0, 6)).toEqual([...new TextEncoder().encode('MATRIX')]);
		expect(await world.showQrCode(you, flowId.value)).toEqual(qr);
		await you.startSas(flowId.value);
		await world.settle();
		const yours = flowOn(you, flowId.value).sas?.emojiIndex;
		expect(yours).toHaveLength(7);
		expect(standIns.calls()).toEqual([
			expect.objectContaining({ contactName: 'Bob', flowId: flowId.value, emojiIndex: yours })
		]);
		await react();
		expect(flowOn(you, flowId.value).phase).not.toBe('done');
		await you.confirmSas(flowId.value);
		await world.settle();
		await react();
		expect(flowOn(you, flowId.value).phase).toBe('done');
		expect(standIns.calls()).toEqual([]);
		const snap = await world.snapshot([LEARNER]);
		const dm = snap.devices[0]!.rooms.find((r) => r.isDirect)!;
		expect(dm.trust.room.shield).toBe('verified');
		expect(snap.devices[0]!.verifications.at(-1)?.qrPayload).toEqual(qr);
		expect(standIns.errors).toEqual([]);
	});

	it('with a man in the middle, the learner sees other emoji than Bob reads out; "They don\'t match" ends both legs', async () => {
		const { standIns, react, you, bob } = await sandbox(true);
		const flowId = await you.requestVerification(bob.userId);
		await world.settle();
		await react();
		expect(flowOn(you, flowId).phase).toBe('ready');
		await you.startSas(flowId);
		await world.settle();
		await react();
		const yours = flowOn(you, flowId).sas?.emojiIndex;
		const call = standIns.calls()[0];
		expect(yours).toHaveLength(7);
		expect(call?.emojiIndex).toHaveLength(7);
		expect(call?.emojiIndex).not.toEqual(yours);

		await you.mismatchSas(flowId);
		await world.settle();
		await react();
		expect(flowOn(you, flowId).cancel?.code).toBe('m.mismatched_sas');
		expect(standIns.calls()).toEqual([]);
		expect((await you.userTrust([bob.userId]))[0]!.verified).toBe(false);
		expect(standIns.errors).toEqual([]);
	});
});
