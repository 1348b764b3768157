/**
 * Helpers for the homeserver's tests: a manual clock, a tiny client per device, and key objects shaped like the
 * ones the crypto uploads (the server never checks signatures, so any strings do).
 */
import { expect } from 'vitest';
import { Homeserver } from './homeserver';
import { CLIENT_API_PREFIX } from './router';
import type { Clock, HsResponse, HttpMethod } from './types';

export class ManualClock implements Clock {
	constructor(private time = 1_700_000_000_000) {}
	now(): number {
		return this.time;
	}
	advance(ms: number): void {
		this.time += ms;
	}
}

/** A path template literal whose interpolations are URL-encoded: path`/rooms/${roomId}/state`. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
	return strings.reduce(
		(out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i] ?? '') : ''),
		''
	);
}

export type Body = Record<string, unknown>;

export class TestDevice {
	constructor(
		readonly hs: Homeserver,
		readonly userId: string,
		readonly deviceId: string,
		readonly accessToken: string
	) {}

	/** Raw call; `p` is relative to /_matrix/client/v3 and already encoded. */
	call(method: HttpMethod, p: string, body?: unknown): HsResponse {
		return this.hs.handle({ method, path: `${CLIENT_API_PREFIX}${p}`, accessToken: this.accessToken, body });
	}

	/** A call that must succeed; returns the body. */
	ok(method: HttpMethod, p: string, body?: unknown): Body {
		const res = this.call(method, p, body);
		expect(res.body, `${method} ${p}`).not.toHaveProperty('errcode');
		expect(res.status).toBe(200);
		return res.body;
	}

	/** `ok`, for a response of a known shape. */
	okAs<T>(method: HttpMethod, p: string, body?: unknown): T {
		return this.ok(method, p, body) as unknown as T;
	}

	sync(since?: string, extra = ''): SyncBody {
		const query = [since && `since=${since}`, extra].filter(Boolean).join('&');
		return this.okAs<SyncBody>('GET', `/sync${query ? `?${query}` : ''}`);
	}

	createRoom(body: Body = {}): string {
		return this.ok('POST', '/createRoom', body).room_id as string;
	}

	send(roomId: string, content: Body, type = 'm.room.message', txnId = `t${Math.random()}`): string {
		return this.ok('PUT', path`/rooms/${roomId}/send/${type}/${txnId}`, content).event_id as string;
	}

	invite(roomId: string, userId: string): void {
		this.ok('POST', path`/rooms/${roomId}/invite`, { user_id: userId });
	}

	join(roomId: string): void {
		this.ok('POST', path`/rooms/${roomId}/join`, {});
	}

	leave(roomId: string): void {
		this.ok('POST', path`/rooms/${roomId}/leave`, {});
	}

	uploadDeviceKeys(extra: Body = {}): Body {
		return this.ok('POST', '/keys/upload', { device_keys: deviceKeys(this.userId, this.deviceId), ...extra });
	}

	query(...userIds: string[]): QueryBody {
		const device_keys = Object.fromEntries(userIds.map((u) => [u, []]));
		return this.okAs<QueryBody>('POST', '/keys/query', { device_keys });
	}
}

export interface SyncBody {
	next_batch: string;
	rooms: {
		join: Record<
			string,
			{
				timeline: { events: EventBody[] };
				state: { events: EventBody[] };
				ephemeral?: { events: { type: string; content: Body }[] };
				account_data?: { events: { type: string; content: Body }[] };
			}
		>;
		invite: Record<string, { invite_state: { events: EventBody[] } }>;
		leave: Record<string, { timeline: { events: EventBody[] } }>;
	};
	to_device: { events: { type: string; sender: string; content: Body }[] };
	device_lists: { changed: string[]; left: string[] };
	device_one_time_keys_count: Record<string, number>;
	device_unused_fallback_key_types: string[];
	account_data: { events: { type: string; content: Body }[] };
}

export interface EventBody {
	event_id: string;
	type: string;
	sender: string;
	content: Body;
	state_key?: string;
	origin_server_ts: number;
	unsigned?: Body;
}

export interface QueryBody {
	device_keys: Record<string, Record<string, Body & { signatures: Record<string, Record<string, string>> }>>;
	master_keys: Record<
		string,
		Body & { keys: Record<string, string>; signatures: Record<string, Record<string, string>> }
	>;
	self_signing_keys: Record<string, Body>;
	user_signing_keys: Record<string, Body>;
	failures: Body;
}

export interface World {
	hs: Homeserver;
	clock: ManualClock;
	/** Creates a user with one device. */
	user(localpart: string, deviceId?: string): TestDevice;
	/** Another device of an existing user. */
	device(userId: string, deviceId?: string): TestDevice;
	/** An attacker's shadow device posing as `userId`. */
	shadow(userId: string, deviceId: string): TestDevice;
}

export function world(opts: { sleep?: (ms: number) => Promise<void> } = {}): World {
	const clock = new ManualClock();
	const hs = new Homeserver({ clock, sleep: opts.sleep });
	const device = (userId: string, deviceId?: string) => {
		const login = hs.login(userId, deviceId);
		return new TestDevice(hs, userId, login.deviceId, login.accessToken);
	};
	return {
		hs,
		clock,
		user: (localpart, deviceId = `${localpart.toUpperCase()}DEV`) =>
			device(hs.createUser(localpart), deviceId),
		device,
		shadow: (userId, deviceId) => new TestDevice(hs, userId, deviceId, hs.loginShadow(userId, deviceId))
	};
}

/** Two users in one room, both joined. */
export function twoInARoom(w: World, body: Body = {}) {
	const alice = w.user('alice');
	const bob = w.user('bob');
	const roomId = alice.createRoom({ invite: [bob.userId], ...body });
	bob.join(roomId);
	return { alice, bob, roomId };
}

// --- key objects ---

export function deviceKeys(userId: string, deviceId: string, variant = ''): Body {
	return {
		user_id: userId,
		device_id: deviceId,
		algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
		keys: {
			[`curve25519:${deviceId}`]: `curve-${deviceId}${variant}`,
			[`ed25519:${deviceId}`]: `ed-${deviceId}${variant}`
		},
		signatures: { [userId]: { [`ed25519:${deviceId}`]: `selfsig-${deviceId}${variant}` } }
	};
}

export function crossSigningKey(
	userId: string,
	usage: string,
	publicKey: string,
	signatures: Body = {}
): Body {
	return { user_id: userId, usage: [usage], keys: { [`ed25519:${publicKey}`]: publicKey }, signatures };
}

/** Uploads master, self-signing and user-signing keys named `${prefix}-master` etc. */
export function bootstrapCrossSigning(device: TestDevice, prefix: string): void {
	device.ok('POST', '/keys/device_signing/upload', {
		master_key: crossSigningKey(device.userId, 'master', `${prefix}-master`),
		self_signing_key: crossSigningKey(device.userId, 'self_signing', `${prefix}-ssk`),
		user_signing_key: crossSigningKey(device.userId, 'user_signing', `${prefix}-usk`)
	});
}

export function oneTimeKeys(count: number, prefix = 'k'): Body {
	return Object.fromEntries(
		Array.from({ length: count }, (_, i) => [
			`signed_curve25519:${prefix}${i}`,
			{ key: `${prefix}${i}-pub`, signatures: {} }
		])
	);
}

/** Expects a Matrix error. */
export function expectError(res: HsResponse, status: number, errcode: string): void {
	expect(res.body).toMatchObject({ errcode });
	expect(typeof res.body.error).toBe('string');
	expect(res.status).toBe(status);
}
