/**
 * Two learners' devices with the real crypto (`SimDevice`) whose `HomeserverPort` is HTTP to the classroom server:
 * they register with the workshop code, set up cross-signing (no password the first time), open an encrypted DM and
 * read each other's messages, while the server holds only ciphertext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimDevice } from '../device/sim-device';
import type { ClassroomServer } from './http-server';
import { registerDevice, startTestServer } from './test-support';

let server: ClassroomServer;
const devices: SimDevice[] = [];
const tokens = new Map<string, string>();

beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	for (const d of devices) d.close();
	await server.close();
});

async function learner(username: string): Promise<SimDevice> {
	const { device, account } = await registerDevice(server.url, username);
	devices.push(device);
	tokens.set(account.userId, account.accessToken);
	return device;
}

const messages = (device: SimDevice, roomId: string) =>
	(device.roomView(roomId)?.timeline ?? [])
		.filter((t) => t.type === 'm.room.message')
		.map((t) => ({ body: t.content.body, encrypted: t.encrypted, utd: Boolean(t.utd) }));

/** Syncs both until `check` holds (each sync is a real HTTP round trip; no sleeping). */
async function syncUntil(pair: SimDevice[], check: () => boolean, rounds = 10): Promise<void> {
	for (let i = 0; i < rounds && !check(); i++) for (const d of pair) await d.sync();
	expect(check()).toBe(true);
}

describe('SimDevices over HTTP', () => {
	it('open an encrypted DM and read each other, with only ciphertext on the server', async () => {
		const [alice, bob] = await Promise.all([learner('alice'), learner('bob')]);
		await alice.bootstrapCrossSigning();
		expect((await alice.crossSigningState()).hasMaster).toBe(true);

		// A malformed m.direct of alice's own (another client wrote it) must not break her sync.
		const malformed = await fetch(
			`${server.url}/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/account_data/m.direct`,
			{
				method: 'PUT',
				headers: { Authorization: `Bearer ${tokens.get(alice.userId)}` },
				body: JSON.stringify({ [bob.userId]: 5 })
			}
		);
		expect(malformed.status).toBe(200);
		await alice.sync();

		const dm = await alice.startDm(bob.userId);
		await syncUntil([bob], () => bob.pendingInvites().some((i) => i.roomId === dm));
		await bob.join(dm);
		await syncUntil(
			[alice, bob],
			() =>
				alice.roomView(dm)?.members.some((m) => m.userId === bob.userId && m.membership === 'join') === true
		);
		expect(alice.roomView(dm)?.encryption).toBe('m.megolm.v1.aes-sha2');

		const secret = 'Meet me at the lighthouse at nine';
		await alice.sendText(dm, secret);
		await syncUntil([bob], () => messages(bob, dm).length === 1);
		expect(messages(bob, dm)).toEqual([{ body: secret, encrypted: true, utd: false }]);

		const reply = 'See you there';
		await bob.sendText(dm, reply);
		await syncUntil([alice], () => messages(alice, dm).length === 2);
		expect(messages(alice, dm).map((m) => m.body)).toEqual([secret, reply]);
		expect(messages(alice, dm).every((m) => m.encrypted && !m.utd)).toBe(true);

		const stored = JSON.stringify(server.hs.serverView());
		expect(stored).not.toContain(secret);
		expect(stored).not.toContain(reply);
	});
});

describe('emoji verification over HTTP', () => {
	it('"Verify by emoji" pressed just after the other side did: the flow goes on, with the same emoji', async () => {
		const [zed, amy] = await Promise.all([learner('zed'), learner('amy')]);
		await Promise.all([zed.bootstrapCrossSigning(), amy.bootstrapCrossSigning()]);
		const dm = await zed.startDm(amy.userId);
		await syncUntil([amy], () => amy.pendingInvites().some((i) => i.roomId === dm));
		await amy.join(dm);
		const flowId = await zed.requestVerification(amy.userId);
		await syncUntil([amy], () => amy.verification(flowId) !== undefined);
		await amy.acceptVerification(flowId);
		await syncUntil([zed], () => zed.verification(flowId)?.phase !== 'requested');
		// Amy presses it first; zed's device has her start (and accepted it) when zed presses it too.
		await amy.startSas(flowId);
		await syncUntil([zed], () => zed.verification(flowId)?.sas !== undefined);
		await zed.startSas(flowId);
		const emoji = (d: SimDevice) => d.verification(flowId)?.sas?.emojiIndex;
		await syncUntil([amy, zed], () => emoji(amy) !== undefined && emoji(zed) !== undefined);
		expect(emoji(zed)).toEqual(emoji(amy));
		expect(zed.verification(flowId)?.phase).not.toBe('cancelled');
	});
});
