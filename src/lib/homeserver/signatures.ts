/**
 * Signed JSON objects as the key store keeps them: the body apart from its signatures, so that signatures from
 * later uploads can be added and each viewer served the signatures it may see. The server never checks a signature
 * (it has no crypto); clients do.
 */
import { badJson } from './errors';
import { isJsonObject, own, type JsonObject, type JsonValue } from './json';
import type { SignatureMap, SignedObject } from './model';

/** Parses a `signatures` field: `{userId: {keyId: signature}}`; absent is empty. */
export function parseSignatures(value: JsonValue | undefined, what: string): SignatureMap {
	const signatures: SignatureMap = new Map();
	if (value === undefined) return signatures;
	if (!isJsonObject(value)) throw badJson(`${what}.signatures must be an object.`);
	for (const [userId, byKey] of Object.entries(value)) {
		if (!isJsonObject(byKey)) throw badJson(`${what}.signatures.${userId} must be an object.`);
		const keys = new Map<string, string>();
		for (const [keyId, signature] of Object.entries(byKey)) {
			if (typeof signature !== 'string') throw badJson(`Signatures in ${what} must be strings.`);
			keys.set(keyId, signature);
		}
		signatures.set(userId, keys);
	}
	return signatures;
}

/** Splits an uploaded object into body and signatures (`unsigned` is the server's to fill, so it is dropped). */
export function toSignedObject(json: JsonObject, what: string): SignedObject {
	const signatures = parseSignatures(own(json, 'signatures'), what);
	const body = Object.fromEntries(
		Object.entries(json).filter(([k]) => k !== 'signatures' && k !== 'unsigned')
	);
	return { body, signatures };
}

/** Adds the signatures of `from` (only those by `onlyBy`, when given) to `into`. */
export function addSignatures(into: SignatureMap, from: SignatureMap, onlyBy?: string): void {
	for (const [userId, keys] of from) {
		if (onlyBy !== undefined && userId !== onlyBy) continue;
		let target = into.get(userId);
		if (!target) into.set(userId, (target = new Map()));
		for (const [keyId, signature] of keys) target.set(keyId, signature);
	}
}

/** The object as served: its body with its own signatures plus any `extra` ones the viewer may see. */
export function serveSigned(
	object: SignedObject,
	extra: readonly (SignatureMap | undefined)[] = [],
	fields: JsonObject = {}
): JsonObject {
	const all: SignatureMap = new Map();
	for (const map of [object.signatures, ...extra]) if (map) addSignatures(all, map);
	const signatures = Object.fromEntries([...all].map(([userId, keys]) => [userId, Object.fromEntries(keys)]));
	return { ...object.body, ...fields, signatures };
}
