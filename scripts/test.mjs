#!/usr/bin/env node
// `npm test`: Chromium (installed when missing), then the checks, the unit tests, the build and the browser tests.
// The static checks are single-threaded: eslint (its typed rules take longest) runs beside prettier then
// svelte-check, one per core, each with its output kept together. Stops at the first red step and prints how long each step took, so that the
// suite's time on a 2-core machine is always on record (issue 10 §12: under 12 minutes).
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

/** @param {Step[]} steps run side by side */
async function together(...steps) {
	const results = await Promise.all(steps.map((step) => run(step, steps.length > 1)));
	return results.every(Boolean);
}

function report() {
	console.log('\nnpm test, step by step:');
	for (const t of timings)
		console.log(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.name.padEnd(34)} ${t.seconds.toFixed(1)} s`);
	console.log(`  whole run ${((performance.now() - startedAll) / 1000).toFixed(1)} s`);
}

const startedAll = performance.now();
const plan = [
	[
		{
			name: 'chromium, xmllint',
			command: 'node scripts/ensure-chromium.mjs && node scripts/ensure-xmllint.mjs'
		}
	],
	[{ name: 'generate (SvelteKit types, messages)', command: 'npm run --silent generate' }],
	// eslint (typed rules, the longest) on one core; prettier, then svelte-check, on the other.
	[
		{ name: 'lint (eslint)', command: 'eslint .' },
		{
			name: 'format, types (prettier, svelte-check)',
			command: 'prettier --check . && svelte-check --tsconfig ./tsconfig.json --fail-on-warnings'
		}
	],
	[{ name: 'unit tests (vitest)', command: 'vitest run' }],
	[{ name: 'build (vite)', command: 'vite build' }],
	// The learning-platform build (hash routing, build-lms/): tests/lms.spec.ts packages it with its own flags.
	[{ name: 'build for learning platforms (vite)', command: 'E2EE_LMS_BUILD=1 vite build' }],
	[{ name: 'browser tests (playwright)', command: 'playwright test' }]
];

for (const steps of plan) {
	if (!(await together(...steps))) {
		report();
		process.exit(1);
	}
}
report();
