/**
 * Two learners' classroom devices (what the worker runs after "Join a workshop") against a real classroom server over
 * HTTP: they register with the workshop code, see each other, open a DM and verify each other by emoji, with the
 * same seven emoji on both sides. Node has no IndexedDB: the crypto lives in memory here (`keep: false`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationStep } from '../device/verification-phase';
import type { ClassroomServer } from '../server/http-server';
import { CODE, startTestServer } from '../server/test-support';
import { Classroom, CRYPTO_LOST } from './classroom';
import type { WorldCommand } from './commands';

let server: ClassroomServer;
const rooms: Classroom[] = [];

beforeAll(async () => {
	server = await startTestServer();
});
afterAll(async () => {
	for (const c of rooms) c.close();
	await server.close();
});

async function join(displayName: string, code = CODE): Promise<Classroom> {
	const classroom = await Classroom.start({
		kind: 'join',
		homeserver: server.url,
		code,
		displayName,
		deviceName: 'Classroom laptop',
		keep: false
	});
	rooms.push(classroom);
	return classroom;
}

/** A command of the learner's client on their own device. */
async function send(c: Classroom, cmd: Record<string, unknown> & { type: string }): Promise<unknown> {
	const result = await c.dispatch({
		...cmd,
		userId: c.device.userId,
		deviceId: c.device.deviceId
	} as WorldCommand);
	if (!result.ok) throw new Error(JSON.stringify(result.error));
	return result.value;
}

/** Syncs both until `check` holds (each sync a real HTTP round trip; no sleeping). */
async function syncUntil(pair: Classroom[], check: () => boolean, rounds = 15): Promise<void> {
	for (let i = 0; i < rounds && !check(); i++) for (const c of pair) await c.sync();
	expect(check()).toBe(true);
}

const step = (c: Classroom, flowId: string) => verificationStep(c.device.verification(flowId));

describe('the classroom device', () => {
	it('refuses a wrong workshop code with a 401', async () => {
		await expect(join('Mallory', 'NOT-THIS')).rejects.toMatchObject({ status: 401 });
	});

	it('cannot come back without the crypto it had', async () => {
		const anna = await join('Anna');
		await expect(Classroom.start({ kind: 'resume', session: anna.session })).rejects.toMatchObject({
			errcode: CRYPTO_LOST
		});
	});

	it('two learners see each other, open a DM and verify each other by emoji', async () => {
		const [zoe, ben] = await Promise.all([join('Zoë Ånström'), join('Ben')]);
		expect(zoe.session.userId).toMatch(/^@learner-zoe-anstrom-[a-z0-9]{4}:/);
		await zoe.refreshPeople();
		await ben.refreshPeople();
		const seen = (await zoe.snapshot()).classroom!.people.find((p) => p.userId === ben.device.userId);
		expect(seen).toMatchObject({ displayName: 'Ben', learner: true, verified: false });
		const instructor = (await zoe.snapshot()).classroom!.people.find((p) => p.displayName === 'Instructor');
		expect(instructor?.learner).toBe(false);

		const dm = (await send(zoe, { type: 'startDm', otherUserId: ben.device.userId })) as string;
		await syncUntil([ben], () => ben.device.pendingInvites().some((i) => i.roomId === dm));
		await send(ben, { type: 'join', roomId: dm });

		const flowId = (await send(zoe, {
			type: 'requestVerification',
			otherUserId: ben.device.userId
		})) as string;
		await syncUntil([ben], () => step(ben, flowId) === 'incoming');
		await send(ben, { type: 'acceptVerification', flowId });
		await syncUntil([zoe], () => step(zoe, flowId) === 'choose');
		// No QR codes between two laptops: the client then offers emoji only.
		expect((await zoe.dispatch({ ...ids(zoe), type: 'showQrCode', flowId })).ok).toBe(false);
		await send(zoe, { type: 'startSas', flowId });
		await syncUntil([zoe, ben], () => step(zoe, flowId) === 'compare' && step(ben, flowId) === 'compare');
		const emoji = zoe.device.verification(flowId)?.sas?.emojiIndex;
		expect(emoji).toHaveLength(7);
		expect(ben.device.verification(flowId)?.sas?.emojiIndex).toEqual(emoji);

		await send(zoe, { type: 'confirmSas', flowId });
		await send(ben, { type: 'confirmSas', flowId });
		await syncUntil([zoe, ben], () => step(zoe, flowId) === 'done' && step(ben, flowId) === 'done');
		// The list says so once each side's signature of the other's key has come back from the server.
		const verified = (c: Classroom, other: Classroom) =>
			c.snapshot().then((s) => s.classroom!.people.find((p) => p.userId === other.device.userId)?.verified);
		for (let i = 0; i < 10 && !((await verified(zoe, ben)) && (await verified(ben, zoe))); i++)
			for (const c of [zoe, ben]) await c.sync();
		expect(await verified(zoe, ben)).toBe(true);
		expect(await verified(ben, zoe)).toBe(true);
	});
});

const ids = (c: Classroom) => ({ userId: c.device.userId, deviceId: c.device.deviceId });
