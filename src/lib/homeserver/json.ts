/**
 * JSON values as the server sees them. A real server receives JSON text; this one receives JS values from the same
 * process, so it first turns them into a private, validated JSON copy (`toJson`) and hands out copies again
 * (`cloneJson`): nothing a caller does with its objects afterwards can reach the server's store.
 *
 * Objects keyed by client-supplied strings are always built with `Object.fromEntries` (which defines own properties)
 * and read with `own()`: a key such as `__proto__` or `constructor` is then just a key.
 */
import { notJson } from './errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
	[key: string]: JsonValue;
}

/** Deeper nesting than any Matrix body needs; stops pathological inputs early. */
export const MAX_JSON_DEPTH = 64;

export function isJsonObject(value: unknown): value is JsonObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const proto: unknown = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

/** Reads an own property only (never one inherited from `Object.prototype`). */
export function own(obj: JsonObject, key: string): JsonValue | undefined {
	return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * A validated deep copy of `value` as JSON, or a 400 M_NOT_JSON. Object properties that are `undefined` are dropped
 * (as `JSON.stringify` would); anything else that JSON cannot carry (functions, NaN, class instances, cycles,
 * `undefined` in an array) is refused.
 */
export function toJson(value: unknown): JsonValue {
	return copy(value, 0, new Set());
}

function copy(value: unknown, depth: number, path: Set<object>): JsonValue {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw notJson('Numbers must be finite.');
		return value === 0 ? 0 : value; // -0 is not JSON
	}
	if (typeof value !== 'object') throw notJson(`A ${typeof value} is not JSON.`);
	if (depth >= MAX_JSON_DEPTH) throw notJson('JSON nested too deeply.');
	if (path.has(value)) throw notJson('JSON cannot contain cycles.');
	path.add(value);
	try {
		if (Array.isArray(value)) {
			const out: JsonValue[] = [];
			for (let i = 0; i < value.length; i++) {
				const item: unknown = value[i];
				if (item === undefined) throw notJson('Arrays cannot contain undefined.');
				out.push(copy(item, depth + 1, path));
			}
			return out;
		}
		if (!isJsonObject(value)) throw notJson('Only plain objects are JSON.');
		const entries: [string, JsonValue][] = [];
		for (const [key, item] of Object.entries(value)) {
			if (item !== undefined) entries.push([key, copy(item, depth + 1, path)]);
		}
		return Object.fromEntries(entries);
	} finally {
		path.delete(value);
	}
}

/** Copies a value the server already holds as JSON (what every response goes through). */
export function cloneJson<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON with sorted keys, so that equal values compare equal as strings. */
export function canonicalJson(value: JsonValue): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const keys = Object.keys(value).sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export const jsonEqual = (a: JsonValue, b: JsonValue): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * The spec's size limit of an event (65,536 bytes of JSON). The server holds every piece of content a client makes
 * it store and serve as an event to it: room events, account data, to-device messages.
 */
export const MAX_EVENT_BYTES = 65_536;

const utf8 = new TextEncoder();

/** The UTF-8 size of a value's JSON. */
export const jsonBytes = (value: JsonValue): number => utf8.encode(JSON.stringify(value)).length;
