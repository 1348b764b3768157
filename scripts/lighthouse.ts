/**
 * `npm run lighthouse`: Lighthouse 12.2.3 (performance, accessibility, best practices) against the build in build/
 * (run `vite build` first), driving Debian's Chromium, for the home page, every lesson page, the quiz and the
 * sandbox, with the mobile preset (Lighthouse's default: a mid-range phone, slow 4G, 4× CPU slowdown, simulated)
 * and the desktop preset. Each run starts with the site's storage cleared (Lighthouse's default), so a page is
 * measured as a fresh visitor meets it: in today's Element (2026), the default edition.
 *
 * Prints one readable line per page and preset, with the machine's load average (1 min) before and after it, and as
 * its last line one JSON object:
 *   {"runs", "edition", "chromium", "load": {"start","end"}, "allTargetsHold", "failing": ["<preset> <page>: <why>"],
 *    "results": [{"page","preset","edition","performance","accessibility","bestPractices","cls","tbtMs","lcpMs",
 *                 "fcpMs","load": [before, after],"targets": {"performance","cls","accessibility","bestPractices"},
 *                 "targetsHold"}]}
 * Scores are 0–100; with LH_RUNS=3 (default 1) every figure is the median of the runs.
 *
 * The targets (issue #15 §6): performance ≥ 95 on the mobile preset for the home page, every lesson page and the
 * quiz; CLS < 0.1, accessibility 100 and best practices 100 on every page and preset. A target that does not apply
 * (desktop performance, the sandbox's performance) is null and does not count.
 *
 * Lighthouse's mobile figures are simulated from the trace it records (Lantern): the CPU time of each task is
 * multiplied by 4, so a busy machine lowers the score. Compare figures taken under the same load.
 *
 * LH_PAGES=/,/quiz       only these pages (comma-separated paths)
 * LH_PRESETS=mobile      only this preset (mobile, desktop or both, the default)
 * LH_EDITION=classic     measure Element classic instead (`?element=classic`; the lessons of today's Element only
 *                        are left out, as the classic course has none of them)
 * LH_REPORT_DIR=/tmp/lh  also writes each run's full JSON report there, to read its diagnostics
 * CHROMIUM_PATH=…        the browser (default: Debian's chromium, else its chromium-headless-shell)
 * PORT=4193              the port of the static server this script starts
 *
 * A lesson page starts its world in a Web Worker after load; Lighthouse measures the page as a learner gets it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags } from 'lighthouse';
import { CHROMIUM, HEADLESS_SHELL, isExecutable } from './chromium.js';
import { LESSON_IDS_2026_ONLY, LESSON_IDS_FOR_TESTS } from '../tests/lesson-ids';

const PORT = Number(process.env.PORT ?? 4193);
const BASE = `http://localhost:${PORT}`;
const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 1));
const BROWSER = process.env.CHROMIUM_PATH ?? (isExecutable(CHROMIUM) ? CHROMIUM : HEADLESS_SHELL);
const REPORT_DIR = process.env.LH_REPORT_DIR;
const EDITION = process.env.LH_EDITION ?? '2026';
if (EDITION !== '2026' && EDITION !== 'classic') {
	console.error(`Unknown edition "${EDITION}" in LH_EDITION: use 2026 (the default) or classic.`);
	process.exit(1);
}

const PRESETS: Record<'mobile' | 'desktop', Config | undefined> = {
	// Lighthouse's default config is the mobile preset.
	mobile: undefined,
	desktop: desktopConfig
};
type Preset = keyof typeof PRESETS;

const lessonIds = LESSON_IDS_FOR_TESTS.filter(
	(id) => EDITION === '2026' || !(LESSON_IDS_2026_ONLY as readonly string[]).includes(id)
);
const ALL_PAGES = ['/', ...lessonIds.map((id) => `/lessons/${id}`), '/quiz', '/sandbox'];
const pages = process.env.LH_PAGES ? process.env.LH_PAGES.split(',').map((p) => p.trim()) : ALL_PAGES;
const presets = (
	process.env.LH_PRESETS ? process.env.LH_PRESETS.split(',').map((p) => p.trim()) : Object.keys(PRESETS)
) as Preset[];
for (const preset of presets) {
	if (!(preset in PRESETS)) {
		console.error(`Unknown preset "${preset}" in LH_PRESETS: use mobile, desktop or both.`);
		process.exit(1);
	}
}

if (!existsSync(join(import.meta.dirname, '..', 'build', 'index.html'))) {
	console.error('No built site in build/. Run `npx vite build` (or `npm run build`) first.');
	process.exit(1);
}
if (!isExecutable(BROWSER)) {
	console.error(
		`No Chromium at ${BROWSER}. Install Debian's chromium (or chromium-headless-shell), or set CHROMIUM_PATH.`
	);
	process.exit(1);
}

interface Figures {
	performance: number;
	accessibility: number;
	bestPractices: number;
	cls: number;
	tbtMs: number;
	lcpMs: number;
	fcpMs: number;
}

/** Whether each target holds (null: it does not apply to this page and preset). */
interface Targets {
	performance: boolean | null;
	cls: boolean;
	accessibility: boolean;
	bestPractices: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const score = (s: number | null | undefined) => (s == null ? NaN : Math.round(s * 100));
const load1 = () => Math.round(loadavg()[0]! * 10) / 10;

/** The pages whose mobile performance must reach 95: the home page, every lesson page and the quiz. */
const hasPerformanceGoal = (path: string) => path === '/' || path === '/quiz' || path.startsWith('/lessons/');

function targetsOf(path: string, preset: Preset, f: Figures): Targets {
	return {
		performance: preset === 'mobile' && hasPerformanceGoal(path) ? f.performance >= 95 : null,
		cls: f.cls < 0.1,
		accessibility: f.accessibility === 100,
		bestPractices: f.bestPractices === 100
	};
}

async function audit(port: number, path: string, preset: Preset, run: number): Promise<Figures> {
	const flags: Flags = {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility', 'best-practices']
	};
	const url = `${BASE}${path}${EDITION === 'classic' ? '?element=classic' : ''}`;
	let lhr;
	// A run now and then fails to record its trace (NO_NAVSTART and the like): try that page again, twice at most.
	for (let attempt = 1; ; attempt++) {
		const result = await lighthouse(url, flags, PRESETS[preset]);
		if (!result) throw new Error(`Lighthouse returned nothing for ${path} (${preset}).`);
		lhr = result.lhr;
		if (!lhr.runtimeError) break;
		const message = `Lighthouse, ${path} (${preset}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
		if (attempt === 3) throw new Error(message);
		console.error(`${message} Trying again.`);
	}
	if (REPORT_DIR) {
		await mkdir(REPORT_DIR, { recursive: true });
		const name = `${preset}-${EDITION}${path === '/' ? '-home' : path.replaceAll('/', '-')}-${run}.json`;
		await writeFile(join(REPORT_DIR, name), JSON.stringify(lhr));
	}
	const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		performance: score(lhr.categories.performance?.score),
		accessibility: score(lhr.categories.accessibility?.score),
		bestPractices: score(lhr.categories['best-practices']?.score),
		cls: Math.round(numeric('cumulative-layout-shift') * 1000) / 1000,
		tbtMs: Math.round(numeric('total-blocking-time')),
		lcpMs: Math.round(numeric('largest-contentful-paint')),
		fcpMs: Math.round(numeric('first-contentful-paint'))
	};
}

const server = spawn(process.execPath, ['scripts/serve.mjs'], {
	env: { ...process.env, PORT: String(PORT) },
	stdio: ['ignore', 'pipe', 'inherit']
});
// Listening, or stopped: a port taken by another server must stop the run, never have that server measured.
const listening = new Promise<void>((resolve, reject) => {
	server.stdout.on('data', (chunk: Buffer) => {
		if (String(chunk).includes('is running at')) resolve();
	});
	server.once('exit', (code) =>
		reject(new Error(`The site's server stopped (exit code ${code}; is port ${PORT} taken?).`))
	);
});
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
	await listening;
	chrome = await chromeLauncher.launch({
		chromePath: BROWSER,
		chromeFlags: ['--headless=new', '--no-sandbox']
	});
	const startLoad = load1();
	const results: ({ page: string; preset: Preset; edition: string; load: [number, number] } & Figures & {
			targets: Targets;
			targetsHold: boolean;
		})[] = [];
	const failing: string[] = [];
	for (const preset of presets) {
		for (const path of pages) {
			const before = load1();
			const runs: Figures[] = [];
			for (let run = 0; run < RUNS; run++) runs.push(await audit(chrome.port, path, preset, run));
			const after = load1();
			const pick = (key: keyof Figures) => median(runs.map((r) => r[key]));
			const figures: Figures = {
				performance: pick('performance'),
				accessibility: pick('accessibility'),
				bestPractices: pick('bestPractices'),
				cls: pick('cls'),
				tbtMs: pick('tbtMs'),
				lcpMs: pick('lcpMs'),
				fcpMs: pick('fcpMs')
			};
			const targets = targetsOf(path, preset, figures);
			const missed = Object.entries(targets)
				.filter(([, holds]) => holds === false)
				.map(([name]) => name);
			if (missed.length) failing.push(`${preset} ${path}: ${missed.join(', ')}`);
			results.push({
				page: path,
				preset,
				edition: EDITION,
				...figures,
				load: [before, after],
				targets,
				targetsHold: missed.length === 0
			});
			console.log(
				`${preset.padEnd(7)} ${path.padEnd(31)} performance ${String(figures.performance).padStart(3)}  ` +
					`accessibility ${String(figures.accessibility).padStart(3)}  ` +
					`best practices ${String(figures.bestPractices).padStart(3)}  ` +
					`FCP ${(figures.fcpMs / 1000).toFixed(1)} s  LCP ${(figures.lcpMs / 1000).toFixed(1)} s  ` +
					`TBT ${String(figures.tbtMs).padStart(4)} ms  CLS ${figures.cls.toFixed(3)}  ` +
					`load ${before.toFixed(1)}→${after.toFixed(1)}` +
					(RUNS > 1 ? `  (median of ${RUNS})` : '') +
					(missed.length ? `  MISSES ${missed.join(', ')}` : '')
			);
		}
	}
	console.log(
		JSON.stringify({
			runs: RUNS,
			edition: EDITION,
			chromium: BROWSER,
			load: { start: startLoad, end: load1() },
			allTargetsHold: failing.length === 0,
			failing,
			results
		})
	);
} finally {
	chrome?.kill();
	server.kill();
}
