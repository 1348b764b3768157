import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { layerRules } from './eslint.layers.js';
import svelteConfig from './svelte.config.js';

export default defineConfig(
	{
		ignores: [
			'build/',
			'build-lms/',
			'dist/',
			'.svelte-kit/',
			'.svelte-kit-lms/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'screenshots/',
			'classroom-data/',
			'static/',
			'src/lib/paraglide/',
			'project.inlang/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node }
		}
	},
	{
		// Type-aware rules need the TypeScript program: the project service finds tsconfig.json for every file.
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		rules: {
			// TypeScript already reports undefined names, and knows the ambient types eslint does not.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
			]
		}
	},
	{
		// Lessons run on the page: they may use the world's types and plain data, never the crypto or the world
		// itself (those live in the Web Worker). Their Node tests may.
		files: ['src/lib/lessons/**/*.ts'],
		ignores: ['src/lib/lessons/**/*.test.ts', 'src/lib/lessons/test-support.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'**/world/world',
								'**/world/flows',
								'**/world/index',
								'**/device/sim-device',
								'**/contacts/*',
								// What contacts understand is plain text matching: a step may ask whether a message would be understood.
								'!**/contacts/understand',
								'!**/contacts/phrases',
								'@matrix-org/matrix-sdk-crypto-wasm'
							],
							allowTypeImports: true,
							message:
								'Lessons run on the page: import only types from the world (it runs in the Web Worker).'
						}
					]
				}
			]
		}
	},
	...layerRules
);
