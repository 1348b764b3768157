/**
 * What `npm start`'s server (scripts/serve.mjs) sends: the Content-Security-Policy as a header for pages and for the
 * crypto Web Worker's script (a <meta> tag binds neither the worker nor who may frame the site), the other headers
 * of a static site, and a redirect from `/lessons/<id>/` to the lesson. A worker's `fetch` to another origin is
 * blocked, and a page of another origin cannot frame the course. A lesson's page starts its one world worker from its
 * head, before its modules.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { LESSON_IDS_FOR_TESTS } from './lesson-ids';

/** A server on another origin (127.0.0.1 instead of localhost, another port) that counts what reaches it. */
async function otherOrigin(body = 'reached'): Promise<{ url: string; hits: string[]; server: Server }> {
	const hits: string[] = [];
	const server = createServer((req, res) => {
		hits.push(req.url ?? '');
		res.writeHead(200, { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': '*' });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, hits, server };
}

function directives(policy: string | undefined): Map<string, string> {
	return new Map(
		(policy ?? '')
			.split(';')
			.map((d) => d.trim())
			.filter(Boolean)
			.map((d) => [d.split(/\s+/)[0]!, d] as [string, string])
	);
}

function expectStaticSiteHeaders(headers: Record<string, string>): void {
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('no-referrer');
	expect(headers['cross-origin-opener-policy']).toBe('same-origin');
	expect(headers['x-frame-options']).toBe('SAMEORIGIN');
	expect(headers['permissions-policy']).toContain('camera=()');
}

test('pages carry the policy as a header: their own script hashes, frame-ancestors, and the other headers', async ({
	page,
	request
}) => {
	for (const path of ['/', '/sandbox', '/quiz', `/lessons/${LESSON_IDS_FOR_TESTS[0]}`]) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		const headers = response.headers();
		expectStaticSiteHeaders(headers);
		const policy = directives(headers['content-security-policy']);
		expect(policy.get('default-src'), path).toBe("default-src 'self'");
		expect(policy.get('connect-src'), path).toBe("connect-src 'self'");
		expect(policy.get('frame-ancestors'), path).toBe("frame-ancestors 'self'");
		// The header holds the same script hashes as the page's <meta> tag, so the page's inline script runs.
		const html = await response.text();
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
		expect(policy.get('script-src'), path).toBe(directives(meta?.replaceAll('&#39;', "'")).get('script-src'));
	}
	// The page works under it: the home page renders and hydrates without a CSP report or a header warning.
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Permissions-Policy/i.test(m.text())) violations.push(m.text());
	});
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(
		page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' })
	).toBeEnabled();
	expect(violations).toEqual([]);
});

test('the crypto worker carries the policy, and its fetch to another origin is blocked', async ({
	page,
	request
}) => {
	test.slow(); // starts the sandbox's world with the real crypto
	const outside = await otherOrigin();
	try {
		const workers: string[] = [];
		page.on('worker', (w) => workers.push(w.url()));
		const worker = page.waitForEvent('worker');
		await page.goto('/sandbox');
		const world = await worker;
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 120_000 });
		// One world worker: the page's script took over the one its head started, and started no second.
		expect(workers).toEqual([world.url()]);

		// The worker's own script is served with the policy.
		const headers = (await request.get(world.url())).headers();
		expect(world.url()).toMatch(/worker/);
		expectStaticSiteHeaders(headers);
		const policy = directives(headers['content-security-policy']);
		expect(policy.get('connect-src')).toBe("connect-src 'self'");
		expect(policy.get('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");

		// Inside the worker, a fetch to another origin fails, and nothing arrives there; one to its own origin works.
		const result = await world.evaluate(async (url) => {
			try {
				await fetch(`${url}/from-the-worker`);
				return 'reached';
			} catch (error) {
				return `blocked: ${String(error)}`;
			}
		}, outside.url);
		expect(result).toMatch(/^blocked/);
		expect(outside.hits).toEqual([]);
		const own = await world.evaluate(async () => (await fetch('/favicon.svg')).status);
		expect(own).toBe(200);
	} finally {
		outside.server.close();
	}
});

test('a lesson opened by its address starts its world worker before the page’s modules have loaded', async ({
	page,
	baseURL
}) => {
	// Without the page's modules (the app never starts), the plain script in the head starts the worker alone.
	await page.route('**/_app/immutable/entry/**', (route) => route.abort());
	const worker = page.waitForEvent('worker');
	await page.goto(`/lessons/${LESSON_IDS_FOR_TESTS[0]}`);
	expect((await worker).url()).toBe(`${baseURL}/_app/world-worker.js`);
	// The course home starts none (nor loads the WASM: home.spec.ts).
	const workers: string[] = [];
	page.on('worker', (w) => workers.push(w.url()));
	await page.unroute('**/_app/immutable/entry/**');
	await page.goto('/');
	await expect(
		page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' })
	).toBeEnabled();
	expect(workers).toEqual([]);
});

test('a page of another origin cannot frame the course', async ({ page, baseURL }) => {
	const outside = await otherOrigin(
		`<!doctype html><title>Elsewhere</title><iframe src="${baseURL}/quiz"></iframe>`
	);
	try {
		// "load" waits for the frame too, whether it shows the quiz or the browser's refusal.
		await page.goto(`${outside.url}/`, { waitUntil: 'load' });
		const frame = page.frames().find((f) => f !== page.mainFrame());
		expect(frame).toBeDefined();
		expect(frame!.url()).not.toBe(`${baseURL}/quiz`);
		await expect(page.frameLocator('iframe').getByRole('heading', { name: 'Shield quiz' })).toHaveCount(0);
	} finally {
		outside.server.close();
	}
});

test('a lesson address with a trailing slash leads to the lesson', async ({ page, request }) => {
	const id = LESSON_IDS_FOR_TESTS[0];
	const response = await request.get(`/lessons/${id}/?from=link`, { maxRedirects: 0 });
	expect(response.status()).toBe(308);
	expect(response.headers()['location']).toBe(`/lessons/${id}?from=link`);
	await page.goto(`/lessons/${id}/`);
	await expect(page).toHaveURL(new RegExp(`/lessons/${id}$`));
	await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
});
