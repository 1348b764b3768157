/**
 * The server side of `npm run classroom:load`: the classroom server as `npm run classroom` runs it (SQLite journal
 * under a data folder, the scripted contacts in the same process), in a child process of its own so that its CPU
 * and memory are its own. It measures how long each request took to answer and, when the parent asks over IPC,
 * reports the figures. Not for use on its own.
 */
import { ClassroomState } from '../src/lib/server/classroom-state';
import { startClassroomServer, type AnsweredRequest } from '../src/lib/server/http-server';
import { isExpected, type ServerReport } from './classroom-load-shared';

const [port, dataDir, code] = process.argv.slice(2);
const answered: AnsweredRequest[] = [];
const started = performance.now();
const cpuAtStart = process.cpuUsage();

const server = await startClassroomServer({
	port: Number(port),
	host: '127.0.0.1',
	dataDir,
	state: new ClassroomState({ workshopCode: code, instructorSecret: 'load-test-instructor' }),
	// Every simulated learner comes from 127.0.0.1: the per-address limit (meant for one laptop) is raised to a
	// class's worth; the per-token limit stays as it is.
	rateLimits: { perToken: { perSecond: 50, burst: 200 }, perAddress: { perSecond: 300, burst: 600 } },
	contacts: { personas: [{ kind: 'bob' }], log: (line) => console.error(`contacts: ${line}`) },
	onAnswered: (a) => answered.push(a)
});

process.on('message', (message: unknown) => {
	if (message !== 'report') return;
	const cpu = process.cpuUsage(cpuAtStart);
	const statuses: Record<string, number> = {};
	for (const a of answered) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
	const report: ServerReport = {
		nonSyncMs: answered.filter((a) => !a.path.endsWith('/sync')).map((a) => a.ms),
		syncs: answered.filter((a) => a.path.endsWith('/sync')).length,
		statuses,
		errors: answered
			.filter((a) => a.status >= 400 && !isExpected(a))
			.map(({ method, path, status }) => ({ method, path, status })),
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		wallMs: performance.now() - started,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		contactsErrors: server.contacts?.errors ?? []
	};
	process.send?.(report);
});
process.on('SIGTERM', () => {
	void server.close().then(() => process.exit(0));
});
process.send?.('ready');
