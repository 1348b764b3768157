/**
 * For the specs that run a real classroom server (`npm run classroom`, started here with its own data folder and
 * serving the built course): the server, a learner's own browser, and "Join a workshop" as a learner does it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './sandbox-fixtures';

export interface ClassroomServer {
	/** Where learners open it, without the trailing slash. */
	url: string;
	/** The workshop code learners register with. */
	code: string;
	/** The instructor's link, with its secret. */
	link: string;
}

/** Starts a classroom server on a free port of 127.0.0.1; `stop` ends it and removes its data. */
export async function startClassroomServer(): Promise<{
	server: ClassroomServer;
	stop: () => Promise<void>;
}> {
	const data = mkdtempSync(join(tmpdir(), 'classroom-test-'));
	// Its own process group, so that stopping it stops tsx's node child too.
	const child: ChildProcess = spawn(
		'node_modules/.bin/tsx',
		['src/lib/server/cli.ts', '--port', '0', '--host', '127.0.0.1', '--data', data],
		{ stdio: ['ignore', 'pipe', 'pipe'], detached: true }
	);
	let output = '';
	const server = await new Promise<ClassroomServer>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`No classroom server:\n${output}`)), 60_000);
		const read = (chunk: Buffer) => {
			output += chunk.toString();
			const url = /Learners open:\s+(\S+)/.exec(output)?.[1];
			const code = /Workshop code:\s+(\S+)/.exec(output)?.[1];
			const link = /Instructor's link:\s+(\S+)/.exec(output)?.[1];
			if (url && code && link) {
				clearTimeout(timer);
				resolve({ url: url.replace(/\/$/, ''), code, link });
			}
		};
		child.stdout?.on('data', read);
		child.stderr?.on('data', read);
		child.on('exit', () => reject(new Error(`The classroom server stopped:\n${output}`)));
	});
	const stop = async () => {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		process.kill(-child.pid!, 'SIGTERM');
		await exited;
		rmSync(data, { recursive: true, force: true });
	};
	return { server, stop };
}

/**
 * Someone's own browser on the server (a context of their own: their own storage, their own worker). With
 * `classic`, it remembers classic Element as the suite's own pages do (playwright.config.ts): the server's origin is
 * not the suite's, so its storage is set here. Without, it meets the course's default, today's Element.
 */
export async function laptop(
	browser: Browser,
	server: ClassroomServer,
	{ classic = false } = {}
): Promise<Page> {
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 1280, height: 720 },
		storageState: {
			cookies: [],
			origins: classic
				? [{ origin: server.url, localStorage: [{ name: 'e2ee-trainer.element-edition', value: 'classic' }] }]
				: []
		}
	});
	return context.newPage();
}

/**
 * "Join a workshop" on the home page: the code, a name, "Join"; then the classroom with its client. `axe` checks the
 * dialog once the code is typed.
 */
export async function joinWorkshop(
	page: Page,
	code: string,
	name: string,
	{ axe = false } = {}
): Promise<void> {
	await page.goto('/');
	await page.getByRole('button', { name: /Join a workshop/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
	await dialog.getByLabel('Workshop code').fill(code);
	if (axe) await expectNoAxeViolations(page, '[role="dialog"]');
	await dialog.getByLabel('Your name').fill(name);
	await dialog.getByRole('button', { name: 'Join' }).click();
	// Registering, loading the crypto and making the keys take a while on a busy machine: wait for the state.
	await expect(page).toHaveURL(/\/classroom$/, { timeout: 30_000 });
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 60_000 });
}
