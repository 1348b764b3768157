import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimDevice } from '../device/sim-device';
import { flowOn, incomingRequest, openDm } from './flows';
import { World } from './world';

let world: World;
let alice: SimDevice;
let bob: SimDevice;
let dm: string;

beforeEach(async () => {
	world = await World.create();
	alice = await world.addUser('alice', { displayName: 'Alice' });
	bob = await world.addUser('bob', { displayName: 'Bob' });
	dm = await openDm(world, alice, bob);
});
afterEach(() => {
	vi.restoreAllMocks();
	world.close();
});

/** Request in the DM, accept, start SAS: both sides show their emoji. */
async function toEmoji(): Promise<string> {
	const flowId = await alice.requestVerification(bob.userId);
	expect(flowOn(alice, flowId).phase).toBe('created');
	await world.settle();
	const incoming = incomingRequest(bob, alice.userId);
	expect(incoming?.flowId).toBe(flowId);
	expect(incoming?.roomId).toBe(dm);
	await bob.acceptVerification(flowId);
	await world.settle();
	expect(flowOn(alice, flowId).phase).toBe('ready');
	await alice.startSas(flowId);
	await world.settle();
	return flowId;
}

/** Request in the DM and accept: ready for a method (emoji or QR). */
async function readyRequest(): Promise<string> {
	const flowId = await alice.requestVerification(bob.userId);
	await world.settle();
	await bob.acceptVerification(flowId);
	await world.settle();
	return flowId;
}

const verified = async (viewer: SimDevice, other: string) => (await viewer.userTrust([other]))[0]!.verified;

describe('emoji verification in the DM', () => {
	it('shows both sides the same 7 emoji; after both confirm each has verified the other', async () => {
		const flowId = await toEmoji();
		const a = flowOn(alice, flowId).sas!;
		const b = flowOn(bob, flowId).sas!;
		expect(a.emojiIndex).toHaveLength(7);
		expect(b.emojiIndex).toEqual(a.emojiIndex);
		expect(a.emojiIndex!.every((i) => Number.isInteger(i) && i >= 0 && i < 64)).toBe(true);
		expect(b.decimals).toEqual(a.decimals);
		expect(await verified(alice, bob.userId)).toBe(false);
		expect((await world.trust(alice, dm)).room.shield).toBe('normal');

		await alice.confirmSas(flowId);
		await world.settle();
		expect(flowOn(alice, flowId).sas!.haveWeConfirmed).toBe(true);
		expect(flowOn(alice, flowId).phase).not.toBe('done');
		await bob.confirmSas(flowId);
		await world.settle();

		expect(flowOn(alice, flowId).phase).toBe('done');
		expect(flowOn(bob, flowId).phase).toBe('done');
		expect(await verified(alice, bob.userId)).toBe(true);
		expect(await verified(bob, alice.userId)).toBe(true);
		expect((await world.trust(alice, dm)).room.shield).toBe('verified');
		expect((await world.trust(bob, dm)).room.shield).toBe('verified');
		expect((await world.trust(alice, dm)).members[bob.userId]!.shield).toBe('verified');
	});
});

describe('verification that ends without trust', () => {
	it('"They don\'t match" cancels both sides with m.mismatched_sas and changes no trust', async () => {
		const flowId = await toEmoji();
		await alice.mismatchSas(flowId);
		await world.settle();
		for (const [device, byUs] of [
			[alice, true],
			[bob, false]
		] as const) {
			const v = flowOn(device, flowId);
			expect(v.phase).toBe('cancelled');
			expect(v.cancel).toMatchObject({ code: 'm.mismatched_sas', byUs });
		}
		expect(await verified(alice, bob.userId)).toBe(false);
		expect(await verified(bob, alice.userId)).toBe(false);
		expect((await world.trust(alice, dm)).room.shield).toBe('normal');
	});

	it('a declined request ends cancelled with m.user on both sides', async () => {
		const flowId = await alice.requestVerification(bob.userId);
		await world.settle();
		await bob.cancelVerification(flowId);
		await world.settle();
		expect(flowOn(alice, flowId)).toMatchObject({
			phase: 'cancelled',
			cancel: { code: 'm.user', byUs: false }
		});
		expect(flowOn(bob, flowId)).toMatchObject({ phase: 'cancelled', cancel: { code: 'm.user', byUs: true } });
		expect(await verified(alice, bob.userId)).toBe(false);
	});

	it('after 60 s without a step the SAS times out with m.timeout on both sides', async () => {
		const flowId = await toEmoji();
		// The crypto library reads the time itself: move both clocks on by 61 s while the people "read" the emoji.
		const realNow = Date.now.bind(Date);
		const realPerf = performance.now.bind(performance);
		vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
		vi.spyOn(performance, 'now').mockImplementation(() => realPerf() + 61_000);
		await world.settle();
		for (const device of [alice, bob]) {
			const v = flowOn(device, flowId);
			expect(v.phase).toBe('cancelled');
			expect(v.cancel?.code).toBe('m.timeout');
		}
		expect(await verified(alice, bob.userId)).toBe(false);
	});
});

describe('QR verification between two people', () => {
	it('scans the real QR payload, reciprocates, and verifies both', async () => {
		const flowId = await readyRequest();

		// Alice shows her code; Bob's phone scans it.
		const payload = await alice.showQrCode(flowId);
		expect(new TextDecoder().decode(payload.slice(0, 6))).toBe('MATRIX');
		expect(payload[6]).toBe(0x02); // version
		expect(payload[7]).toBe(0x00); // mode: verifying another user
		const flowLength = (payload[8]! << 8) | payload[9]!;
		expect(new TextDecoder().decode(payload.slice(10, 10 + flowLength))).toBe(flowId);
		// Then two 32-byte keys and a shared secret of at least 8 bytes.
		expect(payload.length - (10 + flowLength + 64)).toBeGreaterThanOrEqual(8);

		await bob.scanQrCode(flowId, payload);
		await world.settle();
		expect(flowOn(alice, flowId).qr?.state).toBe('scanned');
		await alice.confirmQrScanned(flowId);
		await world.settle();
		await world.settle();

		expect(flowOn(alice, flowId).phase).toBe('done');
		expect(flowOn(bob, flowId).phase).toBe('done');
		expect(await verified(alice, bob.userId)).toBe(true);
		expect(await verified(bob, alice.userId)).toBe(true);
	});

	it('a QR code from another flow is rejected', async () => {
		const flowId = await readyRequest();
		const payload = await alice.showQrCode(flowId);
		payload[payload.length - 1]! ^= 0xff; // a different shared secret
		payload[payload.length - 40]! ^= 0xff; // and a different key
		const err = await bob.scanQrCode(flowId, payload).catch((e: unknown) => e);
		await world.settle();
		const v = flowOn(bob, flowId);
		expect(err instanceof Error || v.phase === 'cancelled').toBe(true);
		expect(await verified(bob, alice.userId)).toBe(false);
	});
});
