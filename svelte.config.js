import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// 404.html: the page an unknown address gets (routes/+error.svelte, rendered in the browser).
		adapter: adapter({ fallback: '404.html', strict: true }),
		// The site is static, so the policy travels as a <meta http-equiv> tag; SvelteKit hashes its own inline
		// scripts. 'wasm-unsafe-eval' lets the crypto WASM compile; nothing else is inline or remote.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				// SvelteKit's route announcer (a visually hidden live region) carries one fixed style attribute; allow
				// exactly that one by its hash. If a SvelteKit update changes it, tests/home.spec.ts reports the
				// violation with the new hash.
				'style-src': ['self', 'unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
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
