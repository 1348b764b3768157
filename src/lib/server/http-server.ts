/**
 * The classroom server's one Node HTTP server: the built course (scripts/static-site.js, with its security headers
 * and Content-Security-Policy) and the Matrix homeserver under `/_matrix/` on the same origin. This file is the HTTP
 * edge — CORS and `OPTIONS`, body size, JSON parsing, access tokens, rate limits, client hang-ups — and hands each
 * Matrix request to `MatrixApi`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createStaticSite } from '../../../scripts/static-site.js';
import {
	HomeserverContacts,
	memoryCredentials,
	type HomeserverContactsOptions
} from '../contacts/on-homeserver';
import { CONTACTS_FILE, fileCredentials } from './contact-credentials';
import { Homeserver, type HsResponse } from '../homeserver';
import { ClassroomState } from './classroom-state';
import { MatrixApi, type MatrixApiOptions } from './matrix-api';
import { RateLimiter, type RateLimit } from './rate-limit';
import { Ledger, LedgerClock } from './ledger';
import { newSecret, tokenHardener } from './secrets';
import { SqliteStore, STORE_VERSION, type StoreMeta } from './store';

export interface ClassroomServerOptions {
	/** Default 8008; 0 picks a free port. */
	port?: number;
	/** Default `0.0.0.0` (every interface: learners connect over the LAN). */
	host?: string;
	/**
	 * Where the classroom keeps its data (`store.ts`): created if missing, replayed if not. Undefined keeps
	 * everything in memory (tests).
	 */
	dataDir?: string;
	/** The built course to serve (absolute path); undefined serves the homeserver only. */
	buildDir?: string;
	/** The homeserver's name (in user ids). Default `classroom.local`. */
	serverName?: string;
	state?: ClassroomState;
	/** The largest request body, in bytes. Default 4 MiB. */
	maxBodyBytes?: number;
	/**
	 * Requests per access token (or per address, without one). Default: 50/s with bursts of 200 per token, 5/s with
	 * bursts of 30 per address. `false` turns limits off.
	 */
	rateLimits?: { perToken: RateLimit; perAddress: RateLimit } | false;
	api?: MatrixApiOptions;
	/**
	 * The scripted contacts (Bob, Carol) as users of this server: they register with the workshop code and talk to
	 * it over HTTP like any client (`contacts/on-homeserver.ts`), in this process. Their accounts are kept in
	 * `DIR/contacts.json`. Default: none (`npm run classroom` starts them).
	 */
	contacts?: Omit<HomeserverContactsOptions, 'homeserver' | 'registrationToken' | 'credentials'>;
	/** Told of every answered request, with how long it took to answer (the load test's measurements). */
	onAnswered?: (request: AnsweredRequest) => void;
}

export interface AnsweredRequest {
	method: string;
	/** The path without query string. */
	path: string;
	status: number;
	/** From the request's arrival to the last byte of the answer handed to the socket. */
	ms: number;
}

export interface ClassroomServer {
	/** `http://host:port` as bound (the host is `localhost` when bound to every interface). */
	readonly url: string;
	readonly port: number;
	readonly hs: Homeserver;
	readonly api: MatrixApi;
	readonly state: ClassroomState;
	/** How many journaled changes were replayed on start (0 for a new data folder or none). */
	readonly replayed: number;
	/** The scripted contacts on this server, when asked for. */
	readonly contacts?: HomeserverContacts;
	close(): Promise<void>;
}

/** CORS for every Matrix response, as the spec's "Web Browser Clients" section asks. */
export const CORS_HEADERS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
	'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization',
	'Access-Control-Max-Age': '86400'
};

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_LIMITS = { perToken: { perSecond: 50, burst: 200 }, perAddress: { perSecond: 5, burst: 30 } };

export async function startClassroomServer(opts: ClassroomServerOptions = {}): Promise<ClassroomServer> {
	const store = opts.dataDir === undefined ? undefined : new SqliteStore(opts.dataDir);
	let meta: StoreMeta = store?.meta(fresh) ?? fresh();
	function fresh(): StoreMeta {
		return {
			version: STORE_VERSION,
			serverName: opts.serverName ?? 'classroom.local',
			seed: randomInt(2 ** 31),
			tokenKey: newSecret(),
			instructorSecret: opts.state?.instructorSecret ?? newSecret()
		};
	}
	/** The homeserver core, the classroom's state, their ledger and the API over them: all new after a delete. */
	function core(state: ClassroomState) {
		const clock = new LedgerClock();
		const hs = new Homeserver({
			serverName: meta.serverName,
			seed: meta.seed,
			hardenToken: tokenHardener(meta.tokenKey),
			clock
		});
		const ledger = new Ledger(hs, state, clock, store);
		const api = new MatrixApi(hs, state, { ...opts.api, ledger, deleteWorkshop });
		return { hs, state, ledger, api };
	}
	let { hs, state, ledger, api } = core(
		opts.state ?? new ClassroomState({ instructorSecret: meta.instructorSecret })
	);
	let replayed = 0;
	if (store) {
		replayed = ledger.replay(store.rows());
		if (ledger.mismatches > 0)
			console.warn(`Replaying the journal: ${ledger.mismatches} changes came out differently (a bug).`);
		// A new folder starts its journal with the workshop code, so that a restart keeps it.
		if (replayed === 0) ledger.setWorkshopCode(state.workshopCode);
	}

	/**
	 * `DELETE /_classroom/v1/workshop`: every learner's account, devices, rooms and messages are gone — from memory
	 * and from the data folder's journal — and the server goes on as a new workshop (a new code; the same instructor
	 * link; the scripted contacts register again; an empty workshop room).
	 */
	let deleting: Promise<Record<string, unknown>> | undefined;
	async function deleteWorkshop(): Promise<Record<string, unknown>> {
		deleting ??= (async () => {
			await contacts?.close();
			contacts = undefined;
			const old = api;
			meta = { ...meta, seed: randomInt(2 ** 31), tokenKey: newSecret() };
			store?.reset(meta);
			({ hs, state, ledger, api } = core(new ClassroomState({ instructorSecret: meta.instructorSecret })));
			ledger.setWorkshopCode(state.workshopCode);
			// Waiting syncs of the old workshop answer now; their tokens mean nothing to the new one.
			old.close();
			if (opts.contacts) contacts = await startContacts();
			api.workshopRoom.ensure();
			return api.workshop();
		})().finally(() => (deleting = undefined));
		return deleting;
	}

	const site = opts.buildDir === undefined ? undefined : createStaticSite({ root: opts.buildDir });
	if (site && !(await site.isBuilt()))
		throw new Error(`No built course in ${opts.buildDir}: run \`npx vite build\`.`);
	const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
	const limits = opts.rateLimits === undefined ? DEFAULT_LIMITS : opts.rateLimits;
	const perToken = limits && new RateLimiter(limits.perToken);
	const perAddress = limits && new RateLimiter(limits.perAddress);

	async function matrix(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		if (req.method === 'OPTIONS') {
			res.writeHead(204, CORS_HEADERS);
			res.end();
			return;
		}
		if (url.pathname === '/.well-known/matrix/client') {
			send(res, {
				status: 200,
				body: { 'm.homeserver': { base_url: `http://${req.headers.host ?? 'localhost'}` } }
			});
			return;
		}
		const accessToken = tokenOf(req, url);
		const limiter = accessToken ? perToken : perAddress;
		const wait = limiter
			? limiter.take(accessToken ? `t:${accessToken}` : `a:${req.socket.remoteAddress}`)
			: 0;
		if (wait > 0) {
			req.resume();
			send(res, matrixError(429, 'M_LIMIT_EXCEEDED', 'Too many requests.', { retry_after_ms: wait }), {
				'Retry-After': String(Math.ceil(wait / 1000))
			});
			return;
		}
		const raw = await readBody(req, maxBody);
		if (raw === 'too large') {
			send(res, matrixError(413, 'M_TOO_LARGE', `The request body is over ${maxBody} bytes.`), {
				Connection: 'close'
			});
			return;
		}
		let body: unknown;
		if (raw.length > 0) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				send(res, matrixError(400, 'M_NOT_JSON', 'The body is not JSON.'));
				return;
			}
		}
		// A client that hangs up (a long-polling sync cancelled) aborts: nothing is left waiting for it.
		const hangUp = new AbortController();
		res.on('close', () => {
			if (!res.writableFinished) hangUp.abort();
		});
		const response = await api.handle({
			method: req.method ?? 'GET',
			path: url.pathname + url.search,
			accessToken,
			body,
			signal: hangUp.signal
		});
		if (!hangUp.signal.aborted) send(res, response);
	}

	const onAnswered = opts.onAnswered;
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (onAnswered) {
			const started = performance.now();
			res.on('finish', () =>
				onAnswered({
					method: req.method ?? 'GET',
					path: url.pathname,
					status: res.statusCode,
					ms: performance.now() - started
				})
			);
		}
		const isMatrix =
			url.pathname.startsWith('/_matrix/') ||
			url.pathname.startsWith('/_classroom/') ||
			url.pathname.startsWith('/.well-known/matrix/');
		const work = isMatrix
			? matrix(req, res, url)
			: site
				? site.handle(req, res)
				: Promise.resolve(send(res, matrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request')));
		work.catch((e: unknown) => {
			console.error(e);
			if (!res.headersSent) send(res, matrixError(500, 'M_UNKNOWN', 'Internal server error.'));
			else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 8008, opts.host ?? '0.0.0.0', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port, address } = server.address() as AddressInfo;
	const everywhere = address === '0.0.0.0' || address === '::';
	const host = everywhere ? 'localhost' : address.includes(':') ? `[${address}]` : address;
	const closeServer = () =>
		new Promise<void>((resolve) => {
			api.close();
			server.close(() => {
				store?.close();
				resolve();
			});
			server.closeAllConnections();
		});
	let contacts: HomeserverContacts | undefined;
	// Over the loopback, as any client: the same requests a contact makes against another homeserver.
	const loopback = everywhere ? (address === '::' ? '[::1]' : '127.0.0.1') : host;
	async function startContacts(): Promise<HomeserverContacts> {
		const started = await HomeserverContacts.start({
			...opts.contacts,
			homeserver: `http://${loopback}:${port}`,
			registrationToken: state.workshopCode,
			credentials: opts.dataDir ? fileCredentials(join(opts.dataDir, CONTACTS_FILE)) : memoryCredentials()
		});
		for (const persona of started.personas) api.contactUserIds.add(persona.userId);
		return started;
	}
	if (opts.contacts) {
		try {
			contacts = await startContacts();
		} catch (e) {
			await closeServer();
			throw e;
		}
	}
	// After the contacts, so that they (users of the server, not learners) are not in it; a restart finds it again.
	api.workshopRoom.ensure();
	return {
		url: `http://${host}:${port}`,
		port,
		get hs() {
			return hs;
		},
		get api() {
			return api;
		},
		get state() {
			return state;
		},
		replayed,
		get contacts() {
			return contacts;
		},
		close: async () => {
			await deleting?.catch(() => undefined);
			await contacts?.close();
			await closeServer();
		}
	};
}

function matrixError(
	status: number,
	errcode: string,
	error: string,
	extra: Record<string, unknown> = {}
): HsResponse {
	return { status, body: { ...extra, errcode, error } };
}

function send(res: ServerResponse, { status, body }: HsResponse, headers: Record<string, string> = {}): void {
	const json = JSON.stringify(body);
	res.writeHead(status, {
		...CORS_HEADERS,
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(json),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff',
		...headers
	});
	res.end(json);
}

/** `Authorization: Bearer …`, else the `access_token` query parameter (deprecated by the spec, still accepted). */
function tokenOf(req: IncomingMessage, url: URL): string | undefined {
	const header = req.headers.authorization;
	const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
	return bearer || url.searchParams.get('access_token') || undefined;
}

/** The whole body, or 'too large' as soon as it passes `max` bytes (the rest is read and dropped). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large'> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length'] ?? 0);
		if (declared > max) {
			req.resume();
			resolve('too large');
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= max) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > max ? 'too large' : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
