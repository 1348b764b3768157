// The layer arrows of DESIGN.md as lint rules: each layer under src/lib/ lists what it must not import.
// Type-only imports are allowed where a layer only describes what another one sends (snapshots, commands);
// values are not, because the crypto, the homeserver and the world run in the Web Worker, never on the page.

/** Import paths of a layer under src/lib/, both as `$lib/x/…` and relative. */
const layer = (name) => [`$lib/${name}/**`, `**/../${name}/**`];

const crypto = '@matrix-org/matrix-sdk-crypto-wasm';
// The classroom server (Node only): nothing else imports it, so nothing of it can reach the browser.
const server = layer('server');
const page = [...layer('components'), '**/routes/**', '$app/**', 'svelte', 'svelte/**'];
// What sits above the world: the page's bridge to it, the lessons, the quiz and the page.
const aboveWorld = [...layer('world-bridge'), ...layer('lessons'), ...layer('quiz'), ...page];
const above = {
	// The homeserver knows no device, no crypto, no page: it is the core the classroom server serves too.
	homeserver: [
		...layer('device'),
		...layer('contacts'),
		...layer('world'),
		...layer('world-bridge'),
		...layer('lessons'),
		...layer('quiz'),
		...layer('paraglide'),
		...page,
		...server,
		crypto
	],
	device: [...server, ...layer('contacts'), ...layer('world'), ...aboveWorld],
	contacts: [...server, ...layer('world'), ...aboveWorld],
	world: [...server, ...aboveWorld],
	// The server serves the homeserver core and runs devices and contacts over HTTP: never a world, a lesson or a page.
	server: [...layer('world'), ...aboveWorld]
};

/** A layer's index (`$lib/world`): a pattern of its own, since a bare folder pattern would hide the exceptions. */
const index = (group) =>
	`^\\$lib/(${[...new Set(group.flatMap((p) => /^\$lib\/([a-z-]+)\/\*\*$/.exec(p)?.slice(1) ?? []))].join('|')})$`;

/** A rule that forbids these import paths (values and types alike). */
const forbid = (group, message) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			patterns: [
				{ group, message },
				{ regex: index(group), message }
			]
		}
	]
});

/** A rule that forbids values from these paths and lets their types through. */
const typesOnly = (group, message) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			patterns: [
				{ group, allowTypeImports: true, message },
				{ regex: index(group), allowTypeImports: true, message }
			]
		}
	]
});

// What the page may take as values from the engine's layers: pure helpers with no crypto and no state.
const pageSafe = [
	'!$lib/device/sas-emoji',
	'!$lib/device/recovery-key',
	'!$lib/device/verification-phase',
	'!**/../device/sas-emoji',
	'!**/../device/trust',
	'!**/../device/verification-phase'
];

const tests = ['src/**/*.test.ts', 'src/**/test-support.ts'];

/** The layers that run in the Web Worker, below every page-side layer. */
const engine = [
	...layer('world'),
	...layer('device'),
	...layer('contacts'),
	...layer('homeserver'),
	...server,
	crypto
];

export const layerRules = [
	...Object.entries(above).map(([name, group]) => ({
		files: [`src/lib/${name}/**/*.ts`],
		ignores: tests,
		rules: forbid(group, `${name}/ sits below this import: see the layers in DESIGN.md.`)
	})),
	{
		// The bridge on the main thread: the world's message types only (the worker is loaded by URL).
		files: ['src/lib/world-bridge/**/*.ts'],
		ignores: tests,
		rules: typesOnly(
			[...engine, ...layer('lessons'), ...layer('quiz'), ...page.filter((p) => !p.startsWith('svelte'))],
			'world-bridge/ is the page side of the worker: import only types from the world.'
		)
	},
	{
		// Scenarios are plain data the page and the engine share (who is there, which rooms): the page starts a world
		// from one, the world builds it. They name personas by type only, and run nothing.
		files: ['src/lib/scenario/**/*.ts'],
		ignores: tests,
		rules: typesOnly(
			[...engine, ...layer('world-bridge'), ...layer('lessons'), ...layer('quiz'), ...page],
			'scenario/ is plain data: it may import types from the engine, never values.'
		)
	},
	{
		// Quiz and lessons are data and predicates over snapshots; computing answers in real worlds is Node-only.
		files: ['src/lib/quiz/**/*.ts'],
		ignores: [...tests, 'src/lib/quiz/compute-answers.ts', 'src/lib/quiz/compute-views-2026.ts'],
		rules: typesOnly(
			[...engine, ...layer('world-bridge'), ...layer('lessons'), ...page, ...pageSafe],
			'The quiz runs on the page: import only types from the engine (it runs in the Web Worker).'
		)
	},
	{
		// The workshop's events and model are pure data over Matrix events: the server, the worker's classroom device
		// and the instructor's pages all use them, so they import nothing but each other.
		files: ['src/lib/workshop/**/*.ts'],
		ignores: tests,
		rules: forbid(
			[
				...engine,
				...layer('world-bridge'),
				...layer('lessons'),
				...layer('quiz'),
				...layer('paraglide'),
				...page
			],
			'workshop/ is pure data and logic over Matrix events: it imports nothing of the other layers.'
		)
	},
	{
		// i18n is the reactive locale on top of Paraglide and nothing else.
		files: ['src/lib/i18n/**/*.ts'],
		ignores: tests,
		rules: forbid(
			[...engine, ...layer('world-bridge'), ...layer('lessons'), ...layer('quiz'), ...layer('components')],
			'i18n/ depends on Paraglide only.'
		)
	},
	{
		// Components render snapshots and send commands through the world-bridge; the engine stays in the worker.
		files: ['src/lib/components/**/*.ts', 'src/lib/components/**/*.svelte', 'src/routes/**/*'],
		ignores: tests,
		rules: typesOnly(
			[...engine, ...pageSafe],
			'The page may import only types from the engine (world, device, contacts, homeserver run in the Web Worker).'
		)
	}
];
