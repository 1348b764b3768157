#!/usr/bin/env node
// Serves the prerendered site in build/ (made by `vite build`): a tiny static server with no dependencies.
// `/x` is answered with build/x.html, `/x/` with build/x/index.html; anything else gets build/404.html (if the
// build has one) with status 404. No SPA fallback: every page of the course is prerendered.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.BUILD_DIR ?? 'build');
const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? 'localhost';

const mimeTypes = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.webmanifest': 'application/manifest+json'
};

const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.txt', '.svg', '.wasm']);

/** @param {string} path */
async function isFile(path) {
	try {
		return (await stat(path)).isFile();
	} catch {
		return false;
	}
}

/**
 * Maps a URL path to a file inside root, or null. Never leaves root.
 * @param {string} pathname
 */
async function resolveFile(pathname) {
	let decoded;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		return null;
	}
	if (decoded.includes('\0')) return null;
	const relative = normalize(decoded).replace(/^([/\\])+/, '');
	const base = join(root, relative);
	if (base !== root && !base.startsWith(root + sep)) return null;

	const candidates = decoded.endsWith('/')
		? [join(base, 'index.html')]
		: [base, `${base}.html`, join(base, 'index.html')];
	for (const candidate of candidates) {
		if (await isFile(candidate)) return candidate;
	}
	return null;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number} status
 */
function send(req, res, file, status) {
	const ext = extname(file).toLowerCase();
	const headers = {
		'Content-Type': mimeTypes[/** @type {keyof typeof mimeTypes} */ (ext)] ?? 'application/octet-stream',
		'Cache-Control': file.includes(`${sep}_app${sep}immutable${sep}`)
			? 'public, max-age=31536000, immutable'
			: 'no-cache',
		'X-Content-Type-Options': 'nosniff',
		Vary: 'Accept-Encoding'
	};
	const gzip = compressible.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
	if (gzip) headers['Content-Encoding'] = 'gzip';
	res.writeHead(status, headers);
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	const stream = createReadStream(file);
	stream.on('error', () => res.destroy());
	if (gzip) stream.pipe(createGzip()).pipe(res);
	else stream.pipe(res);
}

const server = createServer((req, res) => {
	void (async () => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Method not allowed\n');
			return;
		}
		const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
		// The pages have no trailing slash: `/lessons/x/` leads to `/lessons/x`.
		if (pathname.length > 1 && pathname.endsWith('/') && !(await resolveFile(pathname))) {
			const bare = pathname.replace(/\/+$/, '');
			if (bare && (await resolveFile(bare))) {
				res.writeHead(308, { Location: bare + search });
				res.end();
				return;
			}
		}
		const file = await resolveFile(pathname);
		if (file) {
			send(req, res, file, 200);
			return;
		}
		const notFound = join(root, '404.html');
		if (await isFile(notFound)) {
			send(req, res, notFound, 404);
			return;
		}
		res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found\n');
	})().catch((error) => {
		console.error(error);
		if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Internal server error\n');
	});
});

if (!(await isFile(join(root, 'index.html')))) {
	console.error(`No built site in ${root}. Run \`npm run build\` first (or use \`npm start\`).`);
	process.exit(1);
}

server.on('error', (error) => {
	console.error(`Could not start the server on port ${port}: ${error.message}`);
	process.exit(1);
});

server.listen(port, host, () => {
	console.log(`E2EE Trainer is running at http://localhost:${port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
