/**
 * A reload in the middle of a burst: the devices' crypto stores are written as the library works, the homeserver and
 * the contacts only when the world is saved. So a world stored before a burst and restored after it has crypto
 * stores that are ahead of the server: sessions made, room keys shared and one-time keys claimed that the server
 * (rolled back) never saw delivered. The restored world must still work: messages decrypt on both sides, and
 * verifying by emoji (and the trust it gives) goes through.
 */
import { storedWorlds } from './stored-worlds.test-support';
import { describe, expect, it } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import {
	compareEmoji,
	DELAYS,
	personaWorld,
	reopened,
	verifyByEmoji,
	withContact,
	type PersonaWorld
} from '../contacts/test-support';
import { openDm, openRoom, verifyBySas } from './flows';
import { World } from './world';

const STORES = 'midburst-test';
const keep = storedWorlds(STORES);

const lastText = (device: SimDevice, roomId: string) =>
	device
		.roomView(roomId)
		?.timeline.filter((t) => t.type === 'm.room.message' && t.content.msgtype === 'm.text')
		.map((t) => ({ body: t.content.body, utd: !!t.utd }))
		.at(-1);
const verified = async (viewer: SimDevice, other: string) => (await viewer.userTrust([other]))[0]!.verified;

describe('a world stored before a burst and restored after it (crypto stores ahead of the server)', () => {
	it('still decrypts both ways, and emoji verification works', async () => {
		const world = keep(await World.create({ cryptoStores: STORES }));
		const alice = await world.addUser('alice', { displayName: 'Alice' });
		const bob = await world.addUser('bob', { displayName: 'Bob' });
		const dm = await openDm(world, alice, bob);
		await alice.sendText(dm, 'Saved before the burst');
		await world.settle();
		// The last save: everything after it is the burst a reload cut off.
		const saved = structuredClone(world.persist());

		// The burst: a new room (Alice's room key to Bob), a verification begun, and Bob's first message in the DM,
		// cut off before Alice's device synced (his store has his room key shared with her; she never got it). Every
		// crypto store is written as it goes; the server state is not saved again.
		const club = await openRoom(world, alice, bob, { name: 'Club', encrypted: true });
		await alice.sendText(club, 'Lost with the burst');
		await world.settle();
		expect(lastText(bob, club)).toEqual({ body: 'Lost with the burst', utd: false });
		const flowId = await alice.requestVerification(bob.userId);
		await world.settle();
		expect(bob.verification(flowId)).toBeDefined();
		await bob.sendText(dm, 'Also lost');
		world.close();

		const restored = keep(await World.restore(structuredClone(saved)));
		const alice2 = restored.device('alice');
		const bob2 = restored.device('bob');
		await restored.settle();
		// The server is back before the burst: its room and messages are gone, the DM is as saved.
		expect(lastText(bob2, dm)).toEqual({ body: 'Saved before the burst', utd: false });
		expect(bob2.roomView(club)).toBeUndefined();

		// Messaging both ways: Bob's store thinks his room key already went to Alice (it was lost with the server).
		await bob2.sendText(dm, 'Bob after the reload');
		await restored.settle();
		expect(lastText(alice2, dm)).toEqual({ body: 'Bob after the reload', utd: false });
		await alice2.sendText(dm, 'Alice after the reload');
		await restored.settle();
		expect(lastText(bob2, dm)).toEqual({ body: 'Alice after the reload', utd: false });
		// A new room made after the reload works too.
		const room = await openRoom(restored, alice2, bob2, { name: 'Club again', encrypted: true });
		await alice2.sendText(room, 'In the new room');
		await restored.settle();
		expect(lastText(bob2, room)).toEqual({ body: 'In the new room', utd: false });

		// The verification begun in the burst is gone; a new one goes through and gives trust both ways.
		expect(bob2.verification(flowId)).toBeUndefined();
		await verifyBySas(restored, alice2, bob2);
		expect(await verified(alice2, bob2.userId)).toBe(true);
		expect(await verified(bob2, alice2.userId)).toBe(true);
		expect((await restored.trust(alice2, dm)).room.shield).toBe('verified');
	});

	it('a contact burst cut off (Bob answering, then comparing emoji): Bob still answers, and verifying him works', async () => {
		const before = await personaWorld(undefined, STORES);
		keep(before);
		const { persona, dm } = await withContact(before, 'bob');
		await before.you.sendText(dm, 'Hi Bob');
		// The last save, before Bob's burst: his answer (his room key to the learner) and a verification begun.
		const saved = structuredClone(before.world.persist());
		await before.world.tick();
		await before.advance(DELAYS.TYPING);
		expect(before.chat(dm).at(-1)?.from).toBe(persona.record.userId);
		await compareEmoji(before, persona);

		// Reopened from that save (the stores kept everything after it).
		const stale = { world: { persist: () => saved, close: () => before.world.close() }, you: before.you };
		const pw: PersonaWorld = await reopened(stale as unknown as PersonaWorld);
		keep(pw);
		const bob = pw.world.contacts.persona('bob')!;
		expect(pw.chat(dm).at(-1)).toEqual({ from: pw.you.userId, body: 'Hi Bob' });
		await pw.advance(DELAYS.TYPING);
		await pw.you.sendText(dm, 'Are you there?');
		await pw.world.tick();
		await pw.advance(DELAYS.TYPING);
		const answers = pw.chat(dm).filter((m) => m.from === bob.record.userId);
		expect(answers.length).toBeGreaterThan(0);
		// Every message decrypts on the learner's device (an undecryptable one has no text body here).
		const texts = pw.you.roomView(dm)!.timeline.filter((t) => t.type === 'm.room.message');
		expect(texts.filter((t) => t.utd)).toEqual([]);
		await verifyByEmoji(pw, bob);
		expect(await pw.verified(bob.record.userId)).toBe(true);
		expect(await pw.you.userTrust([bob.record.userId])).toMatchObject([{ verified: true }]);
		expect(pw.world.contacts.errors).toEqual([]);
	});
});
