/**
 * The key store: device keys, one-time and fallback keys, cross-signing keys and signatures, behind
 * /keys/upload, /keys/query, /keys/claim, /keys/device_signing/upload and /keys/signatures/upload.
 *
 * Two visibility rules shape the answers:
 * - a signature on another user's master key (made by the signer's user-signing key) is served only to the signer;
 * - during a compromise, some viewers are served a user's shadow keys instead of the real ones (`keyRealmFor`).
 */
import type { Accounts } from './accounts';
import { keyRealmFor, type CompromiseSpec } from './compromise';
import type { DeviceListTracker } from './device-lists';
import { badJson, invalidParam, tooLarge } from './errors';
import { canonicalJson, isJsonObject, jsonEqual, own, type JsonObject, type JsonValue } from './json';
import {
	REALMS,
	type CrossSigningKey,
	type CrossSigningRole,
	type Device,
	type SignatureMap,
	type SignedObject
} from './model';
import { addSignatures, parseSignatures, serveSigned, toSignedObject } from './signatures';
import {
	asObject,
	asStringArray,
	objectEntries,
	optionalInteger,
	optionalObject,
	optionalStringArray,
	requireObject,
	requireString,
	requireUserId
} from './validation';

export const SIGNED_CURVE25519 = 'signed_curve25519';

/**
 * The most one-time keys one upload may carry. The spec sets no number; a client's crypto account holds at most
 * 100 unpublished one-time keys (vodozemac's limit; the Rust SDK uploads half of them at a time), so more in one
 * request is not a client keeping its keys topped up.
 */
export const MAX_ONE_TIME_KEYS_PER_UPLOAD = 100;

const CROSS_SIGNING_FIELDS: readonly { field: string; role: CrossSigningRole; usage: string }[] = [
	{ field: 'master_key', role: 'master', usage: 'master' },
	{ field: 'self_signing_key', role: 'selfSigning', usage: 'self_signing' },
	{ field: 'user_signing_key', role: 'userSigning', usage: 'user_signing' }
];

type Failure = { errcode: string; error: string };

export class KeyService {
	constructor(
		private readonly accounts: Accounts,
		private readonly deviceLists: DeviceListTracker,
		private readonly compromise: () => CompromiseSpec | undefined
	) {}

	// --- /keys/upload ---

	upload(device: Device, body: JsonObject): JsonObject {
		const deviceKeysJson = optionalObject(body, 'device_keys');
		const deviceKeys = deviceKeysJson && parseDeviceKeys(device, deviceKeysJson);
		const oneTimeKeysJson = optionalObject(body, 'one_time_keys');
		if (oneTimeKeysJson && Object.keys(oneTimeKeysJson).length > MAX_ONE_TIME_KEYS_PER_UPLOAD)
			throw tooLarge(`At most ${MAX_ONE_TIME_KEYS_PER_UPLOAD} one-time keys in one upload.`);
		const oneTimeKeys = parseKeyMap(oneTimeKeysJson, 'one_time_keys');
		const fallbackKeys = parseKeyMap(optionalObject(body, 'fallback_keys'), 'fallback_keys');
		for (const [keyId, key] of oneTimeKeys) {
			const existing = device.keys.oneTimeKeys.get(keyId);
			if (existing !== undefined && !jsonEqual(existing, key)) {
				throw invalidParam(`One-time key ${keyId} already exists with different content.`);
			}
		}

		if (deviceKeys && this.storeDeviceKeys(device, deviceKeys)) this.deviceLists.keysChanged(device.userId);
		for (const [keyId, key] of oneTimeKeys) device.keys.oneTimeKeys.set(keyId, key);
		for (const [keyId, key] of fallbackKeys) {
			const algorithm = algorithmOf(keyId);
			const existing = device.keys.fallbackKeys.get(algorithm);
			// Re-uploading the same fallback key must not make a used one look unused again.
			if (existing?.keyId === keyId && jsonEqual(existing.key, key)) continue;
			device.keys.fallbackKeys.set(algorithm, { keyId, key, used: false });
		}
		return { one_time_key_counts: this.oneTimeKeyCounts(device) };
	}

	/** Stores device keys; true when what others see changed (first upload, new keys or new signatures). */
	private storeDeviceKeys(device: Device, uploaded: SignedObject): boolean {
		const stored = device.keys.deviceKeys;
		const before = stored && canonicalJson(serveSigned(stored));
		// Same keys: keep the signatures gathered so far. New keys: signatures over the old ones mean nothing.
		const sameKeys = stored !== undefined && jsonEqual(stored.body, uploaded.body);
		if (sameKeys) addSignatures(stored.signatures, uploaded.signatures);
		else device.keys.deviceKeys = uploaded;
		return before !== canonicalJson(serveSigned(sameKeys ? stored : uploaded));
	}

	/** Always has `signed_curve25519`: a missing entry would read as 0 anyway (sync v2), but be explicit. */
	oneTimeKeyCounts(device: Device): Record<string, number> {
		const counts = new Map([[SIGNED_CURVE25519, 0]]);
		for (const keyId of device.keys.oneTimeKeys.keys()) {
			const algorithm = algorithmOf(keyId);
			counts.set(algorithm, (counts.get(algorithm) ?? 0) + 1);
		}
		return Object.fromEntries(counts);
	}

	unusedFallbackKeyTypes(device: Device): string[] {
		return [...device.keys.fallbackKeys].filter(([, key]) => !key.used).map(([algorithm]) => algorithm);
	}

	// --- /keys/query ---

	query(viewer: Device, body: JsonObject): JsonObject {
		const request = Object.entries(requireObject(body, 'device_keys')).map(
			([userId, ids]) => [requireUserId(userId), asStringArray(ids, `device_keys.${userId}`)] as const
		);
		optionalInteger(body, 'timeout', 0);

		const deviceKeys: [string, JsonObject][] = [];
		const masterKeys: [string, JsonObject][] = [];
		const selfSigningKeys: [string, JsonObject][] = [];
		const userSigningKeys: [string, JsonObject][] = [];
		for (const [userId, deviceIds] of request) {
			const user = this.accounts.user(userId);
			if (!user) {
				deviceKeys.push([userId, {}]);
				continue;
			}
			const realm = keyRealmFor(this.compromise(), viewer, userId);
			const wanted = deviceIds.length > 0 ? new Set(deviceIds) : undefined;
			const devices = [...user.devices[realm].values()].filter(
				(d) => d.keys.deviceKeys && (!wanted || wanted.has(d.deviceId))
			);
			deviceKeys.push([userId, Object.fromEntries(devices.map((d) => [d.deviceId, serveDeviceKeys(d)]))]);

			const { master, selfSigning, userSigning } = user.identities[realm];
			if (master) masterKeys.push([userId, serveSigned(master, [this.signaturesBy(viewer, userId, master)])]);
			if (selfSigning) selfSigningKeys.push([userId, serveSigned(selfSigning)]);
			if (userSigning && userId === viewer.userId) userSigningKeys.push([userId, serveSigned(userSigning)]);
		}
		return {
			device_keys: Object.fromEntries(deviceKeys),
			master_keys: Object.fromEntries(masterKeys),
			self_signing_keys: Object.fromEntries(selfSigningKeys),
			user_signing_keys: Object.fromEntries(userSigningKeys),
			failures: {}
		};
	}

	/** The signatures the viewer's user (in the viewer's realm) made on `target`'s master key. */
	private signaturesBy(viewer: Device, target: string, master: CrossSigningKey): SignatureMap | undefined {
		return this.accounts
			.user(viewer.userId)
			?.foreignSignatures[viewer.realm].get(target)
			?.get(master.publicKey);
	}

	// --- /keys/claim ---

	claim(claimer: Device, body: JsonObject): JsonObject {
		const request = objectEntries(requireObject(body, 'one_time_keys'), 'one_time_keys').map(
			([userId, byDevice]) => {
				requireUserId(userId);
				return [
					userId,
					Object.keys(byDevice).map((id) => [id, requireString(byDevice, id)] as const)
				] as const;
			}
		);
		optionalInteger(body, 'timeout', 0);

		const result: [string, JsonObject][] = [];
		for (const [userId, wanted] of request) {
			const realm = keyRealmFor(this.compromise(), claimer, userId);
			const claimed: [string, JsonObject][] = [];
			for (const [deviceId, algorithm] of wanted) {
				const device = this.accounts.device(userId, realm, deviceId);
				const key = device && takeKey(device, algorithm);
				if (key) claimed.push([deviceId, Object.fromEntries([key])]);
			}
			if (claimed.length > 0) result.push([userId, Object.fromEntries(claimed)]);
		}
		return { one_time_keys: Object.fromEntries(result), failures: {} };
	}

	// --- /keys/device_signing/upload ---

	uploadSigningKeys(device: Device, body: JsonObject): JsonObject {
		optionalObject(body, 'auth'); // no user-interactive auth in the sim, but it must be well-formed
		const incoming = CROSS_SIGNING_FIELDS.flatMap(({ field, role, usage }) => {
			const json = optionalObject(body, field);
			return json ? [{ role, key: parseCrossSigningKey(device.userId, json, usage, field) }] : [];
		});
		const identity = this.accounts.requireUser(device.userId).identities[device.realm];
		if (incoming.length > 0 && !identity.master && !incoming.some((i) => i.role === 'master')) {
			throw invalidParam('Upload a master key before the other cross-signing keys.');
		}

		for (const { role, key } of incoming) {
			const old = identity[role];
			if (old?.publicKey === key.publicKey) {
				old.body = key.body;
				addSignatures(old.signatures, key.signatures);
				continue;
			}
			identity[role] = key;
			// A new master key is an identity reset: what others signed was the old key.
			if (role === 'master' && old) this.dropSignaturesOn(device.userId, old.publicKey);
		}
		if (incoming.length > 0) this.deviceLists.keysChanged(device.userId);
		return {};
	}

	private dropSignaturesOn(target: string, publicKey: string): void {
		for (const signer of this.accounts.users()) {
			for (const realm of REALMS) signer.foreignSignatures[realm].get(target)?.delete(publicKey);
		}
	}

	// --- /keys/signatures/upload ---

	uploadSignatures(signer: Device, body: JsonObject): JsonObject {
		const uploads = objectEntries(body, 'request body').flatMap(([userId, byKey]) =>
			objectEntries(byKey, userId).map(([keyId, json]): SignatureUpload => ({
				userId,
				keyId,
				keys: own(json, 'keys') ?? null,
				// Only the uploader's own signatures count: nobody signs on someone else's behalf.
				signatures: new Map(
					[...parseSignatures(own(json, 'signatures'), `${userId}.${keyId}`)].filter(
						([u]) => u === signer.userId
					)
				)
			}))
		);

		const failures: [string, string, Failure][] = [];
		let ownKeysChanged = false;
		for (const upload of uploads) {
			const checked = this.signatureTarget(signer, upload);
			if ('failure' in checked) {
				failures.push([upload.userId, upload.keyId, checked.failure]);
			} else if (upload.userId === signer.userId) {
				addSignatures(checked.target.signatures, upload.signatures);
				ownKeysChanged = true;
			} else {
				// Kept apart, per signer: only the signer will be shown this signature.
				this.storeForeignSignature(signer, upload.userId, upload.keyId, upload.signatures);
				this.deviceLists.signedByOther(signer.userId, upload.userId);
			}
		}
		if (ownKeysChanged) this.deviceLists.keysChanged(signer.userId);
		return { failures: nest(failures) };
	}

	/** The stored object a signature upload is for, or why it cannot be stored. */
	private signatureTarget(
		signer: Device,
		upload: SignatureUpload
	): { target: SignedObject } | { failure: Failure } {
		const target =
			upload.userId === signer.userId
				? this.ownSignable(signer, upload.keyId)
				: this.foreignMasterKey(signer, upload.userId, upload.keyId);
		if (!target) return { failure: notSignable(upload) };
		const failure = signatureMismatch(upload, target, signer.userId);
		return failure ? { failure } : { target };
	}

	/** One of the signer's own devices (by id) or cross-signing keys (by public key), in the signer's realm. */
	private ownSignable(signer: Device, keyId: string): SignedObject | undefined {
		const device = this.accounts.device(signer.userId, signer.realm, keyId);
		if (device?.keys.deviceKeys) return device.keys.deviceKeys;
		const identity = this.accounts.user(signer.userId)?.identities[signer.realm] ?? {};
		return Object.values(identity).find((key) => key.publicKey === keyId);
	}

	/** Another user's master key as the signer is shown it (so a victim signs the attacker's key). */
	private foreignMasterKey(signer: Device, userId: string, publicKey: string): CrossSigningKey | undefined {
		const realm = keyRealmFor(this.compromise(), signer, userId);
		const master = this.accounts.user(userId)?.identities[realm].master;
		return master?.publicKey === publicKey ? master : undefined;
	}

	private storeForeignSignature(
		signer: Device,
		target: string,
		publicKey: string,
		signatures: SignatureMap
	): void {
		const byTarget = this.accounts.requireUser(signer.userId).foreignSignatures[signer.realm];
		let byKey = byTarget.get(target);
		if (!byKey) byTarget.set(target, (byKey = new Map()));
		let stored = byKey.get(publicKey);
		if (!stored) byKey.set(publicKey, (stored = new Map()));
		addSignatures(stored, signatures);
	}
}

// --- helpers ---

interface SignatureUpload {
	userId: string;
	keyId: string;
	keys: JsonValue;
	signatures: SignatureMap;
}

const notSignable = (upload: SignatureUpload): Failure => ({
	errcode: 'M_NOT_FOUND',
	error: `No key ${upload.keyId} of ${upload.userId} that you can sign.`
});

/** Why a signature upload does not fit the key it names, if it does not. */
function signatureMismatch(
	upload: SignatureUpload,
	target: SignedObject,
	signer: string
): Failure | undefined {
	if (!jsonEqual(upload.keys, own(target.body, 'keys') ?? null)) {
		return { errcode: 'M_INVALID_SIGNATURE', error: 'The signed object does not match the stored key.' };
	}
	if (upload.signatures.size === 0)
		return { errcode: 'M_INVALID_SIGNATURE', error: `No signature by ${signer}.` };
	return undefined;
}

const algorithmOf = (keyId: string): string => keyId.slice(0, keyId.indexOf(':'));

function serveDeviceKeys(device: Device): JsonObject {
	if (!device.keys.deviceKeys) return {};
	return serveSigned(device.keys.deviceKeys, [], { unsigned: { device_display_name: device.displayName } });
}

/** Takes a one-time key of `algorithm`, or else hands out (and marks used) the fallback key, which stays. */
function takeKey(device: Device, algorithm: string): [string, JsonValue] | undefined {
	for (const [keyId, key] of device.keys.oneTimeKeys) {
		if (algorithmOf(keyId) !== algorithm) continue;
		device.keys.oneTimeKeys.delete(keyId);
		return [keyId, key];
	}
	const fallback = device.keys.fallbackKeys.get(algorithm);
	if (!fallback) return undefined;
	fallback.used = true;
	return [fallback.keyId, fallback.key];
}

function parseDeviceKeys(device: Device, json: JsonObject): SignedObject {
	if (own(json, 'user_id') !== device.userId || own(json, 'device_id') !== device.deviceId) {
		throw invalidParam('device_keys must be for the device making the request (user_id and device_id).');
	}
	const keys = asObject(own(json, 'keys'), 'device_keys.keys');
	if (Object.values(keys).some((k) => typeof k !== 'string'))
		throw badJson('device_keys.keys must map to strings.');
	if (!optionalStringArray(json, 'algorithms'))
		throw badJson('device_keys.algorithms must be an array of strings.');
	return toSignedObject(json, 'device_keys');
}

function parseCrossSigningKey(
	userId: string,
	json: JsonObject,
	usage: string,
	field: string
): CrossSigningKey {
	if (own(json, 'user_id') !== userId) throw invalidParam(`${field}.user_id must be your own user id.`);
	if (!optionalStringArray(json, 'usage')?.includes(usage))
		throw invalidParam(`${field}.usage must include ${usage}.`);
	const keys = Object.values(asObject(own(json, 'keys'), `${field}.keys`));
	const [publicKey] = keys;
	if (keys.length !== 1 || typeof publicKey !== 'string')
		throw invalidParam(`${field}.keys must hold exactly one key.`);
	return { ...toSignedObject(json, field), publicKey };
}

/** `{"algorithm:id": key}` where a key is a string (unsigned) or an object (signed). */
function parseKeyMap(json: JsonObject | undefined, what: string): [string, JsonValue][] {
	return Object.entries(json ?? {}).map(([keyId, key]) => {
		if (!/^[^:]+:./.test(keyId))
			throw invalidParam(`${what}: key ids look like "algorithm:id", not ${keyId}.`);
		if (typeof key !== 'string' && !isJsonObject(key))
			throw badJson(`${what}.${keyId} must be a string or object.`);
		return [keyId, key];
	});
}

/** `[[a, b, v]…]` → `{a: {b: v}}`. */
function nest(entries: [string, string, JsonObject][]): JsonObject {
	const outer = new Map<string, [string, JsonObject][]>();
	for (const [a, b, value] of entries) {
		const inner = outer.get(a) ?? [];
		inner.push([b, value]);
		outer.set(a, inner);
	}
	return Object.fromEntries([...outer].map(([a, inner]) => [a, Object.fromEntries(inner)]));
}
