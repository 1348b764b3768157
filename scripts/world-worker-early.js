/**
 * The world's worker starts as early as a page can start it: a lesson or the sandbox opened by its address carries a
 * tiny inline script first in its head (`src/hooks.server.ts` adds it to those built pages) that starts the worker
 * before the parser has even reached the page's ~50 module preloads; the page's script takes it over
 * (`src/lib/world-bridge/worker-start.ts`). That script must know the worker's address before any module has run,
 * so the world worker is built under a fixed name, `_app/world-worker.js` (outside `_app/immutable/`: the server
 * sends it with `no-cache`, so a new build is never hidden by an old copy); the WASM and anything else the worker
 * loads keep their hashed names. Pages allow the script by its hash (svelte.config.js).
 *
 * Measured with `npm run bench:browser -- --only lessons` (each lesson's timeline).
 */
import { createHash } from 'node:crypto';

/** Where the world worker is built, relative to the site's root. */
export const WORLD_WORKER_FILE = '_app/world-worker.js';

/**
 * The inline script. The same pages as WORLD_PAGES in worker-start.ts; those addresses start at the site's root, so
 * the worker is at `/${WORLD_WORKER_FILE}`. It keeps what the worker says until the page's script takes it over (a
 * worker's messages are not queued for a listener that comes later), in the slot worker-start.ts reads.
 */
export const WORLD_PRESTART_SCRIPT = `(function(){if(!/^\\/(lessons\\/[^/]+|sandbox)\\/?$/.test(location.pathname)||typeof Worker==='undefined'||window.__e2eeWorldWorker!==undefined)return;var w;try{w=new Worker('/${WORLD_WORKER_FILE}',{type:'module'})}catch(e){return}var ev=[];var keep=function(e){if(e.type==='error')e.preventDefault();ev.push(e)};w.addEventListener('message',keep);w.addEventListener('error',keep);window.__e2eeWorldWorker={worker:w,events:ev,keep:keep}})()`;

/** The script's hash for the policy's script-src, in SvelteKit's form (no quotes). */
export const WORLD_PRESTART_HASH = `sha256-${createHash('sha256').update(WORLD_PRESTART_SCRIPT).digest('base64')}`;

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
