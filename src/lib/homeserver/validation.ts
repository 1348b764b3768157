/**
 * Readers for request fields. Each returns the typed value or throws the Matrix error a client should see:
 * a missing required field is M_MISSING_PARAM, a field of the wrong JSON type is M_BAD_JSON, a well-typed but
 * unacceptable value (a malformed user id, say) is M_INVALID_PARAM.
 */
import { badJson, invalidParam, missingParam } from './errors';
import { isJsonObject, own, type JsonObject, type JsonValue } from './json';

function present(obj: JsonObject, key: string): JsonValue | undefined {
	const value = own(obj, key);
	return value === null ? undefined : value;
}

function required<T>(obj: JsonObject, key: string, read: (o: JsonObject, k: string) => T | undefined): T {
	const value = read(obj, key);
	if (value === undefined) throw missingParam(`Missing '${key}'.`);
	return value;
}

export function optionalString(obj: JsonObject, key: string): string | undefined {
	const value = present(obj, key);
	if (value !== undefined && typeof value !== 'string') throw badJson(`'${key}' must be a string.`);
	return value;
}

export const requireString = (obj: JsonObject, key: string): string => required(obj, key, optionalString);

export function optionalBoolean(obj: JsonObject, key: string): boolean | undefined {
	const value = present(obj, key);
	if (value !== undefined && typeof value !== 'boolean') throw badJson(`'${key}' must be a boolean.`);
	return value;
}

export const requireBoolean = (obj: JsonObject, key: string): boolean => required(obj, key, optionalBoolean);

export function optionalInteger(
	obj: JsonObject,
	key: string,
	min = Number.MIN_SAFE_INTEGER
): number | undefined {
	const value = present(obj, key);
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isSafeInteger(value))
		throw badJson(`'${key}' must be an integer.`);
	if (value < min) throw invalidParam(`'${key}' must be at least ${min}.`);
	return value;
}

export const requireInteger = (obj: JsonObject, key: string, min?: number): number =>
	required(obj, key, (o, k) => optionalInteger(o, k, min));

export function optionalObject(obj: JsonObject, key: string): JsonObject | undefined {
	const value = present(obj, key);
	if (value !== undefined && !isJsonObject(value)) throw badJson(`'${key}' must be an object.`);
	return value;
}

export const requireObject = (obj: JsonObject, key: string): JsonObject => required(obj, key, optionalObject);

export function optionalArray(obj: JsonObject, key: string): JsonValue[] | undefined {
	const value = present(obj, key);
	if (value !== undefined && !Array.isArray(value)) throw badJson(`'${key}' must be an array.`);
	return value;
}

export function optionalStringArray(obj: JsonObject, key: string): string[] | undefined {
	const value = present(obj, key);
	return value === undefined ? undefined : asStringArray(value, `'${key}'`);
}

export function asStringArray(value: JsonValue | undefined, what: string): string[] {
	if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
		throw badJson(`${what} must be an array of strings.`);
	}
	return value as string[];
}

/** `value` as an object, or M_BAD_JSON naming `what`. */
export function asObject(value: JsonValue | undefined, what: string): JsonObject {
	if (!isJsonObject(value)) throw badJson(`${what} must be an object.`);
	return value;
}

/** The entries of an object whose values must all be objects (`{userId: {deviceId: …}}` and the like). */
export function objectEntries(value: JsonValue | undefined, what: string): [string, JsonObject][] {
	return Object.entries(asObject(value, what)).map(([key, item]) => [key, asObject(item, `${what}.${key}`)]);
}

// Identifiers. Loose on purpose (the grammar of the spec's appendix, minus length corner cases).
const USER_ID = /^@[^:\s]+:[^\s]+$/;
const ROOM_ID = /^![^:\s]+:[^\s]+$/;

export const isUserId = (s: string): boolean => s.length <= 255 && USER_ID.test(s);
export const isRoomId = (s: string): boolean => s.length <= 255 && ROOM_ID.test(s);

export function requireUserId(s: string, what = 'user id'): string {
	if (!isUserId(s)) throw invalidParam(`Invalid ${what}: ${JSON.stringify(s)}.`);
	return s;
}

/** An integer query parameter within [min, max], or undefined when absent. */
export function queryInteger(
	query: ReadonlyMap<string, string>,
	name: string,
	min: number,
	max = Number.MAX_SAFE_INTEGER
): number | undefined {
	const raw = query.get(name);
	if (raw === undefined) return undefined;
	const value = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
	if (!(value >= min && value <= max))
		throw invalidParam(`Query parameter '${name}' must be an integer in ${min}..${max}.`);
	return value;
}

/** A query parameter that must be one of `allowed`, or undefined when absent. */
export function queryEnum<T extends string>(
	query: ReadonlyMap<string, string>,
	name: string,
	allowed: readonly T[]
): T | undefined {
	const raw = query.get(name);
	if (raw === undefined) return undefined;
	if (!(allowed as readonly string[]).includes(raw))
		throw invalidParam(`Query parameter '${name}' must be one of ${allowed.join(', ')}.`);
	return raw as T;
}

/** A body field that must be one of `allowed`, or undefined when absent. */
export function optionalEnum<T extends string>(
	obj: JsonObject,
	key: string,
	allowed: readonly T[]
): T | undefined {
	const value = optionalString(obj, key);
	if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
		throw invalidParam(`'${key}' must be one of ${allowed.join(', ')}.`);
	}
	return value as T | undefined;
}
