import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './scripts/csp.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// 404.html: the page an unknown address gets (routes/+error.svelte, rendered in the browser).
		adapter: adapter({ fallback: '404.html', strict: true }),
		// The site is static, so the policy travels as a <meta http-equiv> tag; SvelteKit hashes its own inline
		// scripts. 'wasm-unsafe-eval' lets the crypto WASM compile; nothing else is inline or remote.
		// The policy itself is in scripts/csp.js, shared with the server (scripts/serve.mjs), which also sends it as
		// a header (with frame-ancestors, which a <meta> tag cannot carry).
		csp: { mode: 'hash', directives: CSP_DIRECTIVES },
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
