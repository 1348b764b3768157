/**
 * Accounts on a real homeserver through the standard Client-Server API only, so that the contacts run against the
 * classroom server and against any other homeserver alike (Synapse with registration tokens, for instance):
 * `/register` with user-interactive auth (`m.login.registration_token`, `m.login.dummy`), `/login` with a password,
 * the display name, and deleting a user's old devices (UIA with the password).
 */
import type { HomeserverPort } from '../device/transport';
import type { HsResponse } from '../homeserver/types';

/** A login: what a device needs to talk to the server. */
export interface Login {
	userId: string;
	deviceId: string;
	accessToken: string;
}

/** A Matrix error from the server, with its status and errcode. */
export class AccountError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string
	) {
		super(message);
		this.name = 'AccountError';
	}
}

const V3 = '/_matrix/client/v3';

function failure(what: string, res: HsResponse): AccountError {
	const errcode = typeof res.body.errcode === 'string' ? res.body.errcode : 'M_UNKNOWN';
	const error = typeof res.body.error === 'string' ? res.body.error : `HTTP ${res.status}`;
	return new AccountError(res.status, errcode, `${what}: ${error} (${errcode})`);
}

function loginOf(body: Record<string, unknown>): Login {
	const { user_id, device_id, access_token } = body;
	if (typeof user_id !== 'string' || typeof device_id !== 'string' || typeof access_token !== 'string')
		throw new AccountError(200, 'M_UNKNOWN', 'The server answered a login without user, device or token.');
	return { userId: user_id, deviceId: device_id, accessToken: access_token };
}

interface UiaAnswer {
	flows?: { stages?: string[] }[];
	session?: string;
	completed?: string[];
}

/**
 * Runs a request that may need user-interactive auth: answers each stage of the first flow this client can
 * complete (`stageAuth` gives the `auth` of a stage, or undefined when it cannot do that stage).
 */
async function withUia(
	what: string,
	send: (auth: Record<string, unknown> | undefined) => Promise<HsResponse>,
	stageAuth: (stage: string) => Record<string, unknown> | undefined
): Promise<HsResponse> {
	let res = await send(undefined);
	for (let round = 0; round < 8 && res.status === 401; round++) {
		const uia = res.body as UiaAnswer;
		if (!Array.isArray(uia.flows) || typeof uia.session !== 'string') return res;
		const completed = new Set(uia.completed ?? []);
		// A stage refused again (a wrong token) comes back with an errcode: give up rather than loop.
		if (typeof res.body.errcode === 'string' && round > 0) throw failure(what, res);
		const flow = uia.flows.find((f) => (f.stages ?? []).every((s) => stageAuth(s) !== undefined));
		if (!flow) {
			const offered = uia.flows.map((f) => (f.stages ?? []).join(' + ')).join(' | ');
			throw new AccountError(
				401,
				'M_FORBIDDEN',
				`${what}: no way to authenticate (the server offers ${offered}).`
			);
		}
		const next = (flow.stages ?? []).find((s) => !completed.has(s));
		if (next === undefined) return res;
		res = await send({ ...stageAuth(next), type: next, session: uia.session });
	}
	return res;
}

/** Logs in with a password (a new device each time). */
export async function loginWithPassword(
	port: HomeserverPort,
	user: string,
	password: string,
	deviceName: string
): Promise<Login> {
	const res = await port.request({
		method: 'POST',
		path: `${V3}/login`,
		body: {
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user },
			password,
			initial_device_display_name: deviceName
		}
	});
	if (res.status !== 200) throw failure(`Logging in as ${user}`, res);
	return loginOf(res.body);
}

/**
 * Registers `localpart` with a password, completing the registration token stage (when the server asks for one and
 * a token is given) and the dummy stage. Throws an AccountError (`M_USER_IN_USE` when the name is taken).
 */
export async function register(
	port: HomeserverPort,
	localpart: string,
	password: string,
	deviceName: string,
	registrationToken: string | undefined
): Promise<Login> {
	const res = await withUia(
		`Registering ${localpart}`,
		(auth) =>
			port.request({
				method: 'POST',
				path: `${V3}/register?kind=user`,
				body: {
					username: localpart,
					password,
					initial_device_display_name: deviceName,
					...(auth && { auth })
				}
			}),
		(stage) =>
			stage === 'm.login.dummy'
				? {}
				: stage === 'm.login.registration_token' && registrationToken !== undefined
					? { token: registrationToken }
					: undefined
	);
	if (res.status !== 200) throw failure(`Registering ${localpart}`, res);
	return loginOf(res.body);
}

/** Sets the user's display name. */
export async function setDisplayName(port: HomeserverPort, login: Login, displayName: string): Promise<void> {
	const res = await port.request({
		method: 'PUT',
		path: `${V3}/profile/${encodeURIComponent(login.userId)}/displayname`,
		accessToken: login.accessToken,
		body: { displayname: displayName }
	});
	if (res.status !== 200) throw failure(`Naming ${login.userId}`, res);
}

/** Deletes every device of the user but this login's (the ones a restarted contact left behind). */
export async function deleteOtherDevices(
	port: HomeserverPort,
	login: Login,
	password: string
): Promise<number> {
	const list = await port.request({ method: 'GET', path: `${V3}/devices`, accessToken: login.accessToken });
	if (list.status !== 200) throw failure(`Listing the devices of ${login.userId}`, list);
	const devices = (Array.isArray(list.body.devices) ? list.body.devices : [])
		.map((d: unknown) => (d as { device_id?: unknown }).device_id)
		.filter((id): id is string => typeof id === 'string' && id !== login.deviceId);
	if (devices.length === 0) return 0;
	const res = await withUia(
		`Deleting old devices of ${login.userId}`,
		(auth) =>
			port.request({
				method: 'POST',
				path: `${V3}/delete_devices`,
				accessToken: login.accessToken,
				body: { devices, ...(auth && { auth }) }
			}),
		(stage) =>
			stage === 'm.login.password'
				? { identifier: { type: 'm.id.user', user: login.userId }, password }
				: undefined
	);
	if (res.status !== 200) throw failure(`Deleting old devices of ${login.userId}`, res);
	return devices.length;
}

/** A password for an account nobody types: 24 random bytes, base64url. */
export function newPassword(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(24));
	return btoa(String.fromCharCode(...bytes))
		.replaceAll('+', '-')
		.replaceAll('/', '_')
		.replace(/=+$/, '');
}
