#!/usr/bin/env node
// Makes sure the browser tests have a Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. If neither is
// there, installs Debian's package when we are root (as in CI); otherwise says how. Never downloads a browser
// build of its own (Playwright's downloads are not used by this project).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** @param {string} path */
function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** @param {string} command */
function run(command) {
	console.log(`$ ${command}`);
	const result = spawnSync('sh', ['-c', command], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return result.status === 0;
}

if (isExecutable(candidate)) {
	console.log(`Chromium found at ${candidate}.`);
	process.exit(0);
}

if (process.env.CHROMIUM_PATH) {
	console.error(`CHROMIUM_PATH is set to ${candidate}, but no executable is there.`);
	process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
	console.error(
		[
			'The browser tests need Chromium, and /usr/bin/chromium is missing.',
			'Install it once with:',
			'',
			'    sudo apt-get update && sudo apt-get install -y chromium',
			'',
			'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.'
		].join('\n')
	);
	process.exit(1);
}

console.log('Chromium is missing: installing Debian’s chromium package.');
if (!run('apt-get update') || !run('apt-get install -y chromium') || !isExecutable(candidate)) {
	console.error('Installing Chromium failed; see the apt-get output above.');
	process.exit(1);
}
console.log(`Chromium installed at ${candidate}.`);
