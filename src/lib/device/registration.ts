/**
 * Registering an account on a real homeserver with a registration token (Matrix v1.2 `m.login.registration_token`,
 * the classroom's workshop code), over any `HomeserverPort`. Two requests, as the spec's user-interactive auth
 * goes: the first learns the session and the flow, the second answers it with the token.
 */
import type { HomeserverPort } from './transport';
import { MatrixRequestError } from './transport';

export interface RegisteredAccount {
	userId: string;
	deviceId: string;
	accessToken: string;
}

export interface RegisterOptions {
	username: string;
	password: string;
	/** The registration token (the workshop code). */
	token: string;
	/** The new device's name, as others see it in the person's session list. */
	deviceName: string;
}

const TOKEN_STAGE = 'm.login.registration_token';

function fail(status: number, body: Record<string, unknown>): MatrixRequestError {
	const errcode = typeof body.errcode === 'string' ? body.errcode : 'M_UNKNOWN';
	const error = typeof body.error === 'string' ? body.error : `HTTP ${status}`;
	return new MatrixRequestError(status, errcode, error);
}

/** Registers and logs in. A wrong token throws a MatrixRequestError with status 401; registration closed, 403. */
export async function registerWithToken(
	port: HomeserverPort,
	opts: RegisterOptions
): Promise<RegisteredAccount> {
	const base = {
		username: opts.username,
		password: opts.password,
		initial_device_display_name: opts.deviceName
	};
	const path = '/_matrix/client/v3/register?kind=user';
	const first = await port.request({ method: 'POST', path, body: base });
	let res = first;
	if (first.status === 401) {
		const flows = Array.isArray(first.body.flows) ? (first.body.flows as { stages?: unknown }[]) : [];
		if (!flows.some((f) => Array.isArray(f.stages) && f.stages.includes(TOKEN_STAGE)))
			throw new MatrixRequestError(401, 'M_FORBIDDEN', 'This server does not take a workshop code.');
		res = await port.request({
			method: 'POST',
			path,
			body: { ...base, auth: { type: TOKEN_STAGE, token: opts.token, session: first.body.session } }
		});
	}
	// Asked again: the token was not taken (a 401 with `M_FORBIDDEN`); a closed registration is a 403 instead.
	if (res.status === 401)
		throw fail(401, { errcode: res.body.errcode ?? 'M_FORBIDDEN', error: res.body.error });
	if (res.status < 200 || res.status >= 300) throw fail(res.status, res.body);
	const { user_id, device_id, access_token } = res.body;
	if (typeof user_id !== 'string' || typeof device_id !== 'string' || typeof access_token !== 'string')
		throw new MatrixRequestError(res.status, 'M_UNKNOWN', 'The server did not log the new account in.');
	return { userId: user_id, deviceId: device_id, accessToken: access_token };
}

/**
 * A username from a display name: `learner-` (how the course tells learners from the other accounts on the server),
 * the name's letters and digits without accents, and a random tail so that two "Anna"s do not collide.
 */
export function learnerUsername(displayName: string, random: string): string {
	const slug = displayName
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 20)
		.replace(/-+$/, '');
	return ['learner', slug, random.toLowerCase()].filter(Boolean).join('-');
}

/** Whether a user id is a learner's (made by `learnerUsername`). */
export const isLearnerId = (userId: string): boolean => userId.startsWith('@learner-');
