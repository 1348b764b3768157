// Which Chromium the browser tests drive. $CHROMIUM_PATH if set; else Debian's headless shell
// (package chromium-headless-shell: the same Blink and V8 as Debian's chromium, without the browser's own UI, which
// costs about 2 CPU-seconds for every new browser context — a third of what opening a lesson page costs in a test;
// Playwright itself runs headless tests in this shell); else Debian's chromium. Never a downloaded build.
import { accessSync, constants } from 'node:fs';

export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM = '/usr/bin/chromium';

/** @param {string} path */
export function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The browser for the tests, as chosen above (the headless shell's path if nothing is installed yet). */
export function testBrowserPath() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	if (isExecutable(HEADLESS_SHELL)) return HEADLESS_SHELL;
	if (isExecutable(CHROMIUM)) return CHROMIUM;
	return HEADLESS_SHELL;
}
