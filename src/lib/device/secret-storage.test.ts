import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, keyCheck } from './secret-storage';

const key = () => crypto.getRandomValues(new Uint8Array(32));

describe('secret storage (aes-hmac-sha2)', () => {
	it('round-trips a secret under its name and key', async () => {
		const k = key();
		const stored = await encryptSecret('c2VjcmV0IGtleSBieXRlcw', k, 'm.cross_signing.master');
		expect(stored.ciphertext).not.toContain('c2VjcmV0');
		expect(await decryptSecret(stored, k, 'm.cross_signing.master')).toBe('c2VjcmV0IGtleSBieXRlcw');
	});

	it('refuses another key or another name', async () => {
		const k = key();
		const stored = await encryptSecret('secret', k, 'm.cross_signing.master');
		await expect(decryptSecret(stored, key(), 'm.cross_signing.master')).rejects.toThrow(/does not open/);
		await expect(decryptSecret(stored, k, 'm.cross_signing.self_signing')).rejects.toThrow(/does not open/);
	});

	it('makes a key check with a 16-byte IV whose bit 63 is clear', async () => {
		const check = await keyCheck(key());
		const iv = Uint8Array.from(atob(check.iv), (c) => c.charCodeAt(0));
		expect(iv).toHaveLength(16);
		expect(iv[8]! & 0x80).toBe(0);
		expect(atob(check.mac)).toHaveLength(32);
	});
});
