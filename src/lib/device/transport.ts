/**
 * How a device reaches its homeserver: Client-Server API requests through a `HomeserverPort` (the in-memory server
 * in the worker today, HTTP for a classroom later). Nothing above this file knows which.
 */
import type { HsRequest, HsResponse, HttpMethod } from '../homeserver/types';

/** The one thing a device needs from a homeserver: to answer Client-Server API requests. */
export interface HomeserverPort {
	/** `signal` aborts a request that may wait (a long-polling sync); a port without waits may ignore it. */
	request(req: HsRequest, opts?: { signal?: AbortSignal }): Promise<HsResponse>;
}

/** A request the homeserver refused: carries the Matrix error. */
export class MatrixRequestError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string
	) {
		super(message);
		this.name = 'MatrixRequestError';
	}
}

export type JsonBody = Record<string, unknown>;

export const enc = encodeURIComponent;

/** One device's authenticated line to its homeserver. */
export class Transport {
	private txnCounter = 0;

	constructor(
		private readonly port: HomeserverPort,
		private readonly accessToken: string,
		private readonly deviceId: string
	) {}

	/** `path` is below `/_matrix/client/v3`. A non-2xx answer throws a MatrixRequestError. */
	async call(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal): Promise<JsonBody> {
		const res = await this.port.request(
			{ method, path: `/_matrix/client/v3${path}`, accessToken: this.accessToken, body },
			signal ? { signal } : undefined
		);
		if (res.status < 200 || res.status >= 300) {
			const errcode = typeof res.body.errcode === 'string' ? res.body.errcode : 'M_UNKNOWN';
			const error = typeof res.body.error === 'string' ? res.body.error : `HTTP ${res.status}`;
			throw new MatrixRequestError(res.status, errcode, error);
		}
		return res.body;
	}

	/** A GET of something that may not exist: `undefined` for M_NOT_FOUND, any other error throws. */
	async getIfExists(path: string): Promise<JsonBody | undefined> {
		try {
			return await this.call('GET', path);
		} catch (e) {
			if (e instanceof MatrixRequestError && e.errcode === 'M_NOT_FOUND') return undefined;
			throw e;
		}
	}

	/** A fresh transaction id for a PUT that must not be applied twice. */
	txnId(): string {
		return `${this.deviceId}.${Date.now()}.${++this.txnCounter}`;
	}
}
