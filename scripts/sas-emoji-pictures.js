/**
 * A Vite plugin that ships pictures of the 64 SAS emoji with the course, so that a computer without a colour emoji
 * font still shows them (Debian's Chromium draws empty boxes).
 *
 * Two openly licensed sets, installed from npm as Iconify JSON: Twemoji (graphics CC BY 4.0, © Twitter and
 * contributors; see NOTICE) for the learner's screen, and Noto Emoji (Apache-2.0, © Google) for the contact's phone.
 * The two sides look different on purpose, as two real devices do: learners compare the names, not the drawings.
 *
 * At build time it writes the 128 needed SVG files (and nothing else of the packages) into Vite's cache folder and
 * offers `virtual:sas-emoji-pictures`, whose default export is `{ screen: string[64], phone: string[64] }`: URLs
 * by SAS index. Each file is imported as a Vite asset (`?url&no-inline`), so it is served from the course's own
 * origin under `_app/immutable/assets/`, hashed and cached like the rest of the build, in dev and in production.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

const VIRTUAL_ID = 'virtual:sas-emoji-pictures';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

/** Which set each side draws: a package of Iconify JSON and the credit line written into every file. */
const SETS = {
	screen: {
		name: 'twemoji',
		package: '@iconify-json/twemoji',
		credit:
			'Twemoji, (c) Twitter, Inc. and other contributors, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)'
	},
	phone: {
		name: 'noto',
		package: '@iconify-json/noto',
		credit: 'Noto Emoji, (c) Google Inc., Apache License 2.0'
	}
};

/**
 * @typedef {{ body: string, width?: number, height?: number, left?: number, top?: number }} Icon
 * @typedef {{ width?: number, height?: number, icons: Record<string, Icon> }} IconSet
 * @typedef {{ number: number, emoji: string, description: string }} SasRow
 * @typedef {keyof typeof SETS} Side
 */

/**
 * Iconify names an emoji by its code points in hex, without the variation selector U+FE0F.
 * @param {string} emoji
 */
function codePoints(emoji) {
	const all = [...emoji].map((c) => /** @type {number} */ (c.codePointAt(0)).toString(16));
	return [all.join('-'), all.filter((c) => c !== 'fe0f').join('-')];
}

/**
 * @param {IconSet} set
 * @param {Record<string, string>} chars
 * @param {SasRow} row
 * @param {string} credit
 */
function svgFor(set, chars, row, credit) {
	const iconName = codePoints(row.emoji)
		.map((c) => chars[c])
		.find((name) => name !== undefined);
	const icon = iconName ? set.icons[iconName] : undefined;
	// A missing picture must fail the build, never show a blank on a learner's screen.
	if (!icon) throw new Error(`No picture for SAS emoji ${row.number} (${row.description}).`);
	const width = icon.width ?? set.width ?? 16;
	const height = icon.height ?? set.height ?? 16;
	const viewBox = `${icon.left ?? 0} ${icon.top ?? 0} ${width} ${height}`;
	// 64 CSS pixels of intrinsic size, so the picture has a natural size and scales down crisply.
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="${viewBox}">` +
		`<!-- ${row.description}. ${credit} -->${icon.body}</svg>\n`
	);
}

/**
 * Writes the pictures into dir and returns their paths by side and SAS index.
 * @param {string} dir
 */
function writePictures(dir) {
	/** @type {SasRow[]} */
	const rows = require('@matrix-org/spec/sas-emoji.json');
	/** @type {Record<Side, string[]>} */
	const files = { screen: [], phone: [] };
	for (const side of /** @type {Side[]} */ (Object.keys(SETS))) {
		const { name, package: pkg, credit } = SETS[side];
		/** @type {IconSet} */
		const set = JSON.parse(readFileSync(require.resolve(`${pkg}/icons.json`), 'utf8'));
		/** @type {Record<string, string>} */
		const chars = JSON.parse(readFileSync(require.resolve(`${pkg}/chars.json`), 'utf8'));
		const out = join(dir, name);
		mkdirSync(out, { recursive: true });
		for (const row of rows) {
			const slug = row.description.toLowerCase().replace(/[^a-z]+/g, '-');
			const file = join(out, `${name}-${row.number}-${slug}.svg`);
			writeFileSync(file, svgFor(set, chars, row, credit));
			files[side][row.number] = file;
		}
	}
	return files;
}

/** @returns {import('vite').Plugin} */
export function sasEmojiPictures() {
	/** @type {import('vite').ResolvedConfig} */
	let config;
	/** @type {string | undefined} */
	let code;
	return {
		name: 'sas-emoji-pictures',
		configResolved(resolved) {
			config = resolved;
		},
		resolveId(id) {
			return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
		},
		load(id) {
			if (id !== RESOLVED_ID) return undefined;
			if (!code) {
				const files = writePictures(join(config.cacheDir, 'sas-emoji-pictures'));
				/** @type {string[]} */
				const lines = [];
				/** @type {Record<string, string[]>} */
				const lists = {};
				for (const [side, paths] of Object.entries(files)) {
					lists[side] = paths.map((path, i) => {
						const local = `${side}${i}`;
						lines.push(`import ${local} from ${JSON.stringify(`${path}?url&no-inline`)};`);
						return local;
					});
				}
				lines.push(
					`export default { ${Object.entries(lists)
						.map(([side, names]) => `${side}: [${names.join(', ')}]`)
						.join(', ')} };`
				);
				code = lines.join('\n');
			}
			return code;
		}
	};
}
