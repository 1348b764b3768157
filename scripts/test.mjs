#!/usr/bin/env node
// `npm test`: Chromium (installed when missing), then the checks, the builds, the unit tests and the browser tests.
// The static checks are single-threaded: eslint (its typed rules take longest) runs on one core, and on the other
// prettier, svelte-check and then the two builds (the site's and the learning platform's), each step's output kept
// together. Stops at the first red step and prints how long each step took, so that the suite's time on a 2-core
// machine is always on record (issue 10 §12: under 12 minutes).
import { spawn } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

// The project's own tools first, also when this script runs without npm (`node scripts/test.mjs`).
const env = { ...process.env, PATH: [resolve('node_modules/.bin'), process.env.PATH].join(delimiter) };

/** @typedef {{ name: string, command: string }} Step */

const timings = /** @type {Array<{ name: string, seconds: number, ok: boolean }>} */ ([]);

/**
 * Runs one shell command; with `buffer`, its output is held back and printed in one piece when it ends.
 * @param {Step} step
 * @param {boolean} buffer
 * @returns {Promise<boolean>}
 */
function run(step, buffer) {
	const started = performance.now();
	return new Promise((resolve) => {
		const child = spawn('sh', ['-c', step.command], {
			env,
			stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit'
		});
		/** @type {Buffer[]} */
		const output = [];
		child.stdout?.on('data', (chunk) => output.push(chunk));
		child.stderr?.on('data', (chunk) => output.push(chunk));
		child.on('close', (code) => {
			const seconds = Math.round((performance.now() - started) / 100) / 10;
			if (buffer) process.stdout.write(`\n── ${step.name} ──\n${Buffer.concat(output).toString()}`);
			timings.push({ name: step.name, seconds, ok: code === 0 });
			resolve(code === 0);
		});
	});
}

/**
 * Runs the lanes side by side; the steps of one lane one after the other, until one fails.
 * @param {Step[][]} lanes
 */
async function together(lanes) {
	const results = await Promise.all(
		lanes.map(async (lane) => {
			for (const step of lane) if (!(await run(step, lanes.length > 1))) return false;
			return true;
		})
	);
	return results.every(Boolean);
}

function report() {
	console.log('\nnpm test, step by step:');
	for (const t of timings)
		console.log(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.name.padEnd(34)} ${t.seconds.toFixed(1)} s`);
	console.log(`  whole run ${((performance.now() - startedAll) / 1000).toFixed(1)} s`);
}

const startedAll = performance.now();
/** @type {Step[][][]} each entry: lanes that run side by side, each a list of steps run in turn */
const plan = [
	[
		[
			{
				name: 'chromium, xmllint',
				command: 'node scripts/ensure-chromium.mjs && node scripts/ensure-xmllint.mjs'
			}
		]
	],
	[[{ name: 'generate (SvelteKit types, messages)', command: 'npm run --silent generate' }]],
	// eslint (typed rules, the longest) on one core; prettier, svelte-check and the builds on the other. The builds
	// come after svelte-check: they rewrite .svelte-kit/'s generated types (with the same text) that it reads at
	// its start. The builds never run beside vitest, whose start rewrites the same files.
	[
		// svelte-eslint-parser's opt-in hook serves each .svelte file's TypeScript to the one program typescript-eslint
		// keeps, instead of changing the program for every component (a quarter less CPU; the same rules and findings).
		[
			{
				name: 'lint (eslint)',
				command: 'SVELTE_ESLINT_PARSER_EXPERIMENTAL_TS_SYS_HOOK=1 eslint .'
			}
		],
		[
			{ name: 'format (prettier)', command: 'prettier --check .' },
			{ name: 'types (svelte-check)', command: 'svelte-check --tsconfig ./tsconfig.json --fail-on-warnings' },
			{ name: 'build (vite)', command: 'vite build' },
			// The learning-platform build (hash routing, build-lms/, its own .svelte-kit-lms/): tests/lms.spec.ts
			// packages it with its own flags.
			{ name: 'build for learning platforms (vite)', command: 'E2EE_LMS_BUILD=1 vite build' }
		]
	],
	[[{ name: 'unit tests (vitest)', command: 'vitest run' }]],
	[[{ name: 'browser tests (playwright)', command: 'playwright test' }]]
];

for (const lanes of plan) {
	if (!(await together(lanes))) {
		report();
		process.exit(1);
	}
}
report();
