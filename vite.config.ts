import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { lmsPageOptions } from './scripts/lms/page-options.js';
import { lucideStaticIcons } from './scripts/lucide-static-icons.js';
import { sasEmojiPictures } from './scripts/sas-emoji-pictures.js';
import { worldWorkerFixedName } from './scripts/world-worker-early.js';

export default defineConfig(({ isSsrBuild }) => ({
	plugins: [
		// Compiles messages/*.json into src/lib/paraglide on dev, build and vitest start.
		// Keep the options in step with the "i18n" script in package.json.
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// A static site has no server to read a cookie or URL prefix: remember the learner's choice in
			// localStorage, else follow the browser's languages, else English.
			strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
		}),
		// Lucide's icons as plain markup: far less work for the page's script than @lucide/svelte's own components.
		lucideStaticIcons(),
		// The learning-platform build (scripts/build-lms.mjs) routes by hash and has no page options.
		process.env.E2EE_LMS_BUILD === '1' && lmsPageOptions(),
		sveltekit(),
		// The world worker under a fixed name, so that a lesson's HTML can start it before any module has run.
		worldWorkerFixedName(),
		// Pictures of the 64 SAS emoji, served from the course's own origin (no colour emoji font needed).
		sasEmojiPictures()
	],
	// The crypto package fetches its .wasm relative to itself; pre-bundling breaks that URL.
	optimizeDeps: { exclude: ['@matrix-org/matrix-sdk-crypto-wasm'] },
	worker: { format: 'es' },
	build: {
		target: 'es2022',
		// The browser's bundle: Svelte's and SvelteKit's runtime in one chunk rather than a handful of small ones, which
		// every page loads before it hydrates (fewer requests on a phone's network; `npm run lighthouse` measures it).
		rolldownOptions: isSsrBuild
			? {}
			: {
					output: {
						codeSplitting: {
							groups: [
								{
									name: 'framework',
									test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|paraglide[\\/]runtime/,
									priority: 2
								}
							]
						}
					}
				}
	},
	test: {
		environment: 'node',
		include: ['src/**/*.test.ts'],
		// The test files share their workers' module cache: each file no longer loads the crypto WASM and the course's
		// modules anew, which halves the unit tests' time on two cores (164 s → 82 s). Files must therefore leave no
		// state behind (worlds are made per test, the locale is set by each test that needs one).
		isolate: false,
		// Vitest keeps a core for itself by default (one worker on two cores), but its own work is a few seconds of
		// transforms: the test files, crypto-bound, take both cores.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		testTimeout: 60_000,
		hookTimeout: 60_000
	}
}));
