/**
 * `npm run workshop:load -- --learners 60`: the live quiz under a class's load (issue #14). The classroom server runs
 * as `npm run classroom` runs it (SQLite journal, Bob in its process), in a child process of its own
 * (`classroom-load-server.ts`). This process plays the instructor's projector — the same `WorkshopConnection` and
 * `WorkshopModel` the dashboard uses, long-polling — and the learners, over plain HTTP: each registers with the
 * workshop code (the server joins them to the workshop room), names itself, and answers the question within
 * `--window` seconds; every fourth changes their mind a moment later (the latest answer counts).
 *
 * Prints readable lines, and as its last line one JSON object: learners, answered (learners whose answers all got a
 * 200), counted (what the projector's model counts), whether every option's count is what the learners' latest
 * answers say, how long the projector took to show the last answer, the answers' times (p50/p95/max), and the errors.
 * Exits 1 unless the projector counts every learner exactly once.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { WorkshopConnection } from '../src/lib/workshop/connection';
import { answerRequest, resolveRequest } from '../src/lib/workshop/learner';
import { percentile, round, startLoadServer } from './load-server';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '60' },
		port: { type: 'string', default: '4407' },
		window: { type: 'string', default: '10' }
	}
});
const LEARNERS = Number(values.learners);
const PORT = Number(values.port);
const WINDOW_MS = Number(values.window) * 1000;
const CODE = 'LOAD-TEST';
const SECRET = 'load-test-instructor';
const BASE = `http://127.0.0.1:${PORT}`;
const ANSWERS = ['grey', 'red', 'green', 'none'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errors: string[] = [];
const answerMs: number[] = [];

async function call(
	method: string,
	path: string,
	body?: unknown,
	token?: string
): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(`${BASE}${path}`, {
		method,
		headers: {
			...(token && { Authorization: `Bearer ${token}` }),
			...(body !== undefined && { 'Content-Type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Learner {
	userId: string;
	token: string;
	roomId: string;
}

/** Registers with the workshop code (the two steps of user-interactive auth) and sets a display name. */
async function arrive(i: number): Promise<Learner> {
	const request = { username: `learner-load${i}-${Date.now().toString(36)}`, password: 'load test password' };
	const challenge = await call('POST', '/_matrix/client/v3/register', request);
	const done = await call('POST', '/_matrix/client/v3/register', {
		...request,
		auth: { type: 'm.login.registration_token', token: CODE, session: challenge.body.session }
	});
	if (done.status !== 200) throw new Error(`register ${i}: ${done.status} ${JSON.stringify(done.body)}`);
	const userId = String(done.body.user_id);
	const token = String(done.body.access_token);
	await call(
		'PUT',
		`/_matrix/client/v3/profile/${encodeURIComponent(userId)}/displayname`,
		{
			displayname: `Learner ${i + 1}`
		},
		token
	);
	const alias = resolveRequest(userId);
	const room = await call(alias.method, alias.path, undefined, token);
	if (room.status !== 200) throw new Error(`learner ${i} finds no workshop room: ${room.status}`);
	return { userId, token, roomId: String(room.body.room_id) };
}

async function answer(l: Learner, poll: string, answerId: string, txn: string): Promise<boolean> {
	const req = answerRequest(l.roomId, poll, answerId, txn);
	const started = performance.now();
	const res = await call(req.method, req.path, req.body, l.token);
	answerMs.push(performance.now() - started);
	if (res.status !== 200) errors.push(`${l.userId} answer → ${res.status} ${String(res.body.errcode)}`);
	return res.status === 200;
}

async function main(): Promise<void> {
	const loadBefore = loadavg().map(round);
	const loadServer = await startLoadServer(PORT, CODE, 'workshop-load');
	console.log(`Server up on ${BASE}; ${LEARNERS} learners registering …`);
	const learners: Learner[] = [];
	for (let i = 0; i < LEARNERS; i += 10) {
		const batch = await Promise.allSettled(
			Array.from({ length: Math.min(10, LEARNERS - i) }, (_, k) => arrive(i + k))
		);
		for (const r of batch) {
			if (r.status === 'fulfilled') learners.push(r.value);
			else errors.push(String(r.reason));
		}
	}

	let changes = 0;
	const projector = await WorkshopConnection.connect({
		baseUrl: BASE,
		secret: SECRET,
		onChange: () => changes++,
		onError: (e) => errors.push(`projector: ${String(e)}`),
		describe: (_set, _edition, id) => ({
			question: `Load test question ${id}`,
			answers: ANSWERS.map((a) => ({ id: a, text: a })),
			correct: 'red'
		})
	});
	console.log(
		`Projector connected; ${projector.model.learners(Date.now()).length} learners in the workshop room.`
	);
	await projector.startQuiz('LOAD', 'classic', ['q1']);
	const poll = projector.model.currentPoll()!.eventId;

	// Each learner answers at a random moment of the window; every fourth changes their answer a little later.
	const latest = new Map<string, string>();
	const answered = new Set<string>();
	const asked = performance.now();
	const changedMinds = Math.floor(learners.length / 4);
	await Promise.all(
		learners.map(async (l, i) => {
			const changes = i % 4 === 0;
			const at = Math.random() * (changes ? WINDOW_MS * 0.6 : WINDOW_MS * 0.9);
			await sleep(at);
			const first = ANSWERS[i % ANSWERS.length]!;
			let ok = await answer(l, poll, first, `a${i}`);
			latest.set(l.userId, first);
			if (changes) {
				await sleep(Math.random() * WINDOW_MS * 0.3);
				const second = ANSWERS[(i + 1) % ANSWERS.length]!;
				ok = (await answer(l, poll, second, `b${i}`)) && ok;
				latest.set(l.userId, second);
			}
			if (ok) answered.add(l.userId);
		})
	);
	const lastAnswerAt = performance.now();
	const allInMs = lastAnswerAt - asked;
	// The projector's long poll brings the answers: how long after the last one does it count them all?
	const deadline = Date.now() + 20_000;
	while (projector.model.tally(poll).answered < answered.size && Date.now() < deadline) await sleep(20);
	const projectorLagMs = performance.now() - lastAnswerAt;
	const tally = projector.model.tally(poll);
	const expected: Record<string, number> = Object.fromEntries(ANSWERS.map((a) => [a, 0]));
	for (const a of latest.values()) expected[a] = (expected[a] ?? 0) + 1;
	const countsMatch = ANSWERS.every((a) => tally.counts[a] === expected[a]);
	await projector.reveal();
	await projector.stop();

	const report = await loadServer.report();
	await loadServer.stop();

	const sorted = [...answerMs].sort((x, y) => x - y);
	const result = {
		learners: learners.length,
		answered: answered.size,
		changedMinds,
		counted: tally.answered,
		countsMatch,
		counts: tally.counts,
		answerWindowMs: round(allInMs),
		projectorLagAfterLastAnswerMs: round(projectorLagMs),
		projectorUpdates: changes,
		answers: {
			count: sorted.length,
			p50Ms: round(percentile(sorted, 50)),
			p95Ms: round(percentile(sorted, 95)),
			maxMs: round(sorted.at(-1) ?? 0)
		},
		errors: {
			count: errors.length + report.errors.length,
			sample: [...errors.slice(0, 5), ...report.errors.slice(0, 5)]
		},
		server: { peakRssMb: round(report.peakRssMb) },
		loadAverage: { before: loadBefore, after: loadavg().map(round) }
	};
	console.log(
		`${result.counted} of ${result.learners} answers counted on the projector (counts match: ${countsMatch}), ` +
			`${round(projectorLagMs)} ms after the last answer; answers p50 ${result.answers.p50Ms} ms, ` +
			`p95 ${result.answers.p95Ms} ms; errors: ${result.errors.count}.`
	);
	console.log(JSON.stringify(result));
	const exact = tally.answered === LEARNERS && answered.size === LEARNERS && countsMatch;
	process.exit(exact && result.errors.count === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
