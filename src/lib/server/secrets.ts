/**
 * Secrets of the classroom: the workshop code learners type, random tokens, and password hashes (scrypt from
 * Node's own crypto, so no dependency). Node only.
 */
import { createHash, createHmac, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Letters and digits nobody confuses when read aloud or off a projector (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A short workshop code, e.g. `KM7-QTX`: 6 characters of 25, about 2.4 × 10⁸ codes. */
export function newWorkshopCode(): string {
	const chars = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
	return `${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`;
}

/** What a learner typed, the way the code is compared: upper case, without spaces and dashes. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

/** Compares two codes as learners type them, in constant time for equal lengths. */
export function codesMatch(typed: string, code: string): boolean {
	const a = Buffer.from(normaliseCode(typed));
	const b = Buffer.from(normaliseCode(code));
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares a presented secret with the stored one without telling, by timing, how much of it was right. */
export function secretsMatch(presented: string, stored: string): boolean {
	const a = createHash('sha256').update(presented).digest();
	const b = createHash('sha256').update(stored).digest();
	return timingSafeEqual(a, b);
}

/** A random secret for links and tokens (URL-safe, 32 bytes). */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * A stored password: `scrypt$salt$hash`, both base64url. scrypt runs in libuv's thread pool, so hashing (some 50 ms)
 * never blocks the server's other requests.
 */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	return `scrypt$${salt.toString('base64url')}$${(await scryptAsync(password, salt, 32)).toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [kind, salt, hash] = stored.split('$');
	if (kind !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
	return timingSafeEqual(actual, expected);
}

/**
 * What the homeserver core issues as an access token: a keyed hash of the token its seeded generator made. The
 * generator is predictable (its state shows through every room and device id); the hash is not, without `key`, and
 * stays deterministic, so a replayed journal issues the same tokens again.
 */
export function tokenHardener(key: string): (token: string) => string {
	return (token) => `syt_${createHmac('sha256', key).update(token).digest('base64url')}`;
}
