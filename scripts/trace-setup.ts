/**
 * `PORT=… npx tsx scripts/trace-setup.ts <lesson id> …` (after `npx vite build`): where a lesson's set-up time goes.
 * Opens each lesson (today's Element, a fresh context) under a Chromium trace and prints, between the world worker's
 * `world-setup-start` and `world-setup-done` marks: the wall time, the worker thread's CPU time (its tasks' thread
 * time), the CPU of every thread of the browser (the IndexedDB backend, the page), and the worker's busiest trace
 * events. Wall minus the worker's CPU is waiting: for IndexedDB, timers, or — on a busy machine — a core.
 * `BUILD_DIR` serves another build (for A/B runs).
 */
import { openSite } from './site-under-test';

interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	ts: number;
	dur?: number;
	tdur?: number;
	pid: number;
	tid: number;
	args?: { name?: string };
}

const PORT = Number(process.env.PORT ?? 4192);
const BASE = `http://localhost:${PORT}`;
const ids = process.argv.slice(2);
if (ids.length === 0) throw new Error('Name one or more lessons, e.g. verify-contact trust-first.');
const TASK = 'ThreadControllerImpl::RunTask';
const ms = (us: number) => Math.round(us / 1000);

const site = await openSite(PORT);
try {
	const { browser } = site;
	for (const id of ids) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto('about:blank');
		await browser.startTracing(page, {
			categories: ['devtools.timeline', 'toplevel', '__metadata', 'blink.user_timing']
		});
		await page.goto(`${BASE}/lessons/${id}?element=2026`);
		await page.waitForFunction(() => performance.getEntriesByName('world-ready').length > 0, undefined, {
			timeout: 60_000
		});
		const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] })
			.traceEvents;
		await context.close();
		const mark = (name: string) => events.find((e) => e.cat.includes('user_timing') && e.name === name);
		const [start, done] = [mark('world-setup-start'), mark('world-setup-done')];
		if (!start || !done) {
			console.log(`${id}: no set-up marks in the trace`);
			continue;
		}
		const inSetup = (e: TraceEvent) => e.ph === 'X' && e.ts >= start.ts && e.ts <= done.ts;
		const onWorker = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;
		const tasks = events.filter((e) => inSetup(e) && e.name === TASK);
		const cpu = (list: TraceEvent[]) => list.reduce((sum, e) => sum + (e.tdur ?? 0), 0);
		const byName = new Map<string, number>();
		for (const e of events)
			if (inSetup(e) && onWorker(e) && e.name !== TASK)
				byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0));
		const busiest = [...byName]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 6)
			.map(([name, dur]) => `${name} ${ms(dur)}`);
		console.log(
			`${id}: set-up wall ${ms(done.ts - start.ts)} ms, worker CPU ${ms(cpu(tasks.filter(onWorker)))} ms, all threads' CPU ${ms(cpu(tasks))} ms`
		);
		console.log(`  worker's busiest events (wall ms, nested): ${busiest.join(' | ')}`);
	}
} finally {
	await site.close();
}
