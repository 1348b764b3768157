/**
 * A small learning platform for the LMS tests, on one origin as Moodle and ILIAS serve their packages: the unpacked
 * SCORM 1.2 and cmi5 packages (`/scorm12/…`, `/cmi5/…`), a SCORM player page that gives the course a real SCORM 1.2
 * runtime as `window.API` (scorm-again, from npm) and keeps what it commits on the server (so that another browser,
 * "another computer", gets it back), and for cmi5 the LMS's fetch URL and a minimal LRS (statements, state and agent
 * profile resources). Everything it was sent is kept for the test to read.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { unzipSync } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * The flags the test packages are built with: the shortest lesson and a two-question quiz with a mastery score for
 * SCORM; the same quiz alone for cmi5 (its statements are the point there; the lessons' part of the result is the
 * same code, and the SCORM test walks it).
 */
export const TEST_PACKAGE = {
	lesson: 'first-encrypted-chat',
	quizSet: 'ABC123',
	questions: 2,
	mastery: 50
};

/** Packages the LMS build (build-lms/, made by `npm test`'s build step) with the test's flags, and unpacks them. */
export function makeTestPackages(dir: string): { scorm12: string; cmi5: string } {
	const build = (out: string, lessons: string) => {
		execFileSync(
			process.execPath,
			[
				join(ROOT, 'scripts/build-lms.mjs'),
				'--skip-build',
				'--lessons',
				lessons,
				'--quiz-set',
				TEST_PACKAGE.quizSet,
				'--quiz-questions',
				String(TEST_PACKAGE.questions),
				'--mastery',
				String(TEST_PACKAGE.mastery),
				'--out',
				out
			],
			{ cwd: ROOT, stdio: 'pipe' }
		);
		return out;
	};
	const unpack = (zip: string, to: string) => {
		for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
			if (name.endsWith('/')) continue;
			const path = join(to, name);
			mkdirSync(dirname(path), { recursive: true });
			writeFileSync(path, bytes);
		}
		return to;
	};
	const withLesson = build(join(dir, 'zips-lesson'), TEST_PACKAGE.lesson);
	const quizAlone = build(join(dir, 'zips-quiz'), 'none');
	return {
		scorm12: unpack(join(withLesson, 'e2ee-trainer-scorm12.zip'), join(dir, 'scorm12')),
		cmi5: unpack(join(quizAlone, 'e2ee-trainer-cmi5.zip'), join(dir, 'cmi5'))
	};
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.svg': 'image/svg+xml',
	'.wasm': 'application/wasm',
	'.json': 'application/json',
	'.xml': 'application/xml',
	'.xsd': 'application/xml'
};

/** The SCORM player: a real SCORM 1.2 runtime (scorm-again) as window.API, the course in a frame below it. */
const PLAYER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test platform</title><script src="/scorm-again.js"></script></head>
<body><h1>Test platform</h1><iframe title="Course" style="width:1260px;height:740px;border:0"></iframe>
<script>
(async () => {
	const saved = await (await fetch('/lms/scorm')).json();
	const api = new Scorm12API({ autocommit: false, logLevel: 5 });
	api.loadFromJSON({
		core: {
			student_id: 'learner-1',
			student_name: 'Learner, Lee',
			lesson_status: saved.lesson_status || 'not attempted',
			entry: saved.suspend_data ? 'resume' : 'ab-initio',
			score: saved.score || {}
		},
		suspend_data: saved.suspend_data || '',
		student_data: { mastery_score: '${TEST_PACKAGE.mastery}' }
	});
	const calls = [];
	for (const name of ['LMSInitialize', 'LMSCommit', 'LMSFinish']) api.on(name, () => calls.push(name));
	api.on('LMSSetValue.cmi.*', (element, value) => calls.push('LMSSetValue ' + element + ' = ' + value));
	// What a platform keeps between sessions: status, score and suspend data (read from the runtime's data model).
	const keep = () => fetch('/lms/scorm', {
		method: 'PUT',
		body: JSON.stringify({
			lesson_status: api.cmi.core.lesson_status,
			score: { raw: api.cmi.core.score.raw, min: api.cmi.core.score.min, max: api.cmi.core.score.max },
			suspend_data: api.cmi.suspend_data,
			calls
		})
	});
	api.on('LMSCommit', keep);
	api.on('LMSFinish', keep);
	window.API = api;
	document.querySelector('iframe').src = '/scorm12/index.html';
})();
</script></body></html>`;

export interface Statement {
	id?: string;
	actor?: unknown;
	verb?: { id?: string; display?: Record<string, string> };
	object?: { id?: string; objectType?: string };
	result?: {
		completion?: boolean;
		success?: boolean;
		duration?: string;
		score?: { scaled?: number; raw?: number; min?: number; max?: number };
	};
	context?: {
		registration?: string;
		contextActivities?: { category?: { id: string }[] };
		extensions?: Record<string, unknown>;
	};
	timestamp?: string;
}

export interface TestPlatform {
	origin: string;
	/** What the SCORM player committed last. */
	scorm: { lesson_status?: string; score?: Record<string, string>; suspend_data?: string; calls?: string[] };
	/** Every statement the LRS received, in order, with the Authorization header it came with. */
	statements: { statement: Statement; authorization?: string; version?: string }[];
	/** State documents by `stateId|registration`. */
	states: Map<string, string>;
	/** Every state document the AU wrote (besides the LMS's launch data), in order. */
	stateWrites: string[];
	/** The token the fetch URL handed out (once per launch). */
	tokens: string[];
	/** Every path requested. */
	requests: string[];
	close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
	new Promise<string>((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});

export async function startTestPlatform(packages: { scorm12: string; cmi5: string }): Promise<TestPlatform> {
	const platform: Omit<TestPlatform, 'origin' | 'close'> = {
		scorm: {},
		statements: [],
		states: new Map(),
		stateWrites: [],
		tokens: [],
		requests: []
	};
	const json = (res: ServerResponse, status: number, value: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(value));
	};
	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://platform');
			platform.requests.push(url.pathname);
			const path = url.pathname;
			if (path === '/lms/scorm-player.html') {
				res.writeHead(200, { 'content-type': TYPES['.html'] });
				return res.end(PLAYER);
			}
			if (path === '/scorm-again.js') {
				res.writeHead(200, { 'content-type': TYPES['.js'] });
				return res.end(readFileSync(join(ROOT, 'node_modules/scorm-again/dist/scorm12.min.js')));
			}
			if (path === '/lms/scorm') {
				if (req.method === 'PUT') platform.scorm = JSON.parse(await body(req)) as TestPlatform['scorm'];
				return json(res, 200, platform.scorm);
			}
			if (path === '/lms/cmi5/fetch' && req.method === 'POST') {
				const token = Buffer.from(`learner-1:${platform.tokens.length + 1}`).toString('base64');
				platform.tokens.push(token);
				return json(res, 200, { 'auth-token': token });
			}
			if (path === '/lrs/statements' && (req.method === 'POST' || req.method === 'PUT')) {
				const sent = JSON.parse(await body(req)) as Statement | Statement[];
				const list = Array.isArray(sent) ? sent : [sent];
				for (const statement of list)
					platform.statements.push({
						statement,
						authorization: req.headers.authorization,
						version: req.headers['x-experience-api-version'] as string | undefined
					});
				return json(
					res,
					200,
					list.map((s) => s.id)
				);
			}
			if (path === '/lrs/activities/state') {
				const key = `${url.searchParams.get('stateId')}|${url.searchParams.get('registration')}`;
				if (req.method === 'GET') {
					const doc = platform.states.get(key);
					if (doc === undefined) return json(res, 404, { error: 'no such state' });
					res.writeHead(200, { 'content-type': 'application/json' });
					return res.end(doc);
				}
				if (req.method === 'PUT' || req.method === 'POST') {
					const doc = await body(req);
					platform.states.set(key, doc);
					platform.stateWrites.push(doc);
					res.writeHead(204);
					return res.end();
				}
			}
			if (path === '/lrs/agents/profile') return json(res, 404, { error: 'no profile' });
			const [, kind, ...rest] = path.split('/');
			if (kind === 'scorm12' || kind === 'cmi5') {
				const base = packages[kind];
				const file = normalize(join(base, decodeURIComponent(rest.join('/')) || 'index.html'));
				if (file.startsWith(base)) {
					try {
						const data = readFileSync(file);
						res.writeHead(200, {
							'content-type': TYPES[extname(file)] ?? 'application/octet-stream'
						});
						return res.end(data);
					} catch {
						// not found below
					}
				}
			}
			res.writeHead(404, { 'content-type': 'text/plain' });
			res.end('not found');
		})();
	});
	await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
	const { port } = server.address() as AddressInfo;
	return Object.assign(platform, {
		origin: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((done) => server.close(() => done()))
	});
}
