import type { ClientInit } from '@sveltejs/kit';
import { prewarmWorldWorker, WORLD_PAGES } from '$lib/world-bridge/worker-start';

/**
 * A lesson or the sandbox opened by its address: its world's worker (and the crypto WASM) starts loading now, while
 * the page's script loads and hydrates, rather than after (see world-bridge/worker-start.ts).
 */
export const init: ClientInit = () => {
	if (WORLD_PAGES.test(location.pathname)) prewarmWorldWorker();
};
