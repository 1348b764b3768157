/**
 * `npm run classroom:load -- --learners 60`: a class against the classroom server. The server runs as
 * `npm run classroom` does (SQLite journal, Bob in its process) in a child process; this process plays the learners,
 * each a real device (`SimDevice`: the real crypto, over HTTP, with a long-polling sync running all along, as a
 * client does). They arrive over `--arrival` seconds; each registers with the workshop code, sets up cross-signing,
 * opens an encrypted DM, verifies by SAS (emoji) — half of them with a classmate, the other half with Bob, the
 * server's scripted contact — and chats (`--messages` each, read by the other side).
 *
 * Prints readable lines, and as its last line one JSON object: learners, wall time, the server's answer times for
 * requests other than /sync (p50, p95, p99, max, count), syncs, errors (requests answered with an error, learners
 * who failed, the contacts' errors), the server's peak RSS and CPU, and the machine's load average before and after.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { register } from '../src/lib/contacts/accounts';
import { HttpHomeserverPort } from '../src/lib/device/http-port';
import { SimDevice } from '../src/lib/device/sim-device';
import { emojiOf } from '../src/lib/device/verification-phase';
import { isExpected } from './classroom-load-shared';
import { percentile, round, startLoadServer } from './load-server';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '60' },
		port: { type: 'string', default: '4406' },
		arrival: { type: 'string', default: '30' },
		messages: { type: 'string', default: '5' }
	}
});
const LEARNERS = Number(values.learners);
const PORT = Number(values.port);
const ARRIVAL_MS = Number(values.arrival) * 1000;
const MESSAGES = Number(values.messages);
const CODE = 'LOAD-TEST';
const BASE = `http://127.0.0.1:${PORT}`;
const BOB = '@bob:classroom.local';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answer times the learners saw for requests other than /sync (their own event loop included), and their errors. */
const clientMs: number[] = [];
const clientErrors: string[] = [];
const timedFetch: typeof fetch = async (input, init) => {
	const started = performance.now();
	const res = await fetch(input, init);
	const url = new URL(String(input));
	if (!url.pathname.endsWith('/sync')) clientMs.push(performance.now() - started);
	const answer = { method: init?.method ?? 'GET', path: url.pathname, status: res.status };
	if (res.status >= 400 && !isExpected(answer))
		clientErrors.push(`${answer.method} ${answer.path} → ${res.status}`);
	return res;
};

interface Learner {
	name: string;
	device: SimDevice;
	listening: Promise<void>;
	stop: () => void;
}

/**
 * Waits until `check` holds: the learner's own long poll brings the news, this only looks. With a verification,
 * gives up as soon as it was cancelled, and says how.
 */
async function until(check: () => boolean, what: string, flowId?: string, device?: SimDevice): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (!check()) {
		const flow = flowId ? device?.verification(flowId) : undefined;
		if (flow?.phase === 'cancelled')
			throw new Error(`Waiting for ${what}: cancelled (${flow.cancel?.code}, ${flow.cancel?.reason}).`);
		if (Date.now() > deadline)
			throw new Error(
				`Timed out waiting for ${what}${flow ? ` (the flow is ${flow.phase}, ${flow.method ?? 'no method'})` : ''}.`
			);
		await sleep(50);
	}
}

async function arrive(i: number): Promise<Learner> {
	const name = `learner${String(i).padStart(3, '0')}`;
	const port = new HttpHomeserverPort(BASE, { fetch: timedFetch });
	const login = await register(port, name, `password-of-${name}`, 'Laptop', CODE);
	const device = await SimDevice.create({ server: port, ...login, displayName: 'Laptop' });
	await device.bootstrapCrossSigning();
	let running = true;
	const listening = (async () => {
		while (running && !device.isClosed) await device.waitForNews(30_000);
	})();
	return { name, device, listening, stop: () => (running = false) };
}

const joinedDm = (device: SimDevice, roomId: string, other: string) =>
	device.roomView(roomId)?.members.some((m) => m.userId === other && m.membership === 'join') === true;

const textsFrom = (device: SimDevice, roomId: string, sender: string) =>
	(device.roomView(roomId)?.timeline ?? []).filter(
		(t) => t.sender === sender && t.type === 'm.room.message' && t.content.msgtype === 'm.text' && !t.utd
	).length;

/** Two classmates: A opens the DM, B joins; A asks to verify, B accepts, A starts the emoji, both confirm. */
async function classmates(a: Learner, b: Learner): Promise<void> {
	const A = a.device;
	const B = b.device;
	const roomId = await A.startDm(B.userId);
	await until(() => B.pendingInvites().some((i) => i.roomId === roomId), `${b.name} to be invited`);
	await B.join(roomId);
	await until(() => joinedDm(A, roomId, B.userId), `${b.name} to join`);
	const flowId = await A.requestVerification(B.userId);
	await until(() => B.verification(flowId) !== undefined, `${b.name} to see the request`);
	await B.acceptVerification(flowId);
	await until(() => A.verification(flowId)?.phase === 'ready', `${a.name}'s request accepted`);
	await A.startSas(flowId);
	await until(() => !!emojiOf(A.verification(flowId)) && !!emojiOf(B.verification(flowId)), 'the emoji');
	if (emojiOf(A.verification(flowId))!.join() !== emojiOf(B.verification(flowId))!.join())
		throw new Error('The classmates see different emoji.');
	await Promise.all([A.confirmSas(flowId), B.confirmSas(flowId)]);
	await until(
		() => A.verification(flowId)?.phase === 'done' && B.verification(flowId)?.phase === 'done',
		'the verification done'
	);
	await Promise.all([chat(a, roomId, B.userId), chat(b, roomId, A.userId)]);
}

/** A learner and Bob: DM, hello and his answer, the emoji (he accepts and confirms himself), then chat. */
async function withBob(a: Learner): Promise<void> {
	const A = a.device;
	const roomId = await A.startDm(BOB);
	await until(() => joinedDm(A, roomId, BOB), 'Bob to join');
	const flowId = await A.requestVerification(BOB);
	await until(() => A.verification(flowId)?.phase === 'ready', 'Bob to accept');
	await A.startSas(flowId);
	await until(() => !!emojiOf(A.verification(flowId)), 'the emoji', flowId, A);
	await A.confirmSas(flowId);
	await until(() => A.verification(flowId)?.phase === 'done', 'Bob to confirm', flowId, A);
	await chat(a, roomId, BOB);
}

/** Sends `MESSAGES` lines a second or two apart, and waits until the other side's first answer is readable. */
async function chat(a: Learner, roomId: string, other: string): Promise<void> {
	for (let m = 0; m < MESSAGES; m++) {
		await a.device.sendText(roomId, `Message ${m + 1} from ${a.name}`);
		await sleep(1000 + Math.random() * 1000);
	}
	await until(() => textsFrom(a.device, roomId, other) > 0, `${a.name} to read the other side`);
}

async function main(): Promise<void> {
	const loadBefore = loadavg().map(round);
	const loadServer = await startLoadServer(PORT, CODE, 'classroom-load');
	console.log(`Server up on ${BASE}; ${LEARNERS} learners arriving over ${ARRIVAL_MS / 1000} s …`);
	const started = performance.now();
	const learners: Learner[] = [];
	const failures: string[] = [];
	const work: Promise<void>[] = [];
	// Pairs of arrivals: the even one of each of the first half of the pairs verifies its classmate; the rest verify Bob.
	for (let i = 0; i < LEARNERS; i += 2) {
		const pair = i / 2;
		const arrival = (i / LEARNERS) * ARRIVAL_MS;
		work.push(
			(async () => {
				await sleep(arrival);
				const both = await Promise.all([arrive(i), ...(i + 1 < LEARNERS ? [arrive(i + 1)] : [])]);
				learners.push(...both);
				const [a, b] = both;
				if (b && pair % 2 === 0) await classmates(a!, b);
				else await Promise.all(both.map((l) => withBob(l)));
			})().catch((e: unknown) => {
				failures.push(`pair ${pair}: ${e instanceof Error ? e.message : String(e)}`);
			})
		);
	}
	await Promise.all(work);
	const wallMs = performance.now() - started;
	console.log(`The class is done after ${round(wallMs / 1000)} s.`);

	const report = await loadServer.report();
	for (const l of learners) {
		l.stop();
		l.device.close();
	}
	await loadServer.stop();

	const server = [...report.nonSyncMs].sort((x, y) => x - y);
	const client = [...clientMs].sort((x, y) => x - y);
	const cpuMs = report.cpuUserMs + report.cpuSystemMs;
	const result = {
		learners: LEARNERS,
		wallSeconds: round(wallMs / 1000),
		nonSyncRequests: {
			count: server.length,
			p50Ms: round(percentile(server, 50)),
			p95Ms: round(percentile(server, 95)),
			p99Ms: round(percentile(server, 99)),
			maxMs: round(server.at(-1) ?? 0)
		},
		clientSeenNonSync: { p50Ms: round(percentile(client, 50)), p95Ms: round(percentile(client, 95)) },
		syncs: report.syncs,
		statuses: report.statuses,
		errors: {
			requests: report.errors.length,
			learnersFailed: failures.length,
			seenByLearners: clientErrors.length,
			contacts: report.contactsErrors.length,
			details: [
				...report.errors.slice(0, 5),
				...failures.slice(0, 5),
				...clientErrors.slice(0, 5),
				...report.contactsErrors.slice(0, 5)
			]
		},
		server: {
			peakRssMb: round(report.peakRssMb),
			cpuSeconds: round(cpuMs / 1000),
			cpuPercentOfOneCore: round((100 * cpuMs) / report.wallMs)
		},
		loadAverage: { before: loadBefore, after: loadavg().map(round) }
	};
	console.log(
		`Non-sync requests: p50 ${result.nonSyncRequests.p50Ms} ms, p95 ${result.nonSyncRequests.p95Ms} ms ` +
			`(${server.length}); errors: ${report.errors.length} requests, ${failures.length} learners; ` +
			`server peak RSS ${result.server.peakRssMb} MB, CPU ${result.server.cpuPercentOfOneCore}% of a core.`
	);
	console.log(JSON.stringify(result));
	const errors = failures.length + report.errors.length + clientErrors.length + report.contactsErrors.length;
	process.exit(errors > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
