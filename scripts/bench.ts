/**
 * `npm run bench`: the engine's speed and memory on this machine. Prints readable lines, and as its last line one
 * JSON object: {"initMs","deviceMs","sasMs","share":{"10":{"engineMs","rawMs"},…},"crowd":{"30":{"createMs","shareMs"},…},
 * "peakRssMb"}.
 *
 * share.N.engineMs (median): the first encrypted message from a learner to a room with N contacts (one device each), through
 * SimDevice.sendText (room key shared to everyone, encrypted, sent). share.N.rawMs: the same through bare OlmMachine
 * calls with the least glue (claim, share, encrypt, send), against the same kind of world.
 *
 * crowd.N.createMs: `World.addCrowd(N)` until the crowd is built (N people with real devices and cross-signing, an
 * encrypted room everyone joined; the worker does this in the background with progress). crowd.N.shareMs: the
 * learner's first message to that room (the room key shared to all N devices).
 *
 * setup.‹lesson›: `World.create()` then `world.setup(lesson.scenario('en'))` (median ms): how long a lesson's world
 * takes to build before the learner sees it (issue 15: at most 2× initMs). setupCpu.‹lesson›: the process's CPU time
 * for the same (median ms), steadier than the clock on a shared machine.
 *
 * BENCH_PARTS picks sections (default all): device,sas,share,crowd,setup. BENCH_LESSONS=id,… picks the lessons of
 * `setup`. BENCH_STORES=1 keeps every device's crypto in an IndexedDB store (fake-indexeddb), as a lesson's kept world
 * does in the browser (where set-up is 2–3× slower than in memory): the store's work shows in setupCpu.
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
import { initCrypto } from '../src/lib/device/crypto';
import { LESSONS } from '../src/lib/lessons/catalog';
import type { SimDevice } from '../src/lib/device/sim-device';
import { openDm, verifyBySas } from '../src/lib/world/flows';
import { World } from '../src/lib/world/world';

const SIZES = (process.env.BENCH_SIZES ?? '10,50,200').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const CROWD_SIZES = (process.env.BENCH_CROWD ?? '30,200').split(',').map(Number);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'device,sas,share,crowd,setup').split(','));
const SETUP_LESSONS = process.env.BENCH_LESSONS?.split(',');
const STORES = process.env.BENCH_STORES === '1';
// IndexedDB for Node, as the tests have it (a side-effect module without types).
if (STORES) await import('fake-indexeddb/auto' as string);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t0 = performance.now();
	const v = await fn();
	return [performance.now() - t0, v];
}
const log = (...args: unknown[]) => console.log(...args);
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

/**
 * A room with N contacts (one device each, tracking only the senders, as scripted contacts do) and two senders:
 * the learner's SimDevice and a bare OlmMachine driven by hand. Each sends its first message, so each shares a
 * room key to everyone from scratch (one-time key claims, Olm sessions, the to-device share).
 */
async function shareOnce(n: number, rawFirst: boolean): Promise<{ engineMs: number; rawMs: number }> {
	const world = await World.create();
	const learner = await world.addUser('learner');
	const rawUser = world.hs.createUser('raw');
	const senders = new Set([learner.userId, rawUser]);
	const contacts: SimDevice[] = [];
	for (let i = 0; i < n; i++) {
		contacts.push(await world.addUser(`member${i}`, { trackUser: (u) => senders.has(u) }));
	}
	const roomId = await learner.createRoom({
		name: 'Crowd',
		encrypted: true,
		invite: [rawUser, ...contacts.map((c) => c.userId)]
	});
	for (const c of contacts) await c.sync();
	for (const c of contacts) await c.join(roomId);

	// The bare machine: the least glue that can share a key.
	const { accessToken } = world.hs.login(rawUser, 'RAW');
	const call = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
		const res = await world.hs.request({ method, path: `/_matrix/client/v3${path}`, accessToken, body });
		if (res.status !== 200) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
		return JSON.stringify(res.body);
	};
	const m = await OlmMachine.initialize(new UserId(rawUser), new DeviceId('RAW'));
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
	await call('POST', `/rooms/${encodeURIComponent(roomId)}/join`, {});
	await world.settle({ devices: [learner] });
	const members = [rawUser, learner.userId, ...contacts.map((c) => c.userId)];
	const ids = () => members.map((u) => new UserId(u));
	await m.updateTrackedUsers(ids());
	await drain();

	const raw = () =>
		time(async () => {
			const claim = (await m.getMissingSessions(ids())) as KeysClaimRequest | null;
			if (claim) {
				const res = await call('POST', '/keys/claim', JSON.parse(claim.body));
				await m.markRequestAsSent(claim.id, RequestType.KeysClaim, res);
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
			const body = '{"msgtype":"m.text","body":"Hi"}';
			const content = await m.encryptRoomEvent(new RoomId(roomId), 'm.room.message', body);
			await call(
				'PUT',
				`/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/raw1`,
				JSON.parse(content)
			);
		});
	const engine = () => time(() => learner.sendText(roomId, 'Hello everyone'));
	let rawMs: number, engineMs: number;
	if (rawFirst) {
		[rawMs] = await raw();
		[engineMs] = await engine();
	} else {
		[engineMs] = await engine();
		[rawMs] = await raw();
	}
	m.close();
	world.close();
	return { engineMs, rawMs };
}

async function main() {
	const [initMs] = await time(() => initCrypto());
	log(`WASM load (initAsync): ${round(initMs)} ms`);

	let deviceMs: number | undefined;
	if (PARTS.has('device')) {
		const devWorld = await World.create();
		const userId = devWorld.hs.createUser('dev');
		const deviceTimes: number[] = [];
		for (let i = 0; i < REPS * 2; i++) {
			const [ms] = await time(() => devWorld.addDevice(userId, `DEV${i}`));
			deviceTimes.push(ms);
		}
		devWorld.close();
		deviceMs = median(deviceTimes);
		log(
			`create a device (login, OlmMachine, key upload): median ${round(deviceMs)} ms of ${deviceTimes.length}`
		);
	}

	const sasTimes: number[] = [];
	for (let i = 0; i < (PARTS.has('sas') ? REPS : 0); i++) {
		const world = await World.create();
		const a = await world.addUser('alice');
		const b = await world.addUser('bob');
		await openDm(world, a, b);
		const [ms, r] = await time(() => verifyBySas(world, a, b));
		if (r.initiatorEmoji.join() !== r.responderEmoji.join() || r.initiatorEmoji.length !== 7) {
			throw new Error('SAS emoji differ in the benchmark');
		}
		if (!(await a.userTrust([b.userId]))[0]!.verified) throw new Error('SAS did not verify');
		sasTimes.push(ms);
		world.close();
	}
	const sasMs = sasTimes.length ? median(sasTimes) : undefined;
	if (sasMs !== undefined)
		log(`emoji verification, request to verified (no thinking time): median ${round(sasMs)} ms of ${REPS}`);

	const share: Record<string, { engineMs: number; rawMs: number }> = {};
	for (const n of PARTS.has('share') ? SIZES : []) {
		// Fewer repetitions for the big rooms: setting up 200 real devices takes seconds.
		const reps = n >= 50 ? 3 : 5;
		const samples = [];
		for (let i = 0; i < reps; i++) samples.push(await shareOnce(n, i % 2 === 1));
		const engineMs = median(samples.map((x) => x.engineMs));
		const rawMs = median(samples.map((x) => x.rawMs));
		share[n] = { engineMs: round(engineMs), rawMs: round(rawMs) };
		log(
			`share a room key to ${n} contacts: engine ${round(engineMs)} ms, raw ${round(rawMs)} ms, ratio ${(engineMs / rawMs).toFixed(2)}`
		);
	}

	const crowd: Record<string, { createMs: number; shareMs: number }> = {};
	for (const n of PARTS.has('crowd') ? CROWD_SIZES : []) {
		const world = await World.create();
		const you = await world.addUser('you');
		const [createMs, persona] = await time(async () => {
			const p = await world.addCrowd(n);
			await world.contacts.settled();
			return p;
		});
		const roomId = persona.record.crowd?.roomId;
		if (!roomId) throw new Error(`The crowd of ${n} was not built: ${world.contacts.errors.join('; ')}`);
		await world.tick();
		await you.join(roomId);
		await world.tick();
		const [shareMs] = await time(() => you.sendText(roomId, 'Hello everyone'));
		const members = you.roomView(roomId)!.members.filter((m) => m.membership === 'join').length;
		if (members !== n + 1) throw new Error(`The crowd room has ${members} members, not ${n + 1}`);
		crowd[n] = { createMs: round(createMs), shareMs: round(shareMs) };
		log(
			`crowd of ${n}: built in ${round(createMs)} ms, the learner's key shared to all in ${round(shareMs)} ms`
		);
		world.close();
	}

	const setup: Record<string, number> = {};
	const setupCpu: Record<string, number> = {};
	if (PARTS.has('setup')) {
		const wall: Record<string, number[]> = {};
		const cpu: Record<string, number[]> = {};
		const setupLessons = LESSONS.filter((l) => !SETUP_LESSONS || SETUP_LESSONS.includes(l.id));
		// Lessons interleaved, so a busy moment of the machine does not fall on one lesson's samples only.
		for (let i = 0; i < REPS; i++) {
			for (const lesson of setupLessons) {
				const c0 = cpuMs();
				const [ms, world] = await time(async () => {
					const w = await World.create({
						cryptoStores: STORES ? `bench|${lesson.id}|${i}` : undefined
					});
					await w.setup(lesson.scenario('en'));
					return w;
				});
				(cpu[lesson.id] ??= []).push(cpuMs() - c0);
				(wall[lesson.id] ??= []).push(ms);
				world.close();
			}
		}
		for (const lesson of setupLessons) {
			setup[lesson.id] = round(median(wall[lesson.id]!));
			setupCpu[lesson.id] = round(median(cpu[lesson.id]!));
			log(
				`set up lesson ${lesson.id}: median ${setup[lesson.id]} ms (CPU ${setupCpu[lesson.id]} ms) of ${REPS}`
			);
		}
	}

	const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
	log(`peak RSS: ${peakRssMb} MB`);
	console.log(
		JSON.stringify({
			initMs: round(initMs),
			deviceMs: deviceMs === undefined ? undefined : round(deviceMs),
			sasMs: sasMs === undefined ? undefined : round(sasMs),
			share,
			crowd,
			setup,
			setupCpu,
			peakRssMb
		})
	);
}

await main();
