/**
 * `npm run bench`: the engine's speed and memory on this machine. Prints readable lines, and as its last line one
 * JSON object: {"initMs","deviceMs","sasMs","share":{"10":{"engineMs","rawMs"},…},"peakRssMb"}.
 *
 * share.N.engineMs: one encrypted message from a learner to a room with N contacts (one device each), through
 * SimDevice.sendText (room key shared to everyone, encrypted, sent). share.N.rawMs: the same through bare OlmMachine
 * calls with the least glue (claim, share, encrypt, send), against the same kind of world.
 */
import {
	DeviceId,
	EncryptionSettings,
	OlmMachine,
	RequestType,
	RoomId,
	UserId,
	type KeysClaimRequest,
	type ToDeviceRequest
} from '@matrix-org/matrix-sdk-crypto-wasm';
import { initCrypto } from '../src/lib/client/crypto';
import type { SimDevice } from '../src/lib/client/sim-device';
import { verifyBySas } from '../src/lib/world/flows';
import { World } from '../src/lib/world/world';

const SIZES = (process.env.BENCH_SIZES ?? '10,50,200').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t0 = performance.now();
	const v = await fn();
	return [performance.now() - t0, v];
}
const log = (...args: unknown[]) => console.log(...args);

/** A room with one sender and N contacts who only track the sender (as scripted contacts do). */
async function crowdRoom(n: number, senderLocalpart: string) {
	const world = await World.create();
	const sender = await world.addUser(senderLocalpart);
	const onlySender = (u: string) => u === sender.userId;
	const contacts: SimDevice[] = [];
	for (let i = 0; i < n; i++) {
		contacts.push(await world.addUser(`member${i}`, { trackUser: onlySender }));
	}
	const roomId = await sender.createRoom({
		name: 'Crowd',
		encrypted: true,
		invite: contacts.map((c) => c.userId)
	});
	for (const c of contacts) await c.sync();
	for (const c of contacts) await c.join(roomId);
	await world.settle({ devices: [sender] });
	return { world, sender, contacts, roomId };
}

async function engineShare(n: number): Promise<number> {
	const { world, sender, roomId } = await crowdRoom(n, 'learner');
	const [ms] = await time(() => sender.sendText(roomId, 'Hello everyone'));
	world.close();
	return ms;
}

async function rawShare(n: number): Promise<number> {
	const { world, contacts, roomId } = await crowdRoom(n, 'host');
	// A bare OlmMachine for a second member, driven by hand against the same homeserver.
	const userId = world.hs.createUser('raw');
	const { accessToken } = world.hs.login(userId, 'RAW');
	const call = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
		const res = await world.hs.request({ method, path: `/_matrix/client/v3${path}`, accessToken, body });
		if (res.status !== 200) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
		return JSON.stringify(res.body);
	};
	const m = await OlmMachine.initialize(new UserId(userId), new DeviceId('RAW'));
	const drain = async () => {
		for (let reqs = await m.outgoingRequests(); reqs.length; reqs = await m.outgoingRequests()) {
			for (const r of reqs) {
				const path = ['/keys/upload', '/keys/query'][r.type];
				if (!path) throw new Error(`unexpected request ${r.type}`);
				await m.markRequestAsSent(r.id!, r.type, await call('POST', path, JSON.parse(r.body)));
			}
		}
	};
	await drain();
	const host = world.device('host');
	await host.invite(roomId, userId);
	await call('POST', `/rooms/${encodeURIComponent(roomId)}/join`, {});
	const members = [userId, host.userId, ...contacts.map((c) => c.userId)];
	const ids = () => members.map((u) => new UserId(u));
	await m.updateTrackedUsers(ids());
	await drain();

	const [ms] = await time(async () => {
		const claim = (await m.getMissingSessions(ids())) as KeysClaimRequest | null;
		if (claim) {
			await m.markRequestAsSent(
				claim.id,
				RequestType.KeysClaim,
				await call('POST', '/keys/claim', JSON.parse(claim.body))
			);
		}
		const shares = (await m.shareRoomKey(
			new RoomId(roomId),
			ids(),
			new EncryptionSettings()
		)) as ToDeviceRequest[];
		for (const r of shares) {
			const path = `/sendToDevice/${encodeURIComponent(r.event_type)}/${encodeURIComponent(r.txn_id)}`;
			await m.markRequestAsSent(r.id, r.type, await call('PUT', path, JSON.parse(r.body)));
		}
		const content = await m.encryptRoomEvent(
			new RoomId(roomId),
			'm.room.message',
			'{"msgtype":"m.text","body":"Hi"}'
		);
		await call('PUT', `/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/raw1`, JSON.parse(content));
	});
	m.close();
	world.close();
	return ms;
}

async function main() {
	const [initMs] = await time(() => initCrypto());
	log(`WASM load (initAsync): ${round(initMs)} ms`);

	const devWorld = await World.create();
	const userId = devWorld.hs.createUser('dev');
	const deviceTimes: number[] = [];
	for (let i = 0; i < REPS * 2; i++) {
		const [ms] = await time(() => devWorld.addDevice(userId, `DEV${i}`));
		deviceTimes.push(ms);
	}
	devWorld.close();
	const deviceMs = median(deviceTimes);
	log(
		`create a device (login, OlmMachine, key upload): median ${round(deviceMs)} ms of ${deviceTimes.length}`
	);

	const sasTimes: number[] = [];
	for (let i = 0; i < REPS; i++) {
		const world = await World.create();
		const a = await world.addUser('alice');
		const b = await world.addUser('bob');
		const dm = await a.startDm(b.userId);
		await world.settle();
		await b.join(dm);
		await world.settle();
		const [ms, r] = await time(() => verifyBySas(world, a, b));
		if (r.initiatorEmoji.join() !== r.responderEmoji.join() || r.initiatorEmoji.length !== 7) {
			throw new Error('SAS emoji differ in the benchmark');
		}
		if (!(await a.userTrust([b.userId]))[0]!.verified) throw new Error('SAS did not verify');
		sasTimes.push(ms);
		world.close();
	}
	const sasMs = median(sasTimes);
	log(`emoji verification, request to verified (no thinking time): median ${round(sasMs)} ms of ${REPS}`);

	const share: Record<string, { engineMs: number; rawMs: number }> = {};
	for (const n of SIZES) {
		const engineMs = await engineShare(n);
		const rawMs = await rawShare(n);
		share[n] = { engineMs: round(engineMs), rawMs: round(rawMs) };
		log(
			`share a room key to ${n} contacts: engine ${round(engineMs)} ms, raw ${round(rawMs)} ms, ratio ${(engineMs / rawMs).toFixed(2)}`
		);
	}

	const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
	log(`peak RSS: ${peakRssMb} MB`);
	console.log(
		JSON.stringify({
			initMs: round(initMs),
			deviceMs: round(deviceMs),
			sasMs: round(sasMs),
			share,
			peakRssMb
		})
	);
}

await main();
