#!/usr/bin/env node
// Makes sure the browser tests have a Chromium (see scripts/chromium.js for which): $CHROMIUM_PATH if set; else
// Debian's chromium-headless-shell, installed with apt when we are root (as in CI); if that cannot be installed,
// Debian's chromium (slower to start a context, same engine). Never downloads a browser build of its own
// (Playwright's downloads are not used by this project).
import { isRoot, aptInstall, run } from './apt.mjs';
import { CHROMIUM, HEADLESS_SHELL, isExecutable, testBrowserPath } from './chromium.js';

if (process.env.CHROMIUM_PATH) {
	if (isExecutable(process.env.CHROMIUM_PATH)) {
		console.log(`Chromium found at ${process.env.CHROMIUM_PATH} (CHROMIUM_PATH).`);
		process.exit(0);
	}
	console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no executable is there.`);
	process.exit(1);
}

if (isExecutable(HEADLESS_SHELL)) {
	console.log(`Chromium's headless shell found at ${HEADLESS_SHELL}.`);
	process.exit(0);
}

if (isRoot) {
	console.log('Installing Debian’s chromium-headless-shell for the browser tests.');
	if (aptInstall('chromium-headless-shell') && isExecutable(HEADLESS_SHELL)) {
		console.log(`Installed at ${HEADLESS_SHELL}.`);
		process.exit(0);
	}
}

if (isExecutable(CHROMIUM)) {
	console.log(
		`Using ${CHROMIUM} (the tests start faster with chromium-headless-shell: sudo apt-get install chromium-headless-shell).`
	);
	process.exit(0);
}

if (isRoot && run('apt-get install -y chromium') && isExecutable(testBrowserPath())) process.exit(0);
console.error(
	[
		'The browser tests need Chromium, and neither /usr/bin/chromium-headless-shell nor /usr/bin/chromium is there.',
		'Install it once with:',
		'',
		'    sudo apt-get update && sudo apt-get install -y chromium-headless-shell',
		'',
		'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.'
	].join('\n')
);
process.exit(1);
