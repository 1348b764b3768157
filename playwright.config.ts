import { defineConfig, devices } from '@playwright/test';
import { testBrowserPath } from './scripts/chromium.js';

// The browser is Debian's Chromium headless shell, else its chromium (scripts/chromium.js says why;
// scripts/ensure-chromium.mjs installs it); Playwright never downloads one.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const port = Number(process.env.PORT ?? 4173);
const baseURL = `http://localhost:${port}`;

// The contacts react at a quarter of a person's pace in the browser tests (accepting, confirming, scanning,
// comparing: see `pacedDelay`); typing and the waits a learner acts within keep their length. The unit tests cover the
// machines at their real delays on a simulated clock.
const CONTACT_PACE = { name: 'e2ee-trainer.contact-pace', value: '0.25' };
// Today's Element (2026) is the course's default; a test that does not choose an edition (by link or switch) meets
// the classic one, remembered as if chosen before. tests/home.spec.ts proves what a fresh visitor gets.
const CLASSIC_UNLESS_CHOSEN = { name: 'e2ee-trainer.element-edition', value: 'classic' };

export default defineConfig({
	testDir: 'tests',
	fullyParallel: true,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	workers: 2,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL,
		// Recording a trace doubles a test's CPU (the screencast): traces are kept from the retry of a failed test
		// (CI retries once); locally, `npx playwright test --trace on` records them.
		trace: 'on-first-retry',
		storageState: {
			cookies: [],
			origins: [{ origin: baseURL, localStorage: [CONTACT_PACE, CLASSIC_UNLESS_CHOSEN] }]
		},
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 1280, height: 800 },
				locale: 'en-US',
				launchOptions: {
					executablePath: testBrowserPath(),
					args: [
						'--no-sandbox',
						'--disable-gpu',
						'--disable-quic',
						'--no-first-run',
						'--disable-background-networking',
						'--disable-component-update',
						'--disable-sync'
					]
				}
			}
		}
	],
	// Serves the site that `vite build` made; it builds nothing itself (`npm test` builds first).
	webServer: {
		command: 'node scripts/serve.mjs',
		url: baseURL,
		env: { PORT: String(port) },
		reuseExistingServer: !process.env.CI,
		stdout: 'pipe',
		timeout: 30_000
	}
});
