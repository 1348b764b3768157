/**
 * Matrix errors. Handlers throw a `MatrixHttpError`; `Homeserver.handle` turns it into `{status, {errcode, error}}`.
 * Throwing keeps validation code linear (validate everything, then mutate) without threading results around.
 */
import type { HsResponse } from './types';

export class MatrixHttpError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string,
		/** Extra fields of the error body, e.g. `retry_after_ms` or `current_version`. */
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
		this.name = 'MatrixHttpError';
	}

	toResponse(): HsResponse {
		return { status: this.status, body: { ...this.extra, errcode: this.errcode, error: this.message } };
	}
}

export const notJson = (msg = 'Content not JSON.') => new MatrixHttpError(400, 'M_NOT_JSON', msg);
export const badJson = (msg: string) => new MatrixHttpError(400, 'M_BAD_JSON', msg);
export const missingParam = (msg: string) => new MatrixHttpError(400, 'M_MISSING_PARAM', msg);
export const invalidParam = (msg: string) => new MatrixHttpError(400, 'M_INVALID_PARAM', msg);
export const missingToken = () => new MatrixHttpError(401, 'M_MISSING_TOKEN', 'Missing access token.');
export const unknownToken = () => new MatrixHttpError(401, 'M_UNKNOWN_TOKEN', 'Unrecognised access token.');
export const forbidden = (msg: string) => new MatrixHttpError(403, 'M_FORBIDDEN', msg);
export const notFound = (msg: string) => new MatrixHttpError(404, 'M_NOT_FOUND', msg);
export const unrecognized = (msg = 'Unrecognized request') => new MatrixHttpError(404, 'M_UNRECOGNIZED', msg);
export const methodNotAllowed = () =>
	new MatrixHttpError(405, 'M_UNRECOGNIZED', 'Method not allowed on this path.');
export const tooLarge = (msg: string) => new MatrixHttpError(413, 'M_TOO_LARGE', msg);
export const limitExceeded = (retryAfterMs: number) =>
	new MatrixHttpError(429, 'M_LIMIT_EXCEEDED', 'Too many requests (simulated rate limit).', {
		retry_after_ms: retryAfterMs
	});
export const wrongRoomKeysVersion = (currentVersion: string) =>
	new MatrixHttpError(403, 'M_WRONG_ROOM_KEYS_VERSION', 'Wrong backup version.', {
		current_version: currentVersion
	});
export const deviceOffline = (deviceId: string) =>
	new MatrixHttpError(503, 'M_UNKNOWN', `Device ${deviceId} is offline (simulated).`);

/** The last resort of `handle()`: a bug, never a client mistake. */
export function internalError(cause: unknown): HsResponse {
	const detail = cause instanceof Error ? cause.message : String(cause);
	return { status: 500, body: { errcode: 'M_UNKNOWN', error: `Internal server error: ${detail}` } };
}
