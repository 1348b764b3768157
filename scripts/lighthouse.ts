/**
 * `npm run lighthouse`: Lighthouse (performance, accessibility, best practices) against the build in build/ (run
 * `vite build` first), driving Debian's Chromium (or $CHROMIUM_PATH), for the home page, every lesson page, the
 * quiz and the sandbox, with the mobile preset (Lighthouse's default: a mid-range phone, slow 4G, 4× CPU slowdown,
 * simulated) and the desktop preset.
 *
 * Prints one readable line per page and preset, and as its last line one JSON object:
 * {"runs", "results": [{"page","preset","performance","accessibility","bestPractices","lcpMs","tbtMs","cls"}]}.
 * Scores are 0–100; with LH_RUNS=3 (default 1) every figure is the median of the runs.
 *
 * LH_PAGES=/,/quiz       only these pages (comma-separated paths)
 * LH_PRESETS=mobile      only this preset (mobile, desktop or both, the default)
 * LH_REPORT_DIR=/tmp/lh  also writes each run's full JSON report there, to read its diagnostics
 *
 * A lesson page starts its world in a Web Worker after load; Lighthouse measures the page as a learner gets it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Config, type Flags } from 'lighthouse';
import { LESSON_IDS_FOR_TESTS } from '../tests/lesson-ids';

const PORT = Number(process.env.PORT ?? 4193);
const BASE = `http://localhost:${PORT}`;
const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 1));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPORT_DIR = process.env.LH_REPORT_DIR;

const PRESETS: Record<'mobile' | 'desktop', Config | undefined> = {
	// Lighthouse's default config is the mobile preset.
	mobile: undefined,
	desktop: desktopConfig
};
type Preset = keyof typeof PRESETS;

const ALL_PAGES = ['/', ...LESSON_IDS_FOR_TESTS.map((id) => `/lessons/${id}`), '/quiz', '/sandbox'];
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
if (!existsSync(CHROMIUM)) {
	console.error(`No Chromium at ${CHROMIUM}. Install it, or set CHROMIUM_PATH.`);
	process.exit(1);
}

interface Figures {
	performance: number;
	accessibility: number;
	bestPractices: number;
	lcpMs: number;
	tbtMs: number;
	cls: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const score = (s: number | null | undefined) => (s == null ? NaN : Math.round(s * 100));

async function waitForServer(): Promise<void> {
	for (let i = 0; i < 100; i++) {
		try {
			const response = await fetch(BASE, { method: 'HEAD' });
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`The site did not answer at ${BASE}.`);
}

async function audit(port: number, path: string, preset: Preset, run: number): Promise<Figures> {
	const flags: Flags = {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility', 'best-practices']
	};
	let lhr;
	// A run now and then fails to record its trace (NO_NAVSTART and the like): try that page again, twice at most.
	for (let attempt = 1; ; attempt++) {
		const result = await lighthouse(`${BASE}${path}`, flags, PRESETS[preset]);
		if (!result) throw new Error(`Lighthouse returned nothing for ${path} (${preset}).`);
		lhr = result.lhr;
		if (!lhr.runtimeError) break;
		const message = `Lighthouse, ${path} (${preset}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
		if (attempt === 3) throw new Error(message);
		console.error(`${message} Trying again.`);
	}
	if (REPORT_DIR) {
		await mkdir(REPORT_DIR, { recursive: true });
		const name = `${preset}${path === '/' ? '-home' : path.replaceAll('/', '-')}-${run}.json`;
		await writeFile(join(REPORT_DIR, name), JSON.stringify(lhr));
	}
	const numeric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
	return {
		performance: score(lhr.categories.performance?.score),
		accessibility: score(lhr.categories.accessibility?.score),
		bestPractices: score(lhr.categories['best-practices']?.score),
		lcpMs: Math.round(numeric('largest-contentful-paint')),
		tbtMs: Math.round(numeric('total-blocking-time')),
		cls: Math.round(numeric('cumulative-layout-shift') * 1000) / 1000
	};
}

const server = spawn(process.execPath, ['scripts/serve.mjs'], {
	env: { ...process.env, PORT: String(PORT) },
	stdio: ['ignore', 'ignore', 'inherit']
});
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
	await waitForServer();
	chrome = await chromeLauncher.launch({
		chromePath: CHROMIUM,
		chromeFlags: ['--headless=new', '--no-sandbox']
	});
	const results: ({ page: string; preset: Preset } & Figures)[] = [];
	for (const preset of presets) {
		for (const path of pages) {
			const runs: Figures[] = [];
			for (let run = 0; run < RUNS; run++) runs.push(await audit(chrome.port, path, preset, run));
			const pick = (key: keyof Figures) => median(runs.map((r) => r[key]));
			const figures: Figures = {
				performance: pick('performance'),
				accessibility: pick('accessibility'),
				bestPractices: pick('bestPractices'),
				lcpMs: pick('lcpMs'),
				tbtMs: pick('tbtMs'),
				cls: pick('cls')
			};
			results.push({ page: path, preset, ...figures });
			console.log(
				`${preset.padEnd(7)} ${path.padEnd(31)} performance ${String(figures.performance).padStart(3)}  ` +
					`accessibility ${String(figures.accessibility).padStart(3)}  ` +
					`best practices ${String(figures.bestPractices).padStart(3)}  ` +
					`LCP ${(figures.lcpMs / 1000).toFixed(1)} s  TBT ${figures.tbtMs} ms  CLS ${figures.cls.toFixed(3)}` +
					(RUNS > 1 ? `  (median of ${RUNS})` : '')
			);
		}
	}
	console.log(JSON.stringify({ runs: RUNS, results }));
} finally {
	chrome?.kill();
	server.kill();
}
