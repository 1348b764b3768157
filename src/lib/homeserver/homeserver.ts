/**
 * The in-memory homeserver: `handle(request) → response` over the Client-Server API v3 paths a client uses, plus an
 * admin API for scenarios (users, devices, faults, the server's-eye view). Pure TypeScript: it runs in Node, in a
 * Web Worker and in a page alike.
 */
import { Accounts } from './accounts';
import { KeyBackupService, type UserBackups } from './backup';
import { DeviceListTracker, type Entry as DeviceListEntry } from './device-lists';
import { badJson, internalError, missingToken, MatrixHttpError, notJson, unknownToken } from './errors';
import { Faults, type FaultControls, type FaultsState } from './faults';
import { IdGenerator, type IdGeneratorState } from './ids';
import { parseFilter } from './filters';
import { cloneJson, isJsonObject, toJson, type JsonObject } from './json';
import { KeyService } from './keys';
import type { Device, User } from './model';
import type { RoomState } from './room';
import { matchRoute, type BodyKind, type EndpointId, type EndpointParams, type Query } from './router';
import { RoomService } from './rooms';
import { buildServerView, type ServerView } from './server-view';
import { Stream } from './stream';
import { SyncService } from './sync';
import { ToDeviceService } from './to-device';
import { systemClock, type Clock, type HsRequest, type HsResponse } from './types';
import { optionalInteger, optionalString, requireString } from './validation';

export interface HomeserverOptions {
	serverName?: string;
	clock?: Clock;
	/** How `request()` waits out injected latency. Default: `setTimeout`. */
	sleep?: (ms: number) => Promise<void>;
	/** Seed for generated ids (room ids, device ids, tokens). */
	seed?: number;
	/**
	 * Turns each generated access token into the one issued. The seeded ids are predictable (anyone with the seed, or
	 * a few ids seen, can compute the next token): a server on a network passes a keyed hash here, which keeps tokens
	 * deterministic for replay and secret to whoever lacks the key. Default: the generated token as it is.
	 */
	hardenToken?: (token: string) => string;
}

/**
 * Bump when the shape of `HomeserverState` or the meaning of anything in it changes: a stored server of another
 * version is not restored (`StaleHomeserverState`), and its world is discarded with a notice.
 */
export const HOMESERVER_STATE_VERSION = 1;

/**
 * Everything the server knows, as one structured-cloneable value (Maps, arrays, plain objects: what IndexedDB and
 * `postMessage` store and send as they are). Not JSON: keys clients supplied stay in Maps, `Infinity` stays.
 */
export interface HomeserverState {
	version: number;
	serverName: string;
	stream: number;
	ids: IdGeneratorState;
	users: User[];
	deviceLists: Map<string, DeviceListEntry[]>;
	faults: FaultsState;
	rooms: RoomState[];
	backups: Map<string, UserBackups>;
}

/** A stored server that cannot be restored: another version, another server name, or not a server at all. */
export class StaleHomeserverState extends Error {
	override readonly name = 'StaleHomeserverState';
}

export interface LoginResult {
	accessToken: string;
	deviceId: string;
}

export interface DeviceSummary {
	deviceId: string;
	displayName: string;
}

interface RequestContext<Id extends EndpointId> {
	device: Device;
	params: EndpointParams<Id>;
	query: Query;
	/** The JSON body (a private copy); `{}` for endpoints that take none. */
	body: JsonObject;
}

/** What a handler returns is the 200 response body (an array only for GET /rooms/{id}/state, as in the spec). */
type Handlers = { [Id in EndpointId]: (ctx: RequestContext<Id>) => Record<string, unknown> | unknown[] };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Homeserver {
	readonly serverName: string;
	/** The scenario's fault switches. */
	readonly faults: FaultControls;

	private readonly sleep: (ms: number) => Promise<void>;
	private readonly stream = new Stream();
	private readonly accounts: Accounts;
	private readonly deviceLists: DeviceListTracker;
	private readonly faultState: Faults;
	private readonly keys: KeyService;
	private readonly toDevice: ToDeviceService;
	private readonly rooms: RoomService;
	private readonly backups = new KeyBackupService();
	private readonly idGenerator: IdGenerator;
	private readonly syncService: SyncService;
	private readonly handlers: Handlers;

	constructor(opts: HomeserverOptions = {}) {
		this.serverName = opts.serverName ?? 'sim.local';
		const clock = opts.clock ?? systemClock;
		this.sleep = opts.sleep ?? defaultSleep;
		const ids = new IdGenerator(this.serverName, opts.seed, opts.hardenToken);
		this.idGenerator = ids;
		const { stream } = this;
		// Device-list changes depend on who shares rooms; the room service exists by the time anything changes.
		this.deviceLists = new DeviceListTracker(stream, (userId) => this.rooms.sharedWith(userId));
		this.accounts = new Accounts(this.serverName, ids, stream, this.deviceLists);
		this.faultState = new Faults(clock, this.accounts, this.deviceLists);
		this.faults = this.faultState;
		const compromise = () => this.faultState.activeCompromise;
		this.keys = new KeyService(this.accounts, this.deviceLists, compromise);
		this.toDevice = new ToDeviceService(this.accounts, stream, this.faultState, clock);
		this.rooms = new RoomService({
			clock,
			ids,
			stream,
			accounts: this.accounts,
			deviceLists: this.deviceLists,
			compromise
		});
		this.syncService = new SyncService({
			clock,
			stream,
			accounts: this.accounts,
			rooms: this.rooms,
			toDevice: this.toDevice,
			keys: this.keys,
			deviceLists: this.deviceLists
		});
		this.handlers = this.createHandlers();
	}

	// --- persistence ---

	/**
	 * A copy of everything the server knows (see `HomeserverState`); later requests do not change it. Shared objects
	 * stay shared in the copy (a device is reached by its user and by its token).
	 */
	persist(): HomeserverState {
		return structuredClone({
			version: HOMESERVER_STATE_VERSION,
			serverName: this.serverName,
			stream: this.stream.position,
			ids: this.idGenerator.persist(),
			users: this.accounts.persist(),
			deviceLists: this.deviceLists.persist(),
			faults: this.faultState.persist(),
			rooms: this.rooms.persist(),
			backups: this.backups.persist()
		});
	}

	/**
	 * A server that goes on from a stored state as if it had never stopped: the same users, tokens, rooms, inboxes,
	 * sync positions and the next ids the original would have minted. `opts` give what is not state (the clock, the
	 * token hardener, which must be the original's for the tokens to match); `serverName` and `seed` come from the state.
	 * Throws `StaleHomeserverState` for a state of another version or shape. The state is copied, not taken over.
	 */
	static restore(state: unknown, opts: Omit<HomeserverOptions, 'serverName' | 'seed'> = {}): Homeserver {
		if (
			!isRecord(state) ||
			state.version !== HOMESERVER_STATE_VERSION ||
			typeof state.serverName !== 'string'
		)
			throw new StaleHomeserverState(
				`A stored homeserver of version ${String(isRecord(state) ? state.version : undefined)} cannot be restored (this is version ${HOMESERVER_STATE_VERSION}).`
			);
		const s = structuredClone(state) as unknown as HomeserverState;
		const hs = new Homeserver({ ...opts, serverName: s.serverName });
		hs.stream.restore(s.stream);
		hs.idGenerator.restore(s.ids);
		hs.accounts.restore(s.users);
		hs.deviceLists.restore(s.deviceLists);
		hs.faultState.restore(s.faults);
		hs.rooms.restore(s.rooms);
		hs.backups.restore(s.backups);
		return hs;
	}

	// --- the Client-Server API ---

	/** Answers one request. Never throws: every problem is a Matrix error response. */
	handle(req: HsRequest): HsResponse {
		try {
			return this.dispatch(req);
		} catch (e) {
			return e instanceof MatrixHttpError ? e.toResponse() : internalError(e);
		}
	}

	/** `handle`, after the injected latency. */
	async request(req: HsRequest): Promise<HsResponse> {
		const latency = this.faultState.latencyMs;
		if (latency > 0) await this.sleep(latency);
		return this.handle(req);
	}

	private dispatch(req: unknown): HsResponse {
		if (!isRecord(req) || typeof req.path !== 'string') throw badJson('A request needs a method and a path.');
		const route = matchRoute(typeof req.method === 'string' ? req.method : '', req.path);
		const device = this.authenticate(req.accessToken);
		this.faultState.checkRequest(device);
		const ctx = {
			device,
			params: route.params,
			query: route.query,
			body: readBody(route.endpoint.body, req.body)
		};
		// The router filled `params` from this endpoint's own template, so the names match.
		const handler = this.handlers[route.endpoint.id] as (ctx: RequestContext<EndpointId>) => unknown;
		return {
			status: 200,
			body: cloneJson(handler(ctx as RequestContext<EndpointId>)) as Record<string, unknown>
		};
	}

	private authenticate(token: unknown): Device {
		if (token === undefined || token === null || token === '') throw missingToken();
		const device = typeof token === 'string' ? this.accounts.deviceByToken(token) : undefined;
		if (!device) throw unknownToken();
		return device;
	}

	/** Replays the stored response of a retried transaction instead of doing it twice. */
	private once(device: Device, key: string[], run: () => Record<string, unknown>): Record<string, unknown> {
		const id = JSON.stringify(key);
		const previous = device.transactions.get(id);
		if (previous) return previous;
		const response = run();
		device.transactions.set(id, response);
		return response;
	}

	private createHandlers(): Handlers {
		const { accounts, keys, rooms, backups } = this;
		const done = (action: () => void) => {
			action();
			return {};
		};
		const deviceInfo = (d: Device) => ({ device_id: d.deviceId, display_name: d.displayName });
		return {
			whoami: ({ device }) => ({ user_id: device.userId, device_id: device.deviceId }),
			getDevices: ({ device }) => ({
				devices: accounts.devicesOf(device.userId, device.realm).map(deviceInfo)
			}),
			getDevice: ({ device, params }) => deviceInfo(accounts.ownDevice(device, params.deviceId)),
			putDevice: ({ device, params, body }) =>
				done(() => {
					const target = accounts.ownDevice(device, params.deviceId);
					const name = optionalString(body, 'display_name');
					if (name !== undefined) target.displayName = name.slice(0, 256);
				}),
			deleteDevice: ({ device, params }) =>
				done(() => accounts.deleteDevice(accounts.ownDevice(device, params.deviceId))),
			getProfile: ({ params }) => accounts.profile(params.userId),
			getDisplayName: ({ params }) => accounts.profile(params.userId),
			setDisplayName: ({ device, params, body }) =>
				done(() => {
					accounts.setDisplayName(device, params.userId, requireString(body, 'displayname'));
					rooms.profileChanged(device);
				}),
			userDirectorySearch: ({ body }) =>
				accounts.searchUsers(requireString(body, 'search_term'), optionalInteger(body, 'limit', 0) ?? 10),
			createFilter: ({ device, params, body }) => {
				parseFilter(body);
				return { filter_id: accounts.createFilter(device, params.userId, body) };
			},
			getFilter: ({ device, params }) => accounts.filter(device, params.userId, params.filterId),

			keysUpload: ({ device, body }) => keys.upload(device, body),
			keysQuery: ({ device, body }) => keys.query(device, body),
			keysClaim: ({ device, body }) => keys.claim(device, body),
			signingKeysUpload: ({ device, body }) => keys.uploadSigningKeys(device, body),
			signaturesUpload: ({ device, body }) => keys.uploadSignatures(device, body),
			sendToDevice: ({ device, params, body }) =>
				this.once(device, ['sendToDevice', params.eventType, params.txnId], () =>
					done(() => this.toDevice.send(device, params.eventType, body))
				),

			createRoom: ({ device, body }) => ({ room_id: rooms.create(device, body) }),
			joinedRooms: ({ device }) => ({
				joined_rooms: rooms
					.roomsOf(device.userId)
					.flatMap((r) => (r.membership(device.userId) === 'join' ? [r.roomId] : []))
			}),
			invite: ({ device, params, body }) => done(() => rooms.invite(device, params.roomId, body)),
			joinRoom: ({ device, params }) => ({ room_id: rooms.join(device, params.roomId) }),
			join: ({ device, params }) => ({ room_id: rooms.join(device, params.roomIdOrAlias) }),
			leave: ({ device, params }) => done(() => rooms.leave(device, params.roomId)),
			sendEvent: ({ device, params, body }) =>
				this.once(device, ['send', params.roomId, params.eventType, params.txnId], () => ({
					event_id: rooms.send(device, params.roomId, params.eventType, params.txnId, body)
				})),
			putState: ({ device, params, body }) => ({
				event_id: rooms.setState(device, params.roomId, {
					type: params.eventType,
					stateKey: params.stateKey,
					content: body
				})
			}),
			putStateEmptyKey: ({ device, params, body }) => ({
				event_id: rooms.setState(device, params.roomId, {
					type: params.eventType,
					stateKey: '',
					content: body
				})
			}),
			redact: ({ device, params, body }) =>
				this.once(device, ['redact', params.roomId, params.txnId], () => ({
					event_id: rooms.redact(device, params.roomId, params.eventId, params.txnId, body)
				})),
			getEvent: ({ device, params }) => rooms.event(device, params.roomId, params.eventId),
			receipt: ({ device, params }) =>
				done(() =>
					rooms.acknowledgeEphemeral(device, params.roomId, {
						kind: 'receipt',
						receiptType: params.receiptType,
						eventId: params.eventId
					})
				),
			readMarkers: ({ device, params, body }) =>
				done(() => rooms.acknowledgeEphemeral(device, params.roomId, { kind: 'readMarkers', body })),
			typing: ({ device, params, body }) =>
				done(() =>
					rooms.acknowledgeEphemeral(device, params.roomId, { kind: 'typing', userId: params.userId, body })
				),
			getState: ({ device, params }) => rooms.state(device, params.roomId),
			getStateEvent: ({ device, params }) =>
				rooms.stateContent(device, params.roomId, params.eventType, params.stateKey),
			getStateEventEmptyKey: ({ device, params }) =>
				rooms.stateContent(device, params.roomId, params.eventType, ''),
			joinedMembers: ({ device, params }) => rooms.joinedMembers(device, params.roomId),
			members: ({ device, params }) => rooms.members(device, params.roomId),
			messages: ({ device, params, query }) => rooms.messages(device, params.roomId, query),

			putAccountData: ({ device, params, body }) =>
				done(() => accounts.setAccountData(device, params.userId, params.type, body)),
			getAccountData: ({ device, params }) => accounts.accountData(device, params.userId, params.type),

			createBackupVersion: ({ device, body }) => backups.createVersion(device.userId, body),
			getLatestBackupVersion: ({ device }) => backups.versionInfo(device.userId),
			getBackupVersion: ({ device, params }) => backups.versionInfo(device.userId, params.version),
			updateBackupVersion: ({ device, params, body }) =>
				backups.updateVersion(device.userId, params.version, body),
			deleteBackupVersion: ({ device, params }) => backups.deleteVersion(device.userId, params.version),
			putBackupKeys: ({ device, query, body }) => backups.putKeys(device.userId, query, body),
			getBackupKeys: ({ device, query }) => backups.getKeys(device.userId, query),
			getBackupRoomKeys: ({ device, params, query }) => backups.getKeys(device.userId, query, params.roomId),
			getBackupSessionKey: ({ device, params, query }) =>
				backups.getKeys(device.userId, query, params.roomId, params.sessionId),

			sync: ({ device, query }) => this.syncService.sync(device, query)
		};
	}

	/**
	 * Calls `listener` whenever something a sync could report happens (the stream moves). It runs inside the change:
	 * it must only take note (wake a waiting long-poll), never call back into the server. Returns the unsubscribe.
	 */
	onChange(listener: () => void): () => void {
		return this.stream.subscribe(listener);
	}

	// --- admin API (for scenarios; throws on misuse, since that is a bug in the scenario) ---

	hasUser(userId: string): boolean {
		return this.accounts.user(userId) !== undefined;
	}

	/** The user and device an access token belongs to (real devices only), or undefined. */
	whoIs(accessToken: string): { userId: string; deviceId: string } | undefined {
		const device = this.accounts.deviceByToken(accessToken);
		return device?.realm === 'real' ? { userId: device.userId, deviceId: device.deviceId } : undefined;
	}

	/**
	 * Logs an existing device in again (spec: `/login` naming its `device_id`): it keeps its keys and gets a new
	 * access token; the old one stops working.
	 */
	renewLogin(userId: string, deviceId: string): LoginResult {
		const device = this.accounts.device(userId, 'real', deviceId);
		if (!device) throw new Error(`Unknown device ${deviceId} of ${userId}.`);
		this.accounts.renewToken(device);
		return { accessToken: device.accessToken, deviceId };
	}

	/** The public keys of the user's cross-signing keys as stored (real realm), by role. */
	crossSigningPublicKeys(userId: string): { master?: string; selfSigning?: string; userSigning?: string } {
		const identity = this.accounts.user(userId)?.identities.real ?? {};
		return {
			master: identity.master?.publicKey,
			selfSigning: identity.selfSigning?.publicKey,
			userSigning: identity.userSigning?.publicKey
		};
	}

	/** Registers `@localpart:serverName`. */
	createUser(localpart: string, displayName?: string): string {
		return this.accounts.createUser(localpart, displayName);
	}

	/** Logs an existing user in on a new device (a device id is generated when none is given). */
	login(userId: string, deviceId?: string, displayName?: string): LoginResult {
		const device = this.accounts.login(userId, 'real', deviceId, displayName);
		return { accessToken: device.accessToken, deviceId: device.deviceId };
	}

	/**
	 * Registers an attacker's device that claims to be `userId` (a *shadow device*) and returns its access token.
	 * It is hidden from everyone except as the compromise rules say (`compromise.ts`).
	 */
	loginShadow(userId: string, deviceId: string, displayName?: string): string {
		return this.accounts.login(userId, 'shadow', deviceId, displayName).accessToken;
	}

	/** Signs a device out: its keys, inbox and token are gone, and the user's contacts are told. */
	deleteDevice(userId: string, deviceId: string): void {
		const device = this.accounts.device(userId, 'real', deviceId);
		if (!device) throw new Error(`Unknown device ${deviceId} of ${userId}.`);
		this.accounts.deleteDevice(device);
	}

	displayName(userId: string): string | undefined {
		return this.accounts.user(userId)?.displayName;
	}

	users(): string[] {
		return this.accounts.users().map((u) => u.userId);
	}

	/** The user's real devices (never the attacker's shadow devices). */
	devices(userId: string): DeviceSummary[] {
		return this.accounts
			.devicesOf(userId, 'real')
			.map((d) => ({ deviceId: d.deviceId, displayName: d.displayName }));
	}

	/** What the server stores, as plain data (a copy). */
	serverView(): ServerView {
		return buildServerView({
			serverName: this.serverName,
			accounts: this.accounts,
			rooms: this.rooms,
			backups: this.backups,
			faults: this.faultState
		});
	}
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null;

function readBody(kind: BodyKind, body: unknown): JsonObject {
	if (kind === 'none' || (kind === 'optional' && (body === undefined || body === null))) return {};
	if (body === undefined) throw notJson('This endpoint needs a JSON object body.');
	const json = toJson(body);
	if (!isJsonObject(json)) throw badJson('The body must be a JSON object.');
	return json;
}
