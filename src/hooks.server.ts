import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { WORLD_PAGES } from '$lib/world-bridge/worker-start';

/**
 * The built pages of the lessons and the sandbox start their world's worker from a small plain script in their head
 * (static/world-prestart.js), before the page's modules have loaded: the crypto WASM is on its way ~0.2–0.4 s
 * sooner on a busy two-core machine (see scripts/world-worker-early.js). Only in the build: the dev server names its
 * worker differently, and there the page's own script starts it (src/hooks.client.ts).
 */
export const handle: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!building || !WORLD_PAGES.test(path)) return resolve(event);
	// Relative, like every other address in the built pages (`paths.relative`): /sandbox → ./, /lessons/x → ../.
	const up = '../'.repeat(path.replace(/\/$/, '').split('/').length - 2) || './';
	// First in the head and asked for first: behind the page's ~50 module preloads it would arrive after them.
	const tag = `<script async fetchpriority="high" src="${up}world-prestart.js"></script>`;
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace('<meta charset="utf-8" />', (meta) => `${meta}\n\t\t${tag}`)
	});
};
