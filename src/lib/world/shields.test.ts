/**
 * The room-shield rules of reference/element-e2ee.md §8, each as its own case, in a room of four with real
 * cross-signing and real verification (no trust faked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import type { WarningReason } from '../device/trust';
import { verifyBySas } from './flows';
import { World } from './world';

let world: World;
let me: SimDevice;
let bob: SimDevice;
let carol: SimDevice;
let dave: SimDevice;
let room: string;
let dm: string;

const shield = async (roomId = room, viewer = me) => (await world.trust(viewer, roomId)).room;
/** A person's badge in the room of four, as I see it. */
const memberShield = async (userId: string) => (await world.trust(me, room)).members[userId]!.shield;
/** A red room shield that one person's devices or identity cause. */
const redBecauseOf = (userId: string, reason: WarningReason, deviceIds: string[]) => ({
	shield: 'warning',
	culprits: [{ userId, reason, deviceIds }]
});

beforeAll(async () => {
	world = await World.create();
	me = await world.addUser('me', { displayName: 'Me' });
	bob = await world.addUser('bob', { displayName: 'Bob' });
	carol = await world.addUser('carol', { displayName: 'Carol' });
	dave = await world.addUser('dave', { displayName: 'Dave' });
	room = await me.createRoom({
		name: 'Four',
		encrypted: true,
		invite: [bob.userId, carol.userId, dave.userId]
	});
	await world.settle();
	for (const d of [bob, carol, dave]) await d.join(room);
	dm = await me.startDm(bob.userId);
	await world.settle();
	await bob.join(dm);
	await world.settle();
});
afterAll(() => world.close());

// The cases build on each other, in order, as a learner's week would.
describe.sequential('room shields in a room of four', () => {
	it('nobody verified: normal (grey)', async () => {
		expect(await shield()).toEqual({ shield: 'normal', culprits: [] });
		const members = (await world.trust(me, room)).members;
		expect(Object.values(members).map((m) => m.shield)).toEqual(['normal', 'normal', 'normal']);
	});

	it('some verified: still normal', async () => {
		await verifyBySas(world, me, bob);
		expect((await shield()).shield).toBe('normal');
		expect(await memberShield(bob.userId)).toBe('verified');
		// The DM with the verified Bob alone is green.
		expect((await shield(dm)).shield).toBe('verified');
	});

	it('everyone verified: verified (green)', async () => {
		await verifyBySas(world, me, carol);
		await verifyBySas(world, me, dave);
		expect(await shield()).toEqual({ shield: 'verified', culprits: [] });
	});

	let tablet: SimDevice;
	it("a verified person's new, unsigned device: warning (red)", async () => {
		tablet = await world.addDevice(dave.userId, 'TABLET', { displayName: "Dave's tablet" });
		await world.settle();
		expect(await shield()).toEqual(redBecauseOf(dave.userId, 'unsigned-device', ['TABLET']));
		expect(await memberShield(dave.userId)).toBe('warning');
	});

	it('that device verified by its owner (self-verification by emoji): verified again', async () => {
		const { initiatorEmoji, responderEmoji } = await verifyBySas(world, tablet, dave);
		expect(initiatorEmoji).toHaveLength(7);
		expect(initiatorEmoji).toEqual(responderEmoji);
		await world.settle();
		expect(await shield()).toEqual({ shield: 'verified', culprits: [] });
	});

	it("a verified person's identity reset: warning", async () => {
		// Carol loses her phone, signs in anew and resets her cryptographic identity.
		world.removeDevice(carol.userId, carol.deviceId);
		carol = await world.addDevice(carol.userId, 'NEWPHONE');
		await carol.bootstrapCrossSigning();
		await world.settle();
		expect(await shield()).toEqual(redBecauseOf(carol.userId, 'identity-changed', []));
		const t = (await me.userTrust([carol.userId]))[0]!;
		expect(t).toMatchObject({ verified: false, wasVerified: true });
	});

	it('verification withdrawn: normal', async () => {
		await me.withdrawVerification(carol.userId);
		expect(await shield()).toEqual({ shield: 'normal', culprits: [] });
		expect(await memberShield(carol.userId)).toBe('normal');
	});

	let laptop: SimDevice;
	it('my own unverified device, in a group where I verified someone: warning', async () => {
		laptop = await world.addDevice(me.userId, 'LAPTOP', { displayName: 'Laptop' });
		await world.settle();
		expect(await shield()).toEqual(redBecauseOf(me.userId, 'own-unsigned-device', ['LAPTOP']));
		// In the DM my own devices do not count: still green.
		expect((await shield(dm)).shield).toBe('verified');
	});

	it('alone in a room: green with all my devices verified, red with one unverified', async () => {
		const solo = await me.createRoom({ name: 'Notes to self', encrypted: true });
		await world.settle();
		expect((await shield(solo)).shield).toBe('warning');
		await verifyBySas(world, laptop, me);
		await world.settle();
		expect((await shield(solo)).shield).toBe('verified');
		expect((await shield()).shield).toBe('normal');
	});

	it('an unencrypted room shows no shield', async () => {
		const plain = await me.createRoom({ name: 'Lobby', encrypted: false, invite: [bob.userId] });
		await world.settle();
		expect((await shield(plain)).shield).toBe('none');
	});
});
