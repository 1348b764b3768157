import { afterEach, describe, expect, it } from 'vitest';
import { MatrixRequestError } from '../device/sim-device';
import { openRoom } from './flows';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

const bodies = (world: World, user: string, roomId: string) =>
	world
		.device(user)
		.roomView(roomId)!
		.timeline.filter((t) => t.type === 'm.room.message')
		.map((t) => ({ body: t.content.body, encrypted: t.encrypted, utd: !!t.utd }));

/** A message as its reader sees it once decrypted. */
const decrypted = (body: string) => ({ body, encrypted: true, utd: false });

const serverText = (world: World) => JSON.stringify(world.hs.serverView());

describe('an encrypted DM', () => {
	it('delivers a message the other side decrypts, while the server holds only ciphertext', async () => {
		world = await World.create();
		const alice = await world.addUser('alice', { displayName: 'Alice' });
		const bob = await world.addUser('bob', { displayName: 'Bob' });
		const dm = await alice.startDm(bob.userId);
		await world.settle();
		expect(bob.pendingInvites().map((i) => i.roomId)).toContain(dm);
		await bob.join(dm);
		await world.settle();
		expect(alice.roomView(dm)!.encryption).toBe('m.megolm.v1.aes-sha2');
		expect(bob.roomView(dm)!.isDirect).toBe(true);
		expect(bob.dmWith(alice.userId)).toBe(dm);

		const secret = 'Meet me at the lighthouse at nine';
		await alice.sendText(dm, secret);
		await world.settle();
		expect(bodies(world, 'bob', dm)).toEqual([decrypted(secret)]);
		expect(bodies(world, 'alice', dm)).toEqual([decrypted(secret)]);

		const reply = 'See you there';
		await bob.sendText(dm, reply);
		await world.settle();
		expect(bodies(world, 'alice', dm).map((m) => m.body)).toEqual([secret, reply]);

		const stored = world.hs.serverView().rooms.find((r) => r.roomId === dm)!;
		const encrypted = stored.events.filter((e) => e.type === 'm.room.encrypted');
		expect(encrypted).toHaveLength(2);
		for (const e of encrypted) expect(Object.keys(e.content).sort()).not.toContain('body');
		expect(serverText(world)).not.toContain(secret);
		expect(serverText(world)).not.toContain(reply);
	});
});

describe('an encrypted group room', () => {
	it('lets three members read each other; a latecomer cannot read what came before', async () => {
		world = await World.create();
		const alice = await world.addUser('alice');
		const bob = await world.addUser('bob');
		const carol = await world.addUser('carol');
		const dave = await world.addUser('dave');
		const room = await alice.createRoom({
			name: 'Book club',
			encrypted: true,
			invite: [bob.userId, carol.userId]
		});
		await world.settle();
		await bob.join(room);
		await carol.join(room);
		await world.settle();

		await alice.sendText(room, 'Chapter one is wonderful');
		await world.settle();
		await carol.sendText(room, 'Agreed!');
		await world.settle();
		for (const who of ['alice', 'bob', 'carol']) {
			expect(bodies(world, who, room)).toEqual([decrypted('Chapter one is wonderful'), decrypted('Agreed!')]);
		}

		await alice.invite(room, dave.userId);
		await world.settle();
		await dave.join(room);
		await world.settle();
		const daveView = dave.roomView(room)!.timeline.filter((t) => t.encrypted);
		expect(daveView).toHaveLength(2);
		expect(daveView.every((t) => t.utd !== undefined)).toBe(true);

		await bob.sendText(room, 'Welcome, Dave');
		await world.settle();
		expect(bodies(world, 'dave', room).at(-1)).toEqual(decrypted('Welcome, Dave'));
		expect(serverText(world)).not.toContain('Chapter one');
	});
});

describe('turning on encryption in an existing room', () => {
	it('keeps earlier messages plain, encrypts later ones, refuses non-admins and cannot be turned off', async () => {
		world = await World.create();
		const alice = await world.addUser('alice');
		const bob = await world.addUser('bob');
		const room = await openRoom(world, alice, bob, { name: 'Garden', encrypted: false });
		await alice.sendText(room, 'Before encryption');
		await world.settle();
		expect(bob.roomView(room)!.encryption).toBeUndefined();

		// Bob is not an admin: the server refuses, and nothing changes.
		const refused = await bob.enableEncryption(room).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(MatrixRequestError);
		expect((refused as MatrixRequestError).errcode).toBe('M_FORBIDDEN');
		expect((refused as MatrixRequestError).status).toBe(403);
		await world.settle();
		expect(alice.roomView(room)!.encryption).toBeUndefined();

		await alice.enableEncryption(room);
		await world.settle();
		expect(bob.roomView(room)!.encryption).toBe('m.megolm.v1.aes-sha2');
		await alice.sendText(room, 'After encryption');
		await world.settle();
		expect(bodies(world, 'bob', room)).toEqual([
			{ body: 'Before encryption', encrypted: false, utd: false },
			decrypted('After encryption')
		]);
		expect(serverText(world)).toContain('Before encryption');
		expect(serverText(world)).not.toContain('After encryption');

		// Trying to turn it off (dropping or changing the algorithm) is refused and changes nothing.
		for (const content of [{}, { algorithm: 'none' }]) {
			const off = await alice.sendState(room, 'm.room.encryption', '', content).catch((e: unknown) => e);
			expect(off).toBeInstanceOf(MatrixRequestError);
		}
		await world.settle();
		expect(alice.roomView(room)!.encryption).toBe('m.megolm.v1.aes-sha2');
		await bob.sendText(room, 'Still secret');
		await world.settle();
		expect(bodies(world, 'alice', room).at(-1)).toEqual(decrypted('Still secret'));
		expect(serverText(world)).not.toContain('Still secret');
	});
});
