import { defineConfig, devices } from '@playwright/test';

// The browser is Debian's Chromium (scripts/ensure-chromium.mjs installs it); Playwright never downloads one.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const port = Number(process.env.PORT ?? 4173);
const baseURL = `http://localhost:${port}`;

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
		trace: 'retain-on-failure',
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
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
