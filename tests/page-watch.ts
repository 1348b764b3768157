/**
 * For the tests of the pages that need no world (home, quiz): what a page asked for and what went wrong on it, and
 * the check that it stayed on its own origin without WASM.
 */
import { expect, type Page } from '@playwright/test';

/** Records the page's requests, its uncaught errors and its console errors and warnings (CSP violations among them). */
export function watchPage(page: Page): { requests: string[]; problems: string[] } {
	const requests: string[] = [];
	const problems: string[] = [];
	page.on('request', (request) => requests.push(request.url()));
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error' || message.type() === 'warning') {
			problems.push(`console ${message.type()}: ${message.text()}`);
		}
	});
	return { requests, problems };
}

/** Every request went to the page's own origin (or was a data: URL), none loaded WASM, nothing went wrong. */
export function expectOwnOriginWithoutWasm(page: Page, watched: { requests: string[]; problems: string[] }) {
	const origin = new URL(page.url()).origin;
	const { requests, problems } = watched;
	expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
	expect(requests.filter((url) => new URL(url).pathname.endsWith('.wasm'))).toEqual([]);
	expect(problems).toEqual([]);
}
