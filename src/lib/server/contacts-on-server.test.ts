/**
 * The scripted contacts as real users of the classroom server, over HTTP (`contacts/on-homeserver.ts`): Bob
 * registers with the workshop code like anyone; two learners (SimDevices over HTTP) each open a DM with him at the
 * same time, he answers each in their own conversation and verifies each by emoji with the real SAS; stopped and
 * started again, he comes back as the same identity (restored with his Security Key) on one device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HomeserverContacts, memoryCredentials, type PersonaOnServer } from '../contacts/on-homeserver';
import { SimDevice } from '../device/sim-device';
import { emojiOf } from '../device/verification-phase';
import type { ClassroomServer } from './http-server';
import { CODE, registerDevice, startTestServer } from './test-support';

let server: ClassroomServer;
let contacts: HomeserverContacts;
const credentials = memoryCredentials();
const devices: SimDevice[] = [];

beforeAll(async () => {
	server = await startTestServer();
	contacts = await HomeserverContacts.start({
		homeserver: server.url,
		registrationToken: CODE,
		personas: [{ kind: 'bob' }],
		credentials,
		pace: 0.2
	});
});
afterAll(async () => {
	for (const d of devices) d.close();
	await contacts.close();
	await server.close();
});

async function learner(username: string): Promise<SimDevice> {
	const { device } = await registerDevice(server.url, username);
	devices.push(device);
	await device.bootstrapCrossSigning();
	return device;
}

/** Syncs the learner's device (real long polls) until `check` holds. */
async function waitFor(device: SimDevice, check: () => boolean, what: string, ms = 20_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await device.waitForNews(1_000);
	}
}

/** Syncs until the device's crypto shows `userId`'s identity as verified (the signature uploaded and read back). */
async function verified(device: SimDevice, userId: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!(await device.userTrust([userId]))[0]?.verified) {
		if (Date.now() > deadline) throw new Error(`${device.userId} never saw ${userId} verified.`);
		await device.waitForNews(500);
	}
}

const texts = (device: SimDevice, roomId: string, sender: string, msgtype = 'm.text') =>
	(device.roomView(roomId)?.timeline ?? [])
		.filter((t) => t.sender === sender && t.type === 'm.room.message' && t.content.msgtype === msgtype)
		.map((t) => String(t.content.body));

/** A learner DMs Bob, says hello, asks to verify and compares the emoji; returns the flow id. */
async function verifyBob(device: SimDevice, bob: PersonaOnServer): Promise<string> {
	const dm = await device.startDm(bob.userId);
	await waitFor(
		device,
		() =>
			device.roomView(dm)?.members.some((m) => m.userId === bob.userId && m.membership === 'join') === true,
		'Bob to join'
	);
	await device.sendText(dm, 'Hi Bob!');
	await waitFor(device, () => texts(device, dm, bob.userId).length > 0, 'Bob to answer');

	const flowId = await device.requestVerification(bob.userId);
	await waitFor(device, () => device.verification(flowId)?.phase === 'ready', 'Bob to accept');
	await device.startSas(flowId);
	await waitFor(device, () => emojiOf(device.verification(flowId)) !== undefined, 'the emoji');
	const mine = emojiOf(device.verification(flowId));
	// What Bob's own device derived, and what he reads aloud in the DM.
	expect(bob.emojiWith(device.userId)).toEqual(mine);
	await waitFor(device, () => texts(device, dm, bob.userId, 'm.notice').length > 0, 'Bob to read his emoji');
	await device.confirmSas(flowId);
	await waitFor(device, () => device.verification(flowId)?.phase === 'done', 'Bob to confirm');
	return flowId;
}

describe('contacts on the classroom server', () => {
	it('Bob is a real user who answers and verifies two learners at once, each in their own conversation', async () => {
		const bob = contacts.persona('bob')!;
		expect(bob.userId).toBe('@bob:classroom.local');
		const [ada, ben] = await Promise.all([learner('ada'), learner('ben')]);
		await Promise.all([verifyBob(ada, bob), verifyBob(ben, bob)]);

		for (const device of [ada, ben]) await verified(device, bob.userId);
		await contacts.idle();
		await verified(bob.device, ada.userId);
		await verified(bob.device, ben.userId);
		expect([...bob.conversations.keys()].sort()).toEqual([ada.userId, ben.userId]);
		expect(contacts.errors).toEqual([]);
	});

	it('comes back after a restart as the same identity, on one device', async () => {
		const before = contacts.persona('bob')!;
		const oldDevice = before.device.deviceId;
		await contacts.close();
		contacts = await HomeserverContacts.start({
			homeserver: server.url,
			registrationToken: 'not the code any more',
			personas: [{ kind: 'bob' }],
			credentials,
			pace: 0.2
		});
		const bob = contacts.persona('bob')!;
		expect(bob.userId).toBe(before.userId);
		expect(bob.device.deviceId).not.toBe(oldDevice);
		expect(server.hs.devices(bob.userId).map((d) => d.deviceId)).toEqual([bob.device.deviceId]);
		// The learner who verified him sees the same, verified identity, and his new device signed by it.
		const [ada] = devices;
		await ada!.sync();
		const [trust] = await ada!.userTrust([bob.userId]);
		expect(trust?.verified).toBe(true);
		expect(trust?.devices.find((d) => d.deviceId === bob.device.deviceId)?.signedByOwner).toBe(true);
	});
});
