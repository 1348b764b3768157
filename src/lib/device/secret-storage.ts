/**
 * Secret storage (m.secret_storage.v1.aes-hmac-sha2): secrets such as the cross-signing private keys, kept on the
 * server in account data, encrypted under the Security Key. HKDF-SHA-256 (zero salt, the secret's name as info)
 * gives an AES-CTR key and an HMAC-SHA-256 key; the MAC covers the ciphertext. WebCrypto only (worker and Node).
 */

export const SECRET_STORAGE_ALGORITHM = 'm.secret_storage.v1.aes-hmac-sha2';

export interface EncryptedSecret {
	iv: string;
	ciphertext: string;
	mac: string;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function deriveKeys(
	key: Uint8Array<ArrayBuffer>,
	name: string
): Promise<{ aes: CryptoKey; hmac: CryptoKey }> {
	const base = await crypto.subtle.importKey('raw', key, 'HKDF', false, ['deriveBits']);
	const bits = new Uint8Array(
		await crypto.subtle.deriveBits(
			{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(name) },
			base,
			512
		)
	);
	const aes = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-CTR', false, [
		'encrypt',
		'decrypt'
	]);
	const hmac = await crypto.subtle.importKey(
		'raw',
		bits.slice(32),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign', 'verify']
	);
	return { aes, hmac };
}

async function encryptBytes(
	plain: Uint8Array<ArrayBuffer>,
	key: Uint8Array<ArrayBuffer>,
	name: string
): Promise<EncryptedSecret> {
	const { aes, hmac } = await deriveKeys(key, name);
	const iv = crypto.getRandomValues(new Uint8Array(16));
	iv[8]! &= 0x7f; // as the spec asks, so the counter cannot wrap
	const ciphertext = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, aes, plain)
	);
	const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, ciphertext));
	return { iv: b64(iv), ciphertext: b64(ciphertext), mac: b64(mac) };
}

export function encryptSecret(
	secret: string,
	key: Uint8Array<ArrayBuffer>,
	name: string
): Promise<EncryptedSecret> {
	return encryptBytes(new TextEncoder().encode(secret), key, name);
}

/** Decrypts a secret; throws when the key is not the one it was stored under (the MAC does not match). */
export async function decryptSecret(
	stored: EncryptedSecret,
	key: Uint8Array<ArrayBuffer>,
	name: string
): Promise<string> {
	const { aes, hmac } = await deriveKeys(key, name);
	const ciphertext = unb64(stored.ciphertext);
	if (!(await crypto.subtle.verify('HMAC', hmac, unb64(stored.mac), ciphertext))) {
		throw new Error(`The Security Key does not open the stored secret ${name}.`);
	}
	const plain = await crypto.subtle.decrypt(
		{ name: 'AES-CTR', counter: unb64(stored.iv), length: 64 },
		aes,
		ciphertext
	);
	return new TextDecoder().decode(plain);
}

/** The key description's check value: 32 zero bytes encrypted under the key with an empty name. */
export async function keyCheck(key: Uint8Array<ArrayBuffer>): Promise<{ iv: string; mac: string }> {
	const { iv, mac } = await encryptBytes(new Uint8Array(32), key, '');
	return { iv, mac };
}
