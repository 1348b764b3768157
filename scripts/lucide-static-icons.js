/**
 * A Vite plugin that builds each Lucide icon the course imports (`@lucide/svelte/icons/<name>`) as a small
 * component of its own: an `<svg>` whose shapes are plain markup, with the same attributes and the same props as
 * @lucide/svelte's (size, strokeWidth, color, absoluteStrokeWidth, class, children, and any attribute besides;
 * nonScalingStroke, which the course does not use, is refused).
 *
 * Why: @lucide/svelte draws every icon through one generic component (a context lookup, half a dozen derived
 * values and an `{#each}` of `<svelte:element>` with spread attributes per shape). The home page has 40 icons, and
 * hydrating them was about half of its script time on a phone; shapes written as markup cost next to nothing.
 *
 * The shapes are Lucide's own (ISC licence, © Lucide contributors), read from the installed package at build
 * time; imports and types stay @lucide/svelte's, so svelte-check and the editor see no difference. The files are
 * written into Vite's cache folder and compiled like any other component.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const IMPORT = /^@lucide\/svelte\/icons\/([a-z0-9-]+)(?:\.js|\.svelte)?$/;

/** @typedef {[string, Record<string, string | number>]} IconShape */

/**
 * One icon's own name and shapes, from the package's component (its `iconData` literal).
 * @param {string} name
 * @returns {{ name: string, node: IconShape[] }}
 */
function iconData(name) {
	// The package's export of an icon is dist/icons/<name>.js, which re-exports the component beside it (another
	// name's, for an alias).
	const module = require.resolve(`@lucide/svelte/icons/${name}`);
	const component = /from "\.\/([a-z0-9-]+\.svelte)"/.exec(readFileSync(module, 'utf8'))?.[1];
	if (!component) throw new Error(`lucide-static-icons: @lucide/svelte's ${name}.js names no component.`);
	const source = readFileSync(join(dirname(module), component), 'utf8');
	const match = /const iconData = (\{.*\});/.exec(source);
	// A package update that writes its icons differently must fail the build, never draw blanks.
	if (!match?.[1]) throw new Error(`lucide-static-icons: no iconData in @lucide/svelte's ${name}.svelte.`);
	return JSON.parse(match[1]);
}

/** @param {string} value */
const escapeAttribute = (value) =>
	value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('{', '&#123;');

/**
 * The component for one icon.
 * @param {string} name
 */
function componentFor(name) {
	const data = iconData(name);
	const shapes = data.node
		.map(
			([tag, attributes]) =>
				`\t<${tag} ${Object.entries(attributes)
					.map(([key, value]) => `${key}="${escapeAttribute(String(value))}"`)
					.join(' ')} />`
		)
		.join('\n');
	return `<!-- Lucide icon "${data.name}" (ISC licence, (c) Lucide contributors), made by scripts/lucide-static-icons.js. -->
<script>
	let {
		color = 'currentColor',
		size = 24,
		width = size,
		height = size,
		strokeWidth = 2,
		absoluteStrokeWidth = false,
		nonScalingStroke = false,
		class: className = undefined,
		children = undefined,
		...rest
	} = $props();
	if (nonScalingStroke) throw new Error('Lucide icons: nonScalingStroke is not supported (scripts/lucide-static-icons.js).');
	// As Lucide: hidden from assistive technology unless it is given a name, a role or children.
	const labelled = $derived(
		!!children || Object.keys(rest).some((key) => key.startsWith('aria-') || key === 'role' || key === 'title')
	);
</script>

<svg
	xmlns="http://www.w3.org/2000/svg"
	{width}
	{height}
	viewBox="0 0 24 24"
	fill="none"
	stroke={color}
	stroke-width={absoluteStrokeWidth ? (Number(strokeWidth) * 24) / Number(size) : strokeWidth}
	stroke-linecap="round"
	stroke-linejoin="round"
	class={['lucide lucide-${data.name} lucide-icon', className]}
	aria-hidden={labelled ? undefined : 'true'}
	{...rest}
>
${shapes}
	{@render children?.()}
</svg>
`;
}

/** @returns {import('vite').Plugin} */
export function lucideStaticIcons() {
	/** @type {import('vite').ResolvedConfig} */
	let config;
	/** @type {Map<string, string>} */
	const written = new Map();
	return {
		name: 'lucide-static-icons',
		enforce: 'pre',
		configResolved(resolved) {
			config = resolved;
		},
		resolveId(id) {
			const name = IMPORT.exec(id)?.[1];
			if (!name) return undefined;
			let file = written.get(name);
			if (!file) {
				const dir = join(config.cacheDir, 'lucide-static-icons');
				mkdirSync(dir, { recursive: true });
				file = join(dir, `${name}.svelte`);
				writeFileSync(file, componentFor(name));
				written.set(name, file);
			}
			return file;
		}
	};
}
