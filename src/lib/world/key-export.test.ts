/**
 * "Export keys" and "Import keys" (Settings → Encryption → Advanced) with real crypto: the file is the spec's key
 * export format (Client-Server API, "Key exports"), holds the room keys of the device's chats, opens only with its
 * passphrase, and another device imports it and reads the messages it could not read before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceId, OlmMachine, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { dispatch } from './commands';
import { openDm } from './flows';
import { World } from './world';

let world: World;
afterEach(() => world?.close());

const HEADER = '-----BEGIN MEGOLM SESSION DATA-----';
const FOOTER = '-----END MEGOLM SESSION DATA-----';

describe('export keys', () => {
	it('writes the spec’s key export file, which opens only with its passphrase and imports elsewhere', async () => {
		world = await World.create();
		const alice = await world.addUser('alice', { displayName: 'Alice' });
		const bob = await world.addUser('bob', { displayName: 'Bob' });
		const dm = await openDm(world, alice, bob);
		await bob.sendText(dm, 'The code for the gate is 4711');
		await world.settle();

		// Fewer PBKDF2 rounds than Element's 500,000 (each costs about two seconds here); the browser test reads the
		// default from the file the learner downloads.
		const file = await alice.exportRoomKeys('correct horse battery', 10_000);
		const lines = file.trim().split('\n');
		expect(lines[0]).toBe(HEADER);
		expect(lines.at(-1)).toBe(FOOTER);
		// Version 1, a 16-byte salt and IV, the PBKDF2 rounds (big-endian), the ciphertext, a 32-byte HMAC.
		const bytes = Buffer.from(lines.slice(1, -1).join(''), 'base64');
		expect(bytes[0]).toBe(1);
		expect(bytes.readUInt32BE(33)).toBe(10_000);
		expect(bytes.length).toBeGreaterThan(1 + 16 + 16 + 4 + 32);

		const json = OlmMachine.decryptExportedRoomKeys(file, 'correct horse battery');
		const keys = JSON.parse(json) as {
			room_id: string;
			algorithm: string;
			session_id: string;
			session_key: string;
		}[];
		const inDm = keys.filter((k) => k.room_id === dm);
		expect(inDm.length).toBeGreaterThanOrEqual(1);
		expect(inDm.every((k) => k.algorithm === 'm.megolm.v1.aes-sha2')).toBe(true);
		// Encrypted: no session key is in the file as it is.
		for (const k of keys) expect(file).not.toContain(k.session_key);
		expect(() => OlmMachine.decryptExportedRoomKeys(file, 'wrong horse')).toThrow();

		// Another device's crypto library takes the keys in.
		const other = await OlmMachine.initialize(new UserId('@alice:trainer.local'), new DeviceId('OTHER'));
		const result = await other.importExportedRoomKeys(json, () => undefined);
		expect(result.importedCount).toBe(keys.length);
		other.free();
	});
});

describe('import keys', () => {
	it('a new device imports the file of another and reads the old messages; a wrong passphrase or file changes nothing', async () => {
		world = await World.create();
		const phone = await world.addUser('alice', { displayName: 'Alice' });
		const bob = await world.addUser('bob', { displayName: 'Bob' });
		const dm = await openDm(world, phone, bob);
		await bob.sendText(dm, 'The code for the gate is 4711');
		await phone.sendText(dm, 'Thanks, see you at eight');
		await world.settle();

		// A device signed in later got no keys for what was said before it existed (and there is no key backup).
		const laptop = await world.addDevice(phone.userId, 'LAPTOP');
		await world.settle();
		const readable = () =>
			laptop
				.roomView(dm)!
				.timeline.filter((t) => t.encrypted)
				.map((t) => (t.utd ? 'UTD' : t.content.body));
		expect(readable()).toEqual(['UTD', 'UTD']);

		const file = await phone.exportRoomKeys('correct horse battery', 10_000);
		const onLaptop = { userId: phone.userId, deviceId: 'LAPTOP' };

		// The world command the settings send, as the page sends it: refused with the library's reason, nothing taken in.
		const wrong = await dispatch(world, {
			type: 'importRoomKeys',
			file,
			passphrase: 'wrong horse',
			...onLaptop
		});
		expect(wrong.ok).toBe(false);
		expect(!wrong.ok && wrong.error.message).toMatch(/MAC/);
		const notAnExport = await dispatch(world, {
			type: 'importRoomKeys',
			file: 'my shopping list',
			passphrase: 'correct horse battery',
			...onLaptop
		});
		expect(!notAnExport.ok && notAnExport.error.message).toMatch(/key export/);
		expect(readable()).toEqual(['UTD', 'UTD']);

		const imported = await dispatch(world, {
			type: 'importRoomKeys',
			file,
			passphrase: 'correct horse battery',
			...onLaptop
		});
		expect(imported).toEqual({
			ok: true,
			value: { imported: expect.any(Number), total: expect.any(Number) }
		});
		const { imported: count, total } = (imported as { value: { imported: number; total: number } }).value;
		expect(count).toBe(total);
		expect(count).toBeGreaterThanOrEqual(2);
		expect(readable()).toEqual(['The code for the gate is 4711', 'Thanks, see you at eight']);

		// The same file again: every key is known already.
		const again = await dispatch(world, {
			type: 'importRoomKeys',
			file,
			passphrase: 'correct horse battery',
			...onLaptop
		});
		expect(again).toEqual({ ok: true, value: { imported: 0, total } });
	});
});
