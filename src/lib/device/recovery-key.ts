/**
 * Matrix recovery keys ("Security Key" in Element): the 32-byte backup decryption key, prefixed with 0x8B 0x01,
 * followed by a parity byte (XOR of all previous bytes), base58-encoded and shown in groups of four.
 * 35 bytes always encode to 48 base58 characters.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const PREFIX = [0x8b, 0x01] as const;
const KEY_LENGTH = 32;

export class RecoveryKeyError extends Error {
	constructor(
		readonly reason: 'invalid-characters' | 'invalid-length' | 'invalid-prefix' | 'invalid-parity',
		message: string
	) {
		super(message);
		this.name = 'RecoveryKeyError';
	}
}

function base58Encode(bytes: Uint8Array): string {
	let n = 0n;
	for (const b of bytes) n = (n << 8n) | BigInt(b);
	let out = '';
	while (n > 0n) {
		out = ALPHABET[Number(n % 58n)] + out;
		n /= 58n;
	}
	for (const b of bytes) {
		if (b !== 0) break;
		out = '1' + out;
	}
	return out;
}

function base58Decode(text: string): Uint8Array {
	let n = 0n;
	for (const ch of text) {
		const digit = ALPHABET.indexOf(ch);
		if (digit < 0) {
			throw new RecoveryKeyError('invalid-characters', `"${ch}" cannot appear in a Security Key.`);
		}
		n = n * 58n + BigInt(digit);
	}
	const bytes: number[] = [];
	while (n > 0n) {
		bytes.unshift(Number(n & 0xffn));
		n >>= 8n;
	}
	for (const ch of text) {
		if (ch !== '1') break;
		bytes.unshift(0);
	}
	return Uint8Array.from(bytes);
}

function base64ToBytes(b64: string): Uint8Array {
	const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64.length + 3) % 4));
	return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function bytesToBase64(bytes: Uint8Array): string {
	let bin = '';
	for (const b of bytes) bin += String.fromCharCode(b);
	// Unpadded, as the crypto library writes its keys.
	return btoa(bin).replace(/=+$/, '');
}

/** Turns the key's base64 form (as the crypto library exports it) into the shown recovery key. */
export function encodeRecoveryKey(keyBase64: string): string {
	const key = base64ToBytes(keyBase64);
	if (key.length !== KEY_LENGTH) throw new Error(`A backup key has ${KEY_LENGTH} bytes, not ${key.length}.`);
	const bytes = new Uint8Array(PREFIX.length + KEY_LENGTH + 1);
	bytes.set(PREFIX, 0);
	bytes.set(key, PREFIX.length);
	let parity = 0;
	for (let i = 0; i < bytes.length - 1; i++) parity ^= bytes[i]!;
	bytes[bytes.length - 1] = parity;
	return base58Encode(bytes)
		.match(/.{1,4}/g)!
		.join(' ');
}

/**
 * Reads a recovery key as a person may type it (spaces and line breaks anywhere) and returns the key in
 * base64. Throws a RecoveryKeyError that says what is wrong.
 */
export function decodeRecoveryKey(typed: string): string {
	const compact = typed.replace(/\s+/g, '');
	if (compact.length === 0) throw new RecoveryKeyError('invalid-length', 'The Security Key is empty.');
	const bytes = base58Decode(compact);
	if (bytes.length !== PREFIX.length + KEY_LENGTH + 1) {
		throw new RecoveryKeyError(
			'invalid-length',
			'This Security Key is too short or too long: it has 48 characters in groups of four.'
		);
	}
	if (bytes[0] !== PREFIX[0] || bytes[1] !== PREFIX[1]) {
		throw new RecoveryKeyError('invalid-prefix', 'This is not a Security Key.');
	}
	let parity = 0;
	for (const b of bytes) parity ^= b;
	if (parity !== 0) {
		throw new RecoveryKeyError(
			'invalid-parity',
			'This Security Key has a typo: its check digit does not match.'
		);
	}
	return bytesToBase64(bytes.slice(PREFIX.length, PREFIX.length + KEY_LENGTH));
}
