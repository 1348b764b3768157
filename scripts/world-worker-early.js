/**
 * The world's worker starts as early as a page can start it: a lesson or the sandbox opened by its address gets a
 * small classic script (`static/world-prestart.js`, added to those pages' HTML by `src/hooks.server.ts` at build
 * time) that starts the worker while the page's own modules are still loading. That script must know the worker's
 * address before any module has run, so the world worker is built under a fixed name, `_app/world-worker.js`
 * (outside `_app/immutable/`: the server sends it with `no-cache`, so a new build is never hidden by an old copy).
 * The WASM and anything else the worker loads keep their hashed names.
 *
 * Measured with `npm run bench:browser -- --only lessons` (the worker's start in each lesson's timeline).
 */

/** Where the world worker is built, relative to the site's root (static/world-prestart.js starts it from there). */
export const WORLD_WORKER_FILE = '_app/world-worker.js';

/**
 * A Vite plugin: names the world worker's bundle `WORLD_WORKER_FILE`; every other worker keeps SvelteKit's hashed
 * name. Runs after SvelteKit's own config hook, whose worker file names it takes over.
 * @returns {import('vite').Plugin}
 */
export function worldWorkerFixedName() {
	return {
		name: 'e2ee-trainer:world-worker-fixed-name',
		enforce: 'post',
		config() {
			return {
				worker: {
					rollupOptions: {
						output: {
							/** @param {{ name: string }} chunk */
							entryFileNames: (chunk) =>
								chunk.name.startsWith('world.worker')
									? WORLD_WORKER_FILE
									: '_app/immutable/workers/[name]-[hash].js'
						}
					}
				}
			};
		}
	};
}
