/**
 * The records the server stores about users and devices. Services (keys, to-device, sync …) work on these;
 * per-device state lives on the device record so that deleting a device deletes everything about it.
 */
import type { JsonObject, JsonValue } from './json';
import type { ToDeviceEvent } from './types';

/**
 * Which world a device or key lives in. `shadow` devices are an attacker's devices that the compromised server
 * passes off as the user's own (see `compromise.ts`); their keys live in a separate store.
 */
export type Realm = 'real' | 'shadow';
export const REALMS: readonly Realm[] = ['real', 'shadow'];

/** userId → keyId → signature. */
export type SignatureMap = Map<string, Map<string, string>>;

/**
 * A signed JSON object (device keys, a cross-signing key). The signatures are kept apart from the body so that
 * signatures uploaded later can be added, and the object served with whichever signatures the viewer may see.
 */
export interface SignedObject {
	body: JsonObject;
	signatures: SignatureMap;
}

export interface CrossSigningKey extends SignedObject {
	/** The unpadded base64 public key: how `/keys/signatures/upload` names the key. */
	publicKey: string;
}

export type CrossSigningRole = 'master' | 'selfSigning' | 'userSigning';
export type CrossSigningIdentity = Partial<Record<CrossSigningRole, CrossSigningKey>>;

export interface FallbackKey {
	keyId: string;
	key: JsonValue;
	used: boolean;
}

export interface DeviceKeyState {
	deviceKeys?: SignedObject;
	/** "algorithm:id" → key, as uploaded. */
	oneTimeKeys: Map<string, JsonValue>;
	/** algorithm → the current fallback key. */
	fallbackKeys: Map<string, FallbackKey>;
}

export interface Inbox {
	/** Deliverable messages, by stream position; removed once a sync acknowledges them. */
	messages: { pos: number; event: ToDeviceEvent }[];
	/** Messages held back by a delay fault until the clock reaches `releaseAt`. */
	delayed: { releaseAt: number; event: ToDeviceEvent }[];
}

export interface Device {
	readonly userId: string;
	readonly deviceId: string;
	readonly realm: Realm;
	displayName: string;
	/** Replaced when the device logs in again under its own id (spec: `/login` with an existing `device_id`). */
	accessToken: string;
	readonly keys: DeviceKeyState;
	readonly inbox: Inbox;
	/** Responses of idempotent requests by transaction key, replayed when a client retries. */
	readonly transactions: Map<string, Record<string, unknown>>;
}

export interface AccountDataEntry {
	content: JsonObject;
	pos: number;
}

export interface User {
	readonly userId: string;
	displayName: string;
	readonly devices: Record<Realm, Map<string, Device>>;
	readonly identities: Record<Realm, CrossSigningIdentity>;
	/**
	 * Signatures this user's user-signing key made on other users' master keys, per realm of the signing device:
	 * target user → master public key → signatures. Served only to the signer (spec: /keys/query).
	 */
	readonly foreignSignatures: Record<Realm, Map<string, Map<string, SignatureMap>>>;
	readonly accountData: Map<string, AccountDataEntry>;
	/** The user's sync filters; a filter's id is its index. */
	readonly filters: JsonObject[];
}

/** Who is looking: a device's user and realm decide which keys and events it is shown. */
export interface Viewer {
	readonly userId: string;
	readonly realm: Realm;
}

export function newDevice(
	fields: Pick<Device, 'userId' | 'deviceId' | 'realm' | 'displayName' | 'accessToken'>
): Device {
	return {
		...fields,
		keys: { oneTimeKeys: new Map(), fallbackKeys: new Map() },
		inbox: { messages: [], delayed: [] },
		transactions: new Map()
	};
}

export function newUser(userId: string, displayName: string): User {
	return {
		userId,
		displayName,
		devices: { real: new Map(), shadow: new Map() },
		identities: { real: {}, shadow: {} },
		foreignSignatures: { real: new Map(), shadow: new Map() },
		accountData: new Map(),
		filters: []
	};
}
