/**
 * The Client-Server API of the classroom server, over the homeserver core: what the core leaves to whoever serves it
 * on a network — accounts with passwords (`/register` with the workshop code as an `m.login.registration_token`,
 * `/login`, `/logout`), user-interactive auth where the spec asks for it, long-polling `/sync`, and the fixed
 * answers of a small server (`/versions`, `/capabilities`, push rules, pushers, TURN). Everything else goes to
 * `Homeserver.handle` as it is. No Node HTTP here: `http-server.ts` parses requests and writes responses.
 */
import { CLIENT_API_PREFIX, type Homeserver, type HsResponse, type HttpMethod } from '../homeserver';
import type { ClassroomState, Pusher } from './classroom-state';
import { Ledger, LedgerClock } from './ledger';
import { pushRulesFor } from './push-rules';
import { WorkshopRoom } from './workshop-room';
import {
	codesMatch,
	hashPassword,
	newSecret,
	newWorkshopCode,
	secretsMatch,
	verifyPassword
} from './secrets';

export interface ApiRequest {
	method: string;
	/** Path with query string, e.g. `/_matrix/client/v3/sync?since=s4&timeout=30000`. */
	path: string;
	accessToken?: string;
	/** The parsed JSON body, or undefined when there was none. */
	body?: unknown;
	/** Aborted when the client hangs up: a waiting sync gives up at once. */
	signal?: AbortSignal;
}

export interface MatrixApiOptions {
	/** The longest a `/sync` waits for news, whatever `timeout` the client asked for. Default 60 s. */
	maxSyncTimeoutMs?: number;
	/** How long an unfinished user-interactive auth session lives. Default 10 min. */
	uiaSessionTtlMs?: number;
	/** The instructor's localpart. Default `instructor`. */
	instructorLocalpart?: string;
	/** Where changes go (and are journaled when the server keeps its data). Default: memory only. */
	ledger?: Ledger;
	/**
	 * `DELETE /_classroom/v1/workshop`: the server starts afresh (`http-server.ts`); resolves to the new workshop's
	 * answer of `GET /_classroom/v1/workshop`. Without it the endpoint is not offered.
	 */
	deleteWorkshop?: () => Promise<Record<string, unknown>>;
}

/**
 * The instructor's own API. Not under `/_matrix/`: that prefix is the Matrix specification's namespace, and a
 * server's own administration lives beside it (as Synapse's does under `/_synapse/admin/v1`), where no Matrix client
 * or proxy mistakes it for the standard API.
 */
export const CLASSROOM_API_PREFIX = '/_classroom/v1';

/** The spec versions this server speaks (the v3 endpoints, registration tokens since v1.2, UIA on signing keys since v1.11). */
export const SUPPORTED_VERSIONS = [
	'v1.1',
	'v1.2',
	'v1.3',
	'v1.4',
	'v1.5',
	'v1.6',
	'v1.7',
	'v1.8',
	'v1.9',
	'v1.10',
	'v1.11',
	'v1.12'
];

const REGISTRATION_TOKEN = 'm.login.registration_token';
const PASSWORD = 'm.login.password';
const LOCALPART = /^[a-z0-9._=\-/+]+$/;
const MIN_PASSWORD_LENGTH = 8;

type Body = Record<string, unknown>;
type Json = HsResponse['body'];

const ok = (body: Json = {}): HsResponse => ({ status: 200, body });
const error = (status: number, errcode: string, message: string, extra: Body = {}): HsResponse => ({
	status,
	body: { ...extra, errcode, error: message }
});

/** A response a handler throws to end the request early (a refusal, or a UIA challenge). */
class Reply extends Error {
	constructor(readonly response: HsResponse) {
		super(String(response.body.error ?? 'reply'));
	}
}
const fail = (status: number, errcode: string, message: string, extra: Body = {}): Reply =>
	new Reply(error(status, errcode, message, extra));

interface UiaSession {
	flows: { stages: string[] }[];
	/** What it authorises: a session started for one request cannot authorise another. */
	purpose: string;
	createdAt: number;
}

interface Route {
	method: string;
	/** Matched against the path without query string. */
	pattern: RegExp;
	run: (req: ApiRequest, match: RegExpExecArray) => Promise<HsResponse> | HsResponse;
}

export class MatrixApi {
	readonly instructorUserId: string;
	readonly ledger: Ledger;
	/** The scripted contacts' accounts (Bob, Carol): users of the server, but not learners of the workshop. */
	readonly contactUserIds = new Set<string>();
	/** The workshop room (created by `startClassroomServer` with `ensure()`). */
	readonly workshopRoom: WorkshopRoom;
	private readonly maxSyncTimeoutMs: number;
	private readonly deleteWorkshop: MatrixApiOptions['deleteWorkshop'];
	private readonly uiaSessionTtlMs: number;
	private readonly uiaSessions = new Map<string, UiaSession>();
	private readonly waiters = new Set<() => void>();
	private readonly routes: Route[];
	private readonly unsubscribe: () => void;

	constructor(
		readonly hs: Homeserver,
		readonly state: ClassroomState,
		opts: MatrixApiOptions = {}
	) {
		this.deleteWorkshop = opts.deleteWorkshop;
		this.maxSyncTimeoutMs = opts.maxSyncTimeoutMs ?? 60_000;
		this.uiaSessionTtlMs = opts.uiaSessionTtlMs ?? 10 * 60_000;
		this.ledger = opts.ledger ?? new Ledger(hs, state, new LedgerClock());
		const localpart = opts.instructorLocalpart ?? 'instructor';
		this.instructorUserId = `@${localpart}:${hs.serverName}`;
		if (!hs.hasUser(this.instructorUserId)) hs.createUser(localpart, 'Instructor');
		this.workshopRoom = new WorkshopRoom(hs, state, this.ledger, this.instructorUserId);
		// Every step of the stream wakes the waiting syncs; each asks the core again whether it has news for it.
		this.unsubscribe = hs.onChange(() => this.wakeAll());
		this.routes = this.createRoutes();
	}

	/** Syncs waiting for news right now (for tests and the load report). */
	get waitingSyncs(): number {
		return this.waiters.size;
	}

	/** Stops listening to the core and answers every waiting sync. */
	close(): void {
		this.unsubscribe();
		this.wakeAll();
	}

	async handle(req: ApiRequest): Promise<HsResponse> {
		const pathname = req.path.split('?', 1)[0] ?? '';
		try {
			for (const route of this.routes) {
				const match = route.pattern.exec(pathname);
				if (match && route.method === req.method) return await route.run(req, match);
			}
			const res = this.core(req);
			// A path of this layer with another method: the core does not know the path, but it exists.
			if (
				res.status === 404 &&
				res.body.errcode === 'M_UNRECOGNIZED' &&
				this.routes.some((r) => r.pattern.test(pathname))
			)
				return error(405, 'M_UNRECOGNIZED', 'Method not allowed on this path.');
			return res;
		} catch (e) {
			if (e instanceof Reply) return e.response;
			throw e;
		}
	}

	/** The core's answer; anything but a GET may change the state, so it goes through the ledger. */
	private core(req: ApiRequest, body: unknown = req.body): HsResponse {
		const request = { method: req.method as HttpMethod, path: req.path, accessToken: req.accessToken, body };
		return req.method === 'GET' ? this.hs.handle(request) : this.ledger.request(request);
	}

	private createRoutes(): Route[] {
		const v3 = (path: string) => new RegExp(`^${CLIENT_API_PREFIX}${path}$`);
		const route = (method: string, pattern: RegExp, run: Route['run']): Route => ({ method, pattern, run });
		return [
			route('GET', /^\/_matrix\/client\/versions$/, () =>
				ok({ versions: SUPPORTED_VERSIONS, unstable_features: {} })
			),
			route('GET', v3('/login'), () => ok({ flows: [{ type: PASSWORD }, { type: 'm.login.token' }] })),
			route('POST', v3('/login'), (req) => this.login(req)),
			route('POST', v3('/logout'), (req) => this.logout(req, false)),
			route('POST', v3('/logout/all'), (req) => this.logout(req, true)),
			route('POST', v3('/register'), (req) => this.register(req)),
			route('GET', v3('/register/available'), (req) => this.usernameAvailable(req)),
			route('GET', /^\/_matrix\/client\/v1\/register\/m\.login\.registration_token\/validity$/, (req) =>
				this.tokenValidity(req)
			),
			route('GET', v3('/capabilities'), (req) => this.authed(req, () => ok({ capabilities: CAPABILITIES }))),
			route('GET', v3('/pushrules/?'), (req) => this.authed(req, (userId) => ok(pushRulesFor(userId)))),
			route('GET', v3('/pushers'), (req) =>
				this.authed(req, (userId) => ok({ pushers: this.state.pushers.get(userId) ?? [] }))
			),
			route('POST', v3('/pushers/set'), (req) => this.authed(req, (userId) => this.setPusher(userId, req))),
			route('GET', v3('/voip/turnServer'), (req) =>
				// No TURN server in a classroom: an empty object, as Synapse answers when none is configured.
				this.authed(req, () => ok({}))
			),
			route('GET', v3('/sync'), (req) => this.sync(req)),
			route('GET', v3('/profile/([^/]+)(/displayname)?'), (req, m) => this.profile(req, m[1] ?? '')),
			route('GET', v3('/directory/room/([^/]+)'), (req, m) => this.authed(req, () => this.alias(m[1] ?? ''))),
			route('DELETE', v3('/devices/([^/]+)'), (req, m) => this.deleteDevice(req, m[1] ?? '')),
			route('POST', v3('/delete_devices'), (req) => this.deleteDevices(req)),
			route('POST', v3('/keys/device_signing/upload'), (req) => this.uploadSigningKeys(req)),
			...this.instructorRoutes()
		];
	}

	// --- the instructor's API (CLASSROOM_API_PREFIX) ---

	private instructorRoutes(): Route[] {
		const at = (path: string) => new RegExp(`^${CLASSROOM_API_PREFIX}${path}$`);
		const only = (run: (req: ApiRequest) => HsResponse) => (req: ApiRequest) => {
			this.requireInstructor(req);
			return run(req);
		};
		return [
			{ method: 'GET', pattern: at('/learners'), run: only(() => ok({ learners: this.learners() })) },
			{ method: 'GET', pattern: at('/workshop'), run: only(() => ok(this.workshop())) },
			{
				method: 'POST',
				pattern: at('/workshop/code'),
				run: only(() => {
					this.ledger.setWorkshopCode(newWorkshopCode());
					return ok(this.workshop());
				})
			},
			{
				method: 'DELETE',
				pattern: at('/workshop'),
				run: async (req) => {
					this.requireInstructor(req);
					if (!this.deleteWorkshop)
						throw fail(404, 'M_UNRECOGNIZED', 'This server cannot delete its workshop.');
					return ok(await this.deleteWorkshop());
				}
			},
			{
				method: 'PUT',
				pattern: at('/workshop/registration'),
				run: only((req) => {
					const open = objectBody(req.body).open;
					if (typeof open !== 'boolean') throw fail(400, 'M_BAD_JSON', "'open' must be true or false.");
					this.ledger.setRegistrationOpen(open);
					return ok(this.workshop());
				})
			}
		];
	}

	/**
	 * Only the instructor: the secret of their link itself, or the access token of one of the instructor account's
	 * devices (logged in with that secret). No token is 401 as everywhere; anyone else's is 403.
	 */
	private requireInstructor(req: ApiRequest): void {
		if (req.accessToken !== undefined && secretsMatch(req.accessToken, this.state.instructorSecret)) return;
		if (this.caller(req).userId !== this.instructorUserId)
			throw fail(403, 'M_FORBIDDEN', 'Only the instructor may do this.');
	}

	/** The instructor's view of the workshop (code, registration, room). */
	workshop() {
		return {
			workshop_code: this.state.workshopCode,
			registration_open: this.state.registrationOpen,
			room_id: this.state.workshopRoomId ?? null,
			room_alias: this.workshopRoom.alias
		};
	}

	/** Room aliases: the one this server has, the workshop room's (spec: `GET /directory/room/{roomAlias}`). */
	private alias(encoded: string): HsResponse {
		const alias = decodeSegment(encoded);
		const roomId = this.workshopRoom.roomId;
		if (alias !== this.workshopRoom.alias || !roomId)
			throw fail(404, 'M_NOT_FOUND', `Room alias ${alias} not found.`);
		return ok({ room_id: roomId, servers: [this.hs.serverName] });
	}

	/** Everyone in the workshop but the instructor and the scripted contacts, in the order they joined. */
	private learners() {
		return this.hs
			.users()
			.filter((userId) => userId !== this.instructorUserId && !this.contactUserIds.has(userId))
			.map((userId) => ({
				user_id: userId,
				displayname: this.hs.displayName(userId) ?? userId,
				devices: this.hs.devices(userId).map((d) => ({ device_id: d.deviceId, display_name: d.displayName }))
			}));
	}

	// --- accounts ---

	/** The caller's user and device, or the core's 401 for a missing or unknown token. */
	private caller(req: ApiRequest): { userId: string; deviceId: string } {
		const who = req.accessToken ? this.hs.whoIs(req.accessToken) : undefined;
		if (who) return who;
		throw new Reply(
			this.hs.handle({
				method: 'GET',
				path: `${CLIENT_API_PREFIX}/account/whoami`,
				accessToken: req.accessToken
			})
		);
	}

	private authed(req: ApiRequest, run: (userId: string) => HsResponse): HsResponse {
		return run(this.caller(req).userId);
	}

	private async login(req: ApiRequest): Promise<HsResponse> {
		const body = objectBody(req.body);
		const type = stringField(body, 'type', true);
		let userId: string | undefined;
		if (type === PASSWORD) {
			userId = this.userFrom(body);
			const password = stringField(body, 'password', true);
			const hash = userId && this.state.passwords.get(userId);
			if (!userId || !hash || !(await verifyPassword(password, hash)))
				throw fail(403, 'M_FORBIDDEN', 'Invalid username or password.');
		} else if (type === 'm.login.token') {
			const token = stringField(body, 'token', true);
			userId = secretsMatch(token, this.state.instructorSecret)
				? this.instructorUserId
				: this.state.redeemLoginToken(token);
			if (!userId) throw fail(403, 'M_FORBIDDEN', 'Invalid or expired login token.');
		} else {
			throw fail(400, 'M_UNKNOWN', `Unknown login type ${type}.`);
		}
		const deviceId = stringField(body, 'device_id', false);
		const displayName = stringField(body, 'initial_device_display_name', false);
		return this.loginDevice(userId, deviceId, displayName);
	}

	/** Logs in on a new device, or again on an existing one of this user (keeping its keys): the login's answer. */
	private loginDevice(
		userId: string,
		deviceId: string | undefined,
		displayName: string | undefined
	): HsResponse {
		const login = this.existingDevice(userId, deviceId)
			? this.ledger.renewLogin(userId, deviceId!)
			: this.ledger.login(userId, deviceId, displayName?.slice(0, 256));
		return ok({
			user_id: userId,
			access_token: login.accessToken,
			device_id: login.deviceId,
			home_server: this.hs.serverName
		});
	}

	/** Whether the login names a device this user already has (a malformed device id is refused). */
	private existingDevice(userId: string, deviceId: string | undefined): boolean {
		if (deviceId === undefined) return false;
		if (deviceId === '' || deviceId.length > 255 || /\s/.test(deviceId))
			throw fail(400, 'M_INVALID_PARAM', 'Invalid device_id.');
		return this.hs.devices(userId).some((d) => d.deviceId === deviceId);
	}

	/** `identifier: {type: 'm.id.user', user}` (or the old top-level `user`): a localpart or a full user id. */
	private userFrom(body: Body): string | undefined {
		const identifier = body.identifier;
		let user: unknown = body.user;
		if (identifier !== undefined) {
			if (!isObject(identifier)) throw fail(400, 'M_BAD_JSON', "'identifier' must be an object.");
			if (identifier.type !== 'm.id.user')
				throw fail(400, 'M_UNKNOWN', 'Only m.id.user identifiers are supported.');
			user = identifier.user;
		}
		if (typeof user !== 'string') throw fail(400, 'M_MISSING_PARAM', 'Missing user.');
		const userId = user.startsWith('@') ? user : `@${user.toLowerCase()}:${this.hs.serverName}`;
		return this.hs.hasUser(userId) ? userId : undefined;
	}

	private logout(req: ApiRequest, all: boolean): HsResponse {
		const { userId, deviceId } = this.caller(req);
		const devices = all ? this.hs.devices(userId).map((d) => d.deviceId) : [deviceId];
		this.ledger.atomically(() => {
			for (const id of devices) this.ledger.deleteDevice(userId, id);
		});
		return ok();
	}

	private async register(req: ApiRequest): Promise<HsResponse> {
		const query = new URLSearchParams(req.path.split('?')[1] ?? '');
		if ((query.get('kind') ?? 'user') !== 'user')
			throw fail(403, 'M_GUEST_ACCESS_FORBIDDEN', 'Guests cannot register on this server.');
		if (!this.state.registrationOpen) throw fail(403, 'M_FORBIDDEN', 'Registration is closed.');
		const body = objectBody(req.body);
		const username =
			stringField(body, 'username', false)?.toLowerCase() ??
			`learner-${newSecret().slice(0, 8).toLowerCase()}`;
		this.checkUsername(username);
		const password = stringField(body, 'password', true);
		if (password.length < MIN_PASSWORD_LENGTH)
			throw fail(400, 'M_WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
		const deviceId = stringField(body, 'device_id', false);
		const displayName = stringField(body, 'initial_device_display_name', false);
		const inhibitLogin = body.inhibit_login === true;

		const flows = [{ stages: [REGISTRATION_TOKEN] }];
		const { auth, session } = this.authStage(body, 'register', flows);
		if (typeof auth.token !== 'string' || !codesMatch(auth.token, this.state.workshopCode))
			throw this.challenge('register', flows, session, {
				errcode: 'M_FORBIDDEN',
				error: 'That is not the workshop code.'
			});
		this.endSession(session);
		const hash = await hashPassword(password);
		// Checked again: another registration may have taken the name while the password was hashed.
		this.checkUsername(username);
		// The account, its password and its first login are kept together or not at all.
		return this.ledger.atomically(() => {
			const userId = this.ledger.createUser(username);
			this.ledger.setPassword(userId, hash);
			if (inhibitLogin) return ok({ user_id: userId, home_server: this.hs.serverName });
			const login = this.loginDevice(userId, deviceId, displayName);
			// A learner is in the workshop room from the start (the scripted contacts are not: see `contactUserIds`).
			if (!this.contactUserIds.has(userId))
				this.workshopRoom.admit(userId, login.body.access_token as string);
			return login;
		});
	}

	private checkUsername(localpart: string): void {
		if (!LOCALPART.test(localpart) || localpart.length > 200)
			throw fail(400, 'M_INVALID_USERNAME', 'A username may have a-z, 0-9 and ._=-/+ only.');
		if (this.hs.hasUser(`@${localpart}:${this.hs.serverName}`))
			throw fail(400, 'M_USER_IN_USE', 'That username is taken.');
	}

	private usernameAvailable(req: ApiRequest): HsResponse {
		const username = new URLSearchParams(req.path.split('?')[1] ?? '').get('username');
		if (username === null) throw fail(400, 'M_MISSING_PARAM', 'Missing username.');
		this.checkUsername(username.toLowerCase());
		return ok({ available: true });
	}

	private tokenValidity(req: ApiRequest): HsResponse {
		const token = new URLSearchParams(req.path.split('?')[1] ?? '').get('token');
		if (token === null) throw fail(400, 'M_MISSING_PARAM', 'Missing token.');
		if (!this.state.registrationOpen) throw fail(403, 'M_FORBIDDEN', 'Registration is closed.');
		return ok({ valid: codesMatch(token, this.state.workshopCode) });
	}

	private setPusher(userId: string, req: ApiRequest): HsResponse {
		const body = objectBody(req.body);
		const pushkey = stringField(body, 'pushkey', true);
		const appId = stringField(body, 'app_id', true);
		const kind = body.kind;
		const others = (this.state.pushers.get(userId) ?? []).filter(
			(p) => !(p.app_id === appId && p.pushkey === pushkey)
		);
		if (kind === null) {
			this.ledger.setPushers(userId, others);
			return ok();
		}
		const data = body.data;
		if (!isObject(data)) throw fail(400, 'M_MISSING_PARAM', "Missing 'data'.");
		const pusher: Pusher = {
			pushkey,
			kind: stringField(body, 'kind', true),
			app_id: appId,
			app_display_name: stringField(body, 'app_display_name', true),
			device_display_name: stringField(body, 'device_display_name', true),
			lang: stringField(body, 'lang', true),
			data,
			...(typeof body.profile_tag === 'string' && { profile_tag: body.profile_tag })
		};
		// One pusher per app and pushkey: setting it again replaces it.
		this.ledger.setPushers(userId, [...others, pusher]);
		return ok();
	}

	/** Profiles are public (the spec asks no access token): without one, the core's admin view answers. */
	private profile(req: ApiRequest, encodedUserId: string): HsResponse {
		if (req.accessToken) return this.core(req);
		const userId = decodeSegment(encodedUserId);
		const displayname = this.hs.displayName(userId);
		if (displayname === undefined) throw fail(404, 'M_NOT_FOUND', `Profile of ${userId} not found.`);
		return ok({ displayname });
	}

	// --- user-interactive auth (spec: "User-Interactive Authentication API") ---

	/**
	 * The start of every UIA step: no `auth` yet is a 401 challenge with a new session; a session that is unknown,
	 * expired or was started for another request is refused with a new one. Returns the stage the client completes.
	 */
	private authStage(
		body: Body,
		purpose: string,
		flows: { stages: string[] }[]
	): { auth: Body; session?: string } {
		this.dropOldSessions();
		const auth = body.auth;
		if (auth === undefined || auth === null) throw this.challenge(purpose, flows, undefined);
		if (!isObject(auth)) throw fail(400, 'M_BAD_JSON', "'auth' must be an object.");
		const session = typeof auth.session === 'string' ? auth.session : undefined;
		if (session !== undefined && this.uiaSessions.get(session)?.purpose !== purpose)
			throw this.challenge(purpose, flows, undefined, {
				errcode: 'M_UNKNOWN',
				error: 'Unknown or expired session.'
			});
		const stages = flows.flatMap((f) => f.stages);
		if (typeof auth.type !== 'string' || !stages.includes(auth.type))
			throw this.challenge(purpose, flows, session, {
				errcode: 'M_UNRECOGNIZED',
				error: `Unsupported authentication type ${String(auth.type)}.`
			});
		return { auth, session };
	}

	/** The 401 answer of UIA: the flows, and the session to continue (a new one if none is given). */
	private challenge(
		purpose: string,
		flows: { stages: string[] }[],
		sessionId: string | undefined,
		problem: { errcode: string; error: string } | undefined = undefined
	): Reply {
		let session = sessionId !== undefined && this.uiaSessions.has(sessionId) ? sessionId : undefined;
		if (!session) {
			session = newSecret();
			this.uiaSessions.set(session, { flows, purpose, createdAt: Date.now() });
		}
		return new Reply({ status: 401, body: { flows, params: {}, session, completed: [], ...problem } });
	}

	private dropOldSessions(): void {
		const oldest = Date.now() - this.uiaSessionTtlMs;
		for (const [id, s] of this.uiaSessions) if (s.createdAt < oldest) this.uiaSessions.delete(id);
	}

	private endSession(session: string | undefined): void {
		if (session !== undefined) this.uiaSessions.delete(session);
	}

	/** UIA with the caller's own password: the one flow of this server for what needs a password. */
	private async passwordAuth(req: ApiRequest, userId: string, purpose: string): Promise<void> {
		const flows = [{ stages: [PASSWORD] }];
		const { auth, session } = this.authStage(isObject(req.body) ? req.body : {}, purpose, flows);
		const hash = this.state.passwords.get(userId);
		const valid =
			hash !== undefined &&
			this.userFrom(auth) === userId &&
			typeof auth.password === 'string' &&
			(await verifyPassword(auth.password, hash));
		if (!valid)
			throw this.challenge(purpose, flows, session, { errcode: 'M_FORBIDDEN', error: 'Invalid password.' });
		this.endSession(session);
	}

	private async deleteDevice(req: ApiRequest, encodedId: string): Promise<HsResponse> {
		const { userId } = this.caller(req);
		const deviceId = decodeSegment(encodedId);
		if (!this.hs.devices(userId).some((d) => d.deviceId === deviceId))
			throw fail(404, 'M_NOT_FOUND', `Device ${deviceId} not found.`);
		await this.passwordAuth(req, userId, `delete-device:${userId}`);
		return this.core(req, undefined);
	}

	private async deleteDevices(req: ApiRequest): Promise<HsResponse> {
		const { userId } = this.caller(req);
		const body = objectBody(req.body);
		const devices = body.devices;
		if (!Array.isArray(devices) || !devices.every((d) => typeof d === 'string'))
			throw fail(400, 'M_BAD_JSON', "'devices' must be a list of device ids.");
		await this.passwordAuth(req, userId, `delete-device:${userId}`);
		const own = new Set(this.hs.devices(userId).map((d) => d.deviceId));
		this.ledger.atomically(() => {
			for (const id of devices) if (own.has(id)) this.ledger.deleteDevice(userId, id);
		});
		return ok();
	}

	/**
	 * Cross-signing keys: the first upload needs no password; replacing them does (spec v1.11: UIA unless there is
	 * no master key yet, or every key in the request equals the stored one).
	 */
	private async uploadSigningKeys(req: ApiRequest): Promise<HsResponse> {
		const { userId } = this.caller(req);
		const body = objectBody(req.body);
		const stored = this.hs.crossSigningPublicKeys(userId);
		const fields = [
			['master_key', stored.master],
			['self_signing_key', stored.selfSigning],
			['user_signing_key', stored.userSigning]
		] as const;
		const replaces = fields.some(([field, current]) => field in body && publicKeyOf(body[field]) !== current);
		if (stored.master !== undefined && replaces)
			await this.passwordAuth(req, userId, `signing-keys:${userId}`);
		const { auth: _auth, ...rest } = body;
		return this.core(req, rest);
	}

	// --- long-polling sync ---

	/**
	 * `/sync?timeout=`: the core's answer at once when it has news (or for an initial sync, or `timeout=0`), else
	 * the next answer with news, or an empty one at the timeout. A client that hangs up stops the wait.
	 */
	private async sync(req: ApiRequest): Promise<HsResponse> {
		const query = new URLSearchParams(req.path.split('?')[1] ?? '');
		const timeout = Number(query.get('timeout') ?? 0);
		const waitMs = Number.isFinite(timeout) ? Math.min(Math.max(timeout, 0), this.maxSyncTimeoutMs) : 0;
		const deadline = Date.now() + waitMs;
		for (;;) {
			const res = this.core(req);
			if (res.status !== 200 || !query.has('since') || hasNews(res.body)) return res;
			const left = deadline - Date.now();
			if (left <= 0 || req.signal?.aborted) return res;
			await this.nextChange(left, req.signal);
		}
	}

	/** Resolves on the next change of the stream, after `ms`, or when `signal` aborts; leaves nothing behind. */
	private nextChange(ms: number, signal: AbortSignal | undefined): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.waiters.delete(done);
				signal?.removeEventListener('abort', done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.waiters.add(done);
			signal?.addEventListener('abort', done, { once: true });
		});
	}

	private wakeAll(): void {
		for (const wake of [...this.waiters]) wake();
	}
}

/** Is there anything in a sync response beyond the bookkeeping every response has? */
export function hasNews(body: Json): boolean {
	const rooms = isObject(body.rooms) ? body.rooms : {};
	const nonEmpty = (value: unknown) => isObject(value) && Object.keys(value).length > 0;
	const events = (value: unknown) =>
		isObject(value) && Array.isArray(value.events) && value.events.length > 0;
	const lists = isObject(body.device_lists) ? body.device_lists : {};
	return (
		nonEmpty(rooms.join) ||
		nonEmpty(rooms.invite) ||
		nonEmpty(rooms.leave) ||
		events(body.to_device) ||
		events(body.account_data) ||
		(Array.isArray(lists.changed) && lists.changed.length > 0) ||
		(Array.isArray(lists.left) && lists.left.length > 0)
	);
}

const CAPABILITIES = {
	'm.change_password': { enabled: false },
	'm.room_versions': { default: '10', available: { '10': 'stable' } },
	'm.set_displayname': { enabled: true },
	'm.set_avatar_url': { enabled: false },
	'm.3pid_changes': { enabled: false },
	'm.get_login_token': { enabled: false }
};

function isObject(value: unknown): value is Body {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectBody(body: unknown): Body {
	if (body === undefined) throw fail(400, 'M_NOT_JSON', 'This endpoint needs a JSON object body.');
	if (!isObject(body)) throw fail(400, 'M_BAD_JSON', 'The body must be a JSON object.');
	return body;
}

function stringField(body: Body, key: string, required: true): string;
function stringField(body: Body, key: string, required: false): string | undefined;
function stringField(body: Body, key: string, required: boolean): string | undefined {
	const value = Object.hasOwn(body, key) ? body[key] : undefined;
	if (value === undefined || value === null) {
		if (required) throw fail(400, 'M_MISSING_PARAM', `Missing '${key}'.`);
		return undefined;
	}
	if (typeof value !== 'string') throw fail(400, 'M_BAD_JSON', `'${key}' must be a string.`);
	return value;
}

/** The public key of an uploaded cross-signing key (`keys: {"ed25519:X": "X"}`), or undefined. */
function publicKeyOf(key: unknown): string | undefined {
	if (!isObject(key) || !isObject(key.keys)) return undefined;
	const values = Object.values(key.keys);
	return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
}

function decodeSegment(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		throw fail(400, 'M_INVALID_PARAM', 'Malformed percent-encoding in the path.');
	}
}
