import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// The crypto package fetches its .wasm relative to itself; pre-bundling breaks that URL.
	optimizeDeps: { exclude: ['@matrix-org/matrix-sdk-crypto-wasm'] },
	worker: { format: 'es' },
	build: { target: 'es2022' },
	test: {
		environment: 'node',
		include: ['src/**/*.test.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000
	}
});
