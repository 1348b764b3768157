/**
 * The measuring scripts' site: build/ served by `scripts/serve.mjs` on a port of their own (BUILD_DIR serves another
 * build, for A/B runs) and Debian's Chromium (`testBrowserPath`). Waits until that server says it listens; a port
 * taken by another server stops the run instead of having that server measured.
 */
import { spawn } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { testBrowserPath } from './chromium.js';

export interface SiteUnderTest {
	base: string;
	browser: Browser;
	/** Closes the browser and stops the server. */
	close(): Promise<void>;
}

export async function openSite(port: number): Promise<SiteUnderTest> {
	const server = spawn(process.execPath, ['scripts/serve.mjs'], {
		env: { ...process.env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.stdout.on('data', (chunk: Buffer) => {
				if (String(chunk).includes('is running at')) resolve();
			});
			server.once('exit', (code) =>
				reject(new Error(`The site's server stopped (exit code ${code}; is port ${port} taken?).`))
			);
		});
		const browser = await chromium.launch({
			executablePath: testBrowserPath(),
			args: ['--no-sandbox', '--disable-gpu']
		});
		return {
			base: `http://localhost:${port}`,
			browser,
			close: async () => {
				await browser.close();
				server.kill();
			}
		};
	} catch (e) {
		server.kill();
		throw e;
	}
}
