/**
 * The static site of build/ (made by `vite build`) as a request handler, shared by `npm start` (scripts/serve.mjs)
 * and the classroom server (src/lib/server/): `/x` is answered with build/x.html, `/x/` with build/x/index.html (or,
 * if there is none but build/x.html, a redirect to `/x`); anything else gets build/404.html (if the build has one)
 * with status 404. No SPA fallback: every page of the course is prerendered.
 *
 * Every response carries the security headers a static site should send (see securityHeaders below), and the
 * Content-Security-Policy as a header: a page's own policy (the <meta> tag SvelteKit wrote, with the hashes of
 * its inline scripts) for HTML, the base policy of scripts/csp.js for everything else, so that it also binds the
 * crypto Web Worker (a worker takes its policy from its own script's response, never from a <meta> tag), plus
 * frame-ancestors, which only a header can carry.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);
import { CSP_DIRECTIVES, policyHeader } from './csp.js';

/**
 * @param {{ root: string, frameAncestors?: string }} options `root`: the absolute build folder; `frameAncestors`:
 *   who may frame the course (default 'self').
 */
export function createStaticSite({ root, frameAncestors = "'self'" }) {
	const framedElsewhere = frameAncestors !== "'self'" && frameAncestors !== "'none'";
	const basePolicy = policyHeader(CSP_DIRECTIVES);

	/** The headers of every response, besides the policy. */
	const securityHeaders = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'no-referrer',
		// The course needs none of these; clipboard access (copying the Security Key) stays allowed.
		'Permissions-Policy':
			'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()',
		...(framedElsewhere
			? {}
			: {
					'X-Frame-Options': frameAncestors === "'none'" ? 'DENY' : 'SAMEORIGIN',
					'Cross-Origin-Opener-Policy': 'same-origin',
					'Cross-Origin-Resource-Policy': 'same-origin'
				})
	};

	/**
	 * The policy for one file: a page's own <meta> policy (SvelteKit adds its script hashes there), else the base.
	 * @param {string} file
	 */
	async function policyFor(file) {
		let policy = basePolicy;
		if (extname(file).toLowerCase() === '.html') {
			const html = await readFile(file, 'utf8');
			const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
			if (meta?.[1])
				policy = meta[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
		}
		return `${policy}; frame-ancestors ${frameAncestors}`;
	}

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

	/**
	 * Each compressible file gzipped once, while it stays the same file (size and time of change): the crypto WASM is
	 * 7.8 MB, and compressing it anew for every page that starts a world cost half a second of the server's CPU each
	 * time. Holds at most what build/ holds, compressed.
	 * @type {Map<string, { mtimeMs: number, size: number, body: Promise<Buffer> }>}
	 */
	const gzipped = new Map();

	/** @param {string} file */
	async function gzippedBody(file) {
		const { mtimeMs, size } = await stat(file);
		const cached = gzipped.get(file);
		if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.body;
		const body = readFile(file).then((raw) => gzip(raw));
		gzipped.set(file, { mtimeMs, size, body });
		// A failed read is not remembered: the next request tries again.
		body.catch(() => gzipped.delete(file));
		return body;
	}

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
	 * `/lessons/x/` when only `/lessons/x` exists: the slash-less path to redirect to, or null.
	 * @param {string} pathname
	 */
	async function withoutTrailingSlash(pathname) {
		if (pathname === '/' || !pathname.endsWith('/')) return null;
		const bare = pathname.replace(/\/+$/, '');
		// Never a protocol-relative address (//host or /\host), which would send the learner to another site.
		if (!bare || /^\/[/\\]/.test(bare)) return null;
		return (await resolveFile(bare)) ? bare : null;
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {string} file
	 * @param {number} status
	 */
	async function send(req, res, file, status) {
		const ext = extname(file).toLowerCase();
		/** @type {Record<string, string>} */
		const headers = {
			...securityHeaders,
			'Content-Security-Policy': await policyFor(file),
			'Content-Type': mimeTypes[/** @type {keyof typeof mimeTypes} */ (ext)] ?? 'application/octet-stream',
			'Cache-Control': file.includes(`${sep}_app${sep}immutable${sep}`)
				? 'public, max-age=31536000, immutable'
				: 'no-cache',
			Vary: 'Accept-Encoding'
		};
		if (compressible.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
			let body;
			try {
				body = await gzippedBody(file);
			} catch {
				res.destroy();
				return;
			}
			res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
			res.end(req.method === 'HEAD' ? undefined : body);
			return;
		}
		res.writeHead(status, headers);
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		const stream = createReadStream(file);
		stream.on('error', () => res.destroy());
		stream.pipe(res);
	}

	/**
	 * Answers a GET or HEAD (anything else is 405).
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	async function handle(req, res) {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, {
				...securityHeaders,
				Allow: 'GET, HEAD',
				'Content-Type': 'text/plain; charset=utf-8'
			});
			res.end('Method not allowed\n');
			return;
		}
		const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
		const file = await resolveFile(pathname);
		if (file) {
			await send(req, res, file, 200);
			return;
		}
		const bare = await withoutTrailingSlash(pathname);
		if (bare) {
			res.writeHead(308, { ...securityHeaders, Location: `${bare}${search}` });
			res.end();
			return;
		}
		const notFound = join(root, '404.html');
		if (await isFile(notFound)) {
			await send(req, res, notFound, 404);
			return;
		}
		res.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found\n');
	}

	return {
		handle,
		securityHeaders,
		/** Is there a built site in root? */
		isBuilt: () => isFile(join(root, 'index.html'))
	};
}
