/**
 * A `HomeserverPort` over HTTP: each Client-Server API request as a `fetch` to a real homeserver (the classroom
 * server, or any other). Works in Node and in a browser or Web Worker alike. A 429 `M_LIMIT_EXCEEDED` is retried
 * after the `retry_after_ms` the server asked for, as Matrix clients do.
 */
import type { HsRequest, HsResponse } from '../homeserver/types';
import type { HomeserverPort } from './transport';

export interface HttpPortOptions {
	/** How often a rate-limited request is tried again before its 429 is returned. Default 5. */
	maxRetries?: number;
	/** The `fetch` to use (default: the global one). */
	fetch?: typeof fetch;
}

export class HttpHomeserverPort implements HomeserverPort {
	private readonly base: string;
	private readonly maxRetries: number;
	private readonly fetchFn: typeof fetch;

	/** `baseUrl`: the homeserver's address, e.g. `http://192.168.1.20:8008` (no trailing `/_matrix`). */
	constructor(baseUrl: string, opts: HttpPortOptions = {}) {
		this.base = baseUrl.replace(/\/+$/, '');
		this.maxRetries = opts.maxRetries ?? 5;
		this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
	}

	async request(req: HsRequest, opts: { signal?: AbortSignal } = {}): Promise<HsResponse> {
		for (let attempt = 0; ; attempt++) {
			const res = await this.once(req, opts.signal);
			const wait = res.body.retry_after_ms;
			if (res.status !== 429 || attempt >= this.maxRetries) return res;
			await new Promise((resolve) => setTimeout(resolve, typeof wait === 'number' ? wait : 1000));
		}
	}

	private async once(req: HsRequest, signal: AbortSignal | undefined): Promise<HsResponse> {
		const headers: Record<string, string> = {};
		if (req.accessToken) headers.Authorization = `Bearer ${req.accessToken}`;
		const hasBody = req.body !== undefined && req.method !== 'GET';
		if (hasBody) headers['Content-Type'] = 'application/json';
		const res = await this.fetchFn(`${this.base}${req.path}`, {
			method: req.method,
			headers,
			body: hasBody ? JSON.stringify(req.body) : undefined,
			signal
		});
		const text = await res.text();
		let body: unknown;
		try {
			body = text ? JSON.parse(text) : {};
		} catch {
			body = undefined;
		}
		if (typeof body !== 'object' || body === null)
			body = { errcode: 'M_UNKNOWN', error: `HTTP ${res.status}: the answer is not a JSON object.` };
		return { status: res.status, body: body as Record<string, unknown> };
	}
}
