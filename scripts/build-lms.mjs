#!/usr/bin/env node
/**
 * `npm run build:lms [-- flags]`: the course as packages for a learning platform, in dist/:
 * `e2ee-trainer-scorm12.zip` (SCORM 1.2) and `e2ee-trainer-cmi5.zip` (cmi5). Both hold the same build of the course
 * (both Element versions, hash routing so that it runs under any path and in any frame: svelte.config.js) with
 * everything it needs inside; they differ in their manifest and in the configuration written into the page.
 *
 * Flags:
 *   --lessons ID,ID,…       the lessons that must be done (default: every lesson of the learner's Element version;
 *                           `none`: the quiz alone)
 *   --no-quiz               leave the quiz out of the result (default: the quiz is in, and its score is reported)
 *   --quiz-set CODE         one quiz set for every learner (default: a set made up per learner)
 *   --quiz-questions N      ask only the set's first N questions
 *   --mastery PERCENT       the quiz score (0–100) that passes; without it the result is completed, not passed/failed
 *   --out DIR               where the packages go (default: dist)
 *   --skip-build            package the build-lms/ there is (the browser tests build it once)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build-lms');
const SCHEMAS = join(ROOT, 'scripts/lms/scorm12-schema');
const META_NAME = 'e2ee-trainer-lms';
const COURSE_ID = 'urn:e2ee-trainer:course';
const AU_ID = 'urn:e2ee-trainer:course:au';

const TITLE = { en: 'E2EE Trainer', de: 'E2EE Trainer' };
const DESCRIPTION = {
	en: 'Practise end-to-end encryption in Matrix as you meet it in Element: encrypted chats, key backup, verifying devices and contacts, reading the shields.',
	de: 'Ende-zu-Ende-Verschlüsselung in Matrix üben, wie sie dir in Element begegnet: verschlüsselte Chats, Schlüsselsicherung, Geräte und Kontakte verifizieren, die Schilde lesen.'
};

/** The flags, checked. */
export function lmsOptions(argv = process.argv.slice(2)) {
	const { values } = parseArgs({
		args: argv,
		options: {
			lessons: { type: 'string' },
			'no-quiz': { type: 'boolean', default: false },
			'quiz-set': { type: 'string' },
			'quiz-questions': { type: 'string' },
			mastery: { type: 'string' },
			out: { type: 'string', default: 'dist' },
			'skip-build': { type: 'boolean', default: false }
		}
	});
	/** @type {{ lessons?: string[], quiz: boolean, quizSet?: string, quizQuestions?: number, mastery?: number }} */
	const config = { quiz: !values['no-quiz'] };
	if (values.lessons === 'none') config.lessons = [];
	else if (values.lessons) {
		const ids = values.lessons.split(',').map((id) => id.trim());
		for (const id of ids)
			if (!/^[a-z0-9-]+$/.test(id) || !existsSync(join(ROOT, 'src/lib/lessons/content', `${id}.ts`)))
				throw new Error(`--lessons: there is no lesson "${id}" (see src/lib/lessons/content/)`);
		config.lessons = ids;
	}
	if (values['quiz-set']) {
		const code = values['quiz-set'].toUpperCase().replace(/[\s-]/g, '');
		if (!/^(?:26)?[A-Z0-9]{6}$/.test(code))
			throw new Error('--quiz-set: a set code is six letters or digits');
		config.quizSet = code;
	}
	if (values['quiz-questions']) {
		const n = Number(values['quiz-questions']);
		if (!Number.isInteger(n) || n < 1) throw new Error('--quiz-questions: a whole number from 1');
		config.quizQuestions = n;
	}
	if (values.mastery) {
		const n = Number(values.mastery);
		if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error('--mastery: a percentage from 0 to 100');
		config.mastery = n;
	}
	if (!config.quiz && config.mastery !== undefined) throw new Error('--mastery needs the quiz');
	if (!config.quiz && config.lessons?.length === 0) throw new Error('--lessons none needs the quiz');
	return { config, out: resolve(ROOT, values.out), skipBuild: values['skip-build'] };
}

/** Every file under a folder, as package paths (forward slashes). */
function filesUnder(dir) {
	/** @type {string[]} */
	const out = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path));
		else out.push(relative(BUILD, path).split(sep).join('/'));
	}
	return out.sort();
}

const sha256 = (text) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
const escapeXml = (text) =>
	String(text).replace(
		/[<>&"']/g,
		(c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`
	);

/**
 * The built page, made to work from any path: SvelteKit writes the one page of a hash-routed build with
 * root-relative URLs (`/_app/…`); they become relative (`./_app/…`), and the policy's hashes of the inline scripts
 * follow the change, so the Content-Security-Policy stays as strict as it was. The package's configuration goes in
 * as a `<meta>` tag.
 */
export function packagePage(html, config) {
	let page = html;
	const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
	page = page.replaceAll('href="/', 'href="./');
	for (const before of scripts) {
		// Hash routing takes a link for the app's only when its path is the page's own: the base path stays empty
		// (links are `#/lessons/…`), and the files are found beside the page.
		const after = before
			.replaceAll('import("/_app/', 'import("./_app/')
			.replace(
				/base: new URL\((['"])\.\1, location\)\.pathname\.slice\(0, -1\)/,
				"base: '', assets: new URL('.', location).pathname.slice(0, -1)"
			);
		if (after.includes('base: new URL'))
			throw new Error('the built page sets its base path in an unknown way');
		if (!page.includes(`'${sha256(before)}'`))
			throw new Error('the built page’s policy does not hash its inline script as expected');
		page = page.replace(before, after).replace(`'${sha256(before)}'`, `'${sha256(after)}'`);
	}
	if (/(href|src)="\/(?!\/)/.test(page) || page.includes('"/_app/'))
		throw new Error('the built page still has a root-relative URL');
	const json = JSON.stringify(config).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	return page.replace(
		'<meta charset="utf-8" />',
		`<meta charset="utf-8" />\n\t\t<meta name="${META_NAME}" content="${json}" />`
	);
}

/** imsmanifest.xml: one SCO, the page; the mastery score when there is one. */
export function scormManifest(files, config) {
	const mastery =
		config.mastery === undefined
			? ''
			: `\n\t\t\t\t<adlcp:masteryscore>${config.mastery}</adlcp:masteryscore>`;
	return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="e2ee-trainer" version="1.0"
	xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
	xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
	xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
	xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
	<metadata>
		<schema>ADL SCORM</schema>
		<schemaversion>1.2</schemaversion>
	</metadata>
	<organizations default="e2ee-trainer-organization">
		<organization identifier="e2ee-trainer-organization">
			<title>${escapeXml(TITLE.en)}</title>
			<item identifier="e2ee-trainer-item" identifierref="e2ee-trainer-sco" isvisible="true">
				<title>${escapeXml(TITLE.en)}</title>${mastery}
			</item>
		</organization>
	</organizations>
	<resources>
		<resource identifier="e2ee-trainer-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
${files.map((f) => `\t\t\t<file href="${escapeXml(f)}"/>`).join('\n')}
		</resource>
	</resources>
</manifest>
`;
}

/** cmi5.xml: the course and its one AU. */
export function cmi5Structure(config) {
	const langs = (texts) =>
		Object.entries(texts)
			.map(
				([lang, text]) =>
					`<langstring lang="${lang === 'en' ? 'en-US' : 'de-DE'}">${escapeXml(text)}</langstring>`
			)
			.join('');
	const moveOn = config.mastery === undefined ? 'Completed' : 'CompletedAndPassed';
	const mastery = config.mastery === undefined ? '' : ` masteryScore="${config.mastery / 100}"`;
	return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
	<course id="${COURSE_ID}">
		<title>${langs(TITLE)}</title>
		<description>${langs(DESCRIPTION)}</description>
	</course>
	<au id="${AU_ID}" moveOn="${moveOn}"${mastery} launchMethod="AnyWindow">
		<title>${langs(TITLE)}</title>
		<description>${langs(DESCRIPTION)}</description>
		<url>index.html</url>
	</au>
</courseStructure>
`;
}

function build() {
	const vite = join(ROOT, 'node_modules/.bin/vite');
	const run = spawnSync(vite, ['build'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, E2EE_LMS_BUILD: '1' }
	});
	if (run.status !== 0) throw new Error('vite build failed');
}

/** Writes one package; returns its size in bytes. */
function writePackage(path, entries) {
	/** @type {Record<string, [Uint8Array, { level: 0 | 6 }]>} */
	const zip = {};
	for (const [name, bytes] of Object.entries(entries)) {
		// Pictures and the WASM's neighbours compress; the PNG/WOFF kinds would not.
		zip[name] = [bytes, { level: /\.(png|jpe?g|woff2?)$/.test(name) ? 0 : 6 }];
	}
	const data = zipSync(zip, { mtime: new Date('2026-01-01T00:00:00Z') });
	writeFileSync(path, data);
	return data.length;
}

function main() {
	const { config, out, skipBuild } = lmsOptions();
	if (!skipBuild) build();
	if (!existsSync(join(BUILD, 'index.html')))
		throw new Error('build-lms/index.html is missing: run without --skip-build');
	const files = filesUnder(BUILD);
	const html = readFileSync(join(BUILD, 'index.html'), 'utf8');
	/** @type {Record<string, Uint8Array>} */
	const course = {};
	for (const f of files) if (f !== 'index.html') course[f] = readFileSync(join(BUILD, f));
	const text = (s) => new TextEncoder().encode(s);
	mkdirSync(out, { recursive: true });

	const schemas = Object.fromEntries(
		readdirSync(SCHEMAS)
			.filter((f) => f.endsWith('.xsd'))
			.map((f) => [f, readFileSync(join(SCHEMAS, f))])
	);
	const scorm = {
		...course,
		'index.html': text(packagePage(html, { target: 'scorm12', ...config })),
		'imsmanifest.xml': text(scormManifest(files, config)),
		...schemas
	};
	const cmi5 = {
		...course,
		'index.html': text(packagePage(html, { target: 'cmi5', ...config })),
		'cmi5.xml': text(cmi5Structure(config))
	};
	const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
	const scormSize = writePackage(join(out, 'e2ee-trainer-scorm12.zip'), scorm);
	const cmi5Size = writePackage(join(out, 'e2ee-trainer-cmi5.zip'), cmi5);
	console.log(`${relative(ROOT, join(out, 'e2ee-trainer-scorm12.zip'))}  ${mb(scormSize)}  (SCORM 1.2)`);
	console.log(`${relative(ROOT, join(out, 'e2ee-trainer-cmi5.zip'))}  ${mb(cmi5Size)}  (cmi5)`);
	console.log(
		`lessons: ${config.lessons ? config.lessons.join(', ') || 'none' : 'all'}; quiz: ${config.quiz ? `yes${config.quizSet ? `, set ${config.quizSet}` : ''}${config.quizQuestions ? `, ${config.quizQuestions} questions` : ''}` : 'no'}; mastery: ${config.mastery ?? 'none'}`
	);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
	try {
		main();
	} catch (error) {
		console.error(`build:lms: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
}
