import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { WORLD_PAGES } from '$lib/world-bridge/worker-start';
import { WORLD_PRESTART_SCRIPT } from '../scripts/world-worker-early.js';

/**
 * The built pages of the lessons and the sandbox start their world's worker from a tiny inline script first in their
 * head, before the page's modules have loaded (see scripts/world-worker-early.js). Only in the build: the dev server
 * names its worker differently, and there the page's own script starts it (src/hooks.client.ts).
 */
export const handle: Handle = ({ event, resolve }) => {
	if (!building || !WORLD_PAGES.test(event.url.pathname)) return resolve(event);
	// Right after the policy's <meta> tag (so that the policy covers it, allowing it by its hash), before the preloads.
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace(
				/<meta http-equiv="content-security-policy"[^>]*>/,
				(meta) => `${meta}\n\t\t<script>${WORLD_PRESTART_SCRIPT}</script>`
			)
	});
};
