/**
 * Message shields follow the viewer's CURRENT trust, on each of the learner's devices (issue 10 §1): real crypto,
 * real verification, real identity reset. The crypto library pins a message's trust when its room key arrives
 * (its verdict on Bob's first message stays "unverified identity" for good); the shields must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import type { MessageShield } from '../device/trust';
import { verifyBySas } from './flows';
import { World } from './world';

let world: World;
let phone: SimDevice;
let laptop: SimDevice;
let bob: SimDevice;
let dave: SimDevice;
let room: string;
const sent: Record<string, string> = {};

const GREY: MessageShield = { kind: 'grey', reason: 'unverified-identity' };
const NONE: MessageShield = { kind: 'none' };

/** The shield under one message, as each given device of the learner sees it in the snapshot the page gets. */
async function shieldsOn(eventId: string, viewers: SimDevice[]): Promise<(MessageShield | undefined)[]> {
	const snap = await world.snapshot();
	return viewers.map((viewer) => {
		const device = snap.devices.find((d) => d.userId === viewer.userId && d.deviceId === viewer.deviceId);
		return device?.rooms.find((r) => r.roomId === room)?.trust.messages[eventId];
	});
}

const onBoth = (eventId: string) => shieldsOn(eventId, [phone, laptop]);
const shieldOn = async (viewer: SimDevice, eventId: string) => (await shieldsOn(eventId, [viewer]))[0];

beforeAll(async () => {
	world = await World.create();
	phone = await world.addUser('me', { displayName: 'Me', deviceId: 'PHONE' });
	bob = await world.addUser('bob', { displayName: 'Bob' });
	dave = await world.addUser('dave', { displayName: 'Dave' });
	// The learner's laptop, verified with the phone: both devices are the learner's trusted sessions.
	laptop = await world.addDevice(phone.userId, 'LAPTOP', { displayName: 'Laptop' });
	await world.settle();
	await verifyBySas(world, laptop, phone);
	room = await phone.createRoom({ name: 'Book club', encrypted: true, invite: [bob.userId, dave.userId] });
	await world.settle();
	await bob.join(room);
	await dave.join(room);
	await world.settle();
	sent.bobBefore = await bob.sendText(room, 'Hi, I am Bob.');
	sent.daveBefore = await dave.sendText(room, 'Hi, I am Dave.');
	await world.settle();
}, 60_000);
afterAll(() => world.close());

describe.sequential("message shields follow the learner's current trust", () => {
	it('before any verification: grey "Encrypted by an unverified user." on both devices', async () => {
		expect(await onBoth(sent.bobBefore!)).toEqual([GREY, GREY]);
		expect(await onBoth(sent.daveBefore!)).toEqual([GREY, GREY]);
	});

	it('verifying Bob clears the grey shield from his earlier and later messages, on the phone and the laptop', async () => {
		await verifyBySas(world, phone, bob);
		await world.settle();
		// Same Megolm session as before the verification: the library's own verdict stays pinned.
		sent.bobAfter = await bob.sendText(room, 'Thanks for verifying me!');
		await world.settle();
		const pinned = phone.roomView(room)!.timeline.find((e) => e.eventId === sent.bobBefore);
		expect(pinned?.trust?.code).toBe('UnverifiedIdentity');

		expect(await onBoth(sent.bobBefore!)).toEqual([NONE, NONE]);
		expect(await onBoth(sent.bobAfter!)).toEqual([NONE, NONE]);
		// Dave is still unverified: his message keeps the grey shield.
		expect(await onBoth(sent.daveBefore!)).toEqual([GREY, GREY]);
	});

	let tablet: SimDevice;
	it("Dave's new tablet, not verified by Dave: red on what it sends; gone once Dave verifies it", async () => {
		tablet = await world.addDevice(dave.userId, 'TABLET', { displayName: 'Tablet' });
		await world.settle();
		sent.fromTablet = await tablet.sendText(room, 'Writing from my new tablet.');
		await world.settle();
		const red: MessageShield = { kind: 'red', reason: 'unsigned-device' };
		expect(await onBoth(sent.fromTablet!)).toEqual([red, red]);
		// His phone's message is not touched by the tablet.
		expect(await shieldOn(phone, sent.daveBefore!)).toEqual(GREY);

		await verifyBySas(world, tablet, dave);
		await world.settle();
		// Dave trusts his tablet now; the learner never verified Dave: grey, like his other messages.
		expect(await onBoth(sent.fromTablet!)).toEqual([GREY, GREY]);
	});

	it("Bob resets his identity: red on what his new identity sends, and his old device's messages lose their trust", async () => {
		world.removeDevice(bob.userId, bob.deviceId);
		bob = await world.addDevice(bob.userId, 'NEWPHONE', { displayName: 'Phone' });
		await bob.bootstrapCrossSigning();
		await world.settle();
		sent.bobNew = await bob.sendText(room, 'New phone, new keys.');
		await world.settle();
		expect(await onBoth(sent.bobNew!)).toEqual([
			{ kind: 'red', reason: 'verification-violation' },
			{ kind: 'red', reason: 'verification-violation' }
		]);
		// Sent by a device that is gone, of an identity the learner no longer has: nothing vouches for it.
		const gone: MessageShield = { kind: 'red', reason: 'unknown-device' };
		expect(await onBoth(sent.bobBefore!)).toEqual([gone, gone]);
		expect(await onBoth(sent.bobAfter!)).toEqual([gone, gone]);
	});

	it('withdrawing the verification brings the grey shield back on all his messages', async () => {
		await phone.withdrawVerification(bob.userId);
		await laptop.withdrawVerification(bob.userId);
		expect(await onBoth(sent.bobNew!)).toEqual([GREY, GREY]);
		expect(await onBoth(sent.bobBefore!)).toEqual([GREY, GREY]);
		expect(await onBoth(sent.bobAfter!)).toEqual([GREY, GREY]);
	});

	it('verifying his new identity clears it from what the new identity sent', async () => {
		await verifyBySas(world, phone, bob);
		await world.settle();
		expect(await onBoth(sent.bobNew!)).toEqual([NONE, NONE]);
		const gone: MessageShield = { kind: 'red', reason: 'unknown-device' };
		expect(await shieldOn(phone, sent.bobBefore!)).toEqual(gone);
	});
});
