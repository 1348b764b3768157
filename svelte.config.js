import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './scripts/csp.js';
import { WORLD_PRESTART_HASH } from './scripts/world-worker-early.js';

// `npm run build:lms` (scripts/build-lms.mjs) builds the course for a learning platform into build-lms/: one page
// (index.html) with hash routing, so that it works under whatever path and in whatever frame the platform serves
// its packages from, and a reload finds the page again; every URL in it is relative.
const lms = process.env.E2EE_LMS_BUILD === '1';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// 404.html: the page an unknown address gets (routes/+error.svelte, rendered in the browser).
		adapter: lms
			? adapter({ pages: 'build-lms', assets: 'build-lms', strict: true })
			: adapter({ fallback: '404.html', strict: true }),
		router: { type: lms ? 'hash' : 'pathname' },
		paths: { relative: true },
		// Its own working folder, so that it never mixes with the site's build.
		outDir: lms ? '.svelte-kit-lms' : '.svelte-kit',
		// The site is static, so the policy travels as a <meta http-equiv> tag; SvelteKit hashes its own inline
		// scripts. 'wasm-unsafe-eval' lets the crypto WASM compile; nothing else is inline or remote.
		// The policy itself is in scripts/csp.js, shared with the server (scripts/serve.mjs), which also sends it as
		// a header (with frame-ancestors, which a <meta> tag cannot carry).
		// Pages also allow, by its hash, the inline script with which a lesson or the sandbox starts its world worker
		// early (scripts/world-worker-early.js); the worker's own script keeps the bare policy.
		csp: {
			mode: 'hash',
			directives: {
				...CSP_DIRECTIVES,
				'script-src': [...(CSP_DIRECTIVES['script-src'] ?? []), WORLD_PRESTART_HASH]
			}
		},
		// A page's stylesheets (a few kB each) come inside its HTML, hashed into its policy like the inline script:
		// the first paint no longer waits for their requests, which on a phone's network cost a round trip or two.
		inlineStyleThreshold: 32 * 1024,
		typescript: {
			// Let svelte-check and the typed lint see the config and script files outside src/ and tests/.
			config: (tsconfig) => {
				tsconfig.include.push('../playwright.config.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
