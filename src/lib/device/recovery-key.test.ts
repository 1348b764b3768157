import { describe, expect, it } from 'vitest';
import { BackupDecryptionKey, initAsync } from '@matrix-org/matrix-sdk-crypto-wasm';
import { decodeRecoveryKey, encodeRecoveryKey, RecoveryKeyError } from './recovery-key';

describe('recovery key encoding', () => {
	it('round-trips real backup keys as 48 base58 characters in groups of 4', async () => {
		await initAsync();
		for (let i = 0; i < 20; i++) {
			const key = BackupDecryptionKey.createRandomKey();
			const shown = encodeRecoveryKey(key.toBase64());
			expect(shown).toMatch(/^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/);
			const back = BackupDecryptionKey.fromBase64(decodeRecoveryKey(shown));
			expect(back.megolmV1PublicKey.publicKeyBase64).toBe(key.megolmV1PublicKey.publicKeyBase64);
			expect(decodeRecoveryKey(shown.replace(/ /g, '\n'))).toBe(decodeRecoveryKey(shown));
			key.free();
			back.free();
		}
	});

	it('starts with "Es" like every Matrix recovery key', async () => {
		await initAsync();
		expect(encodeRecoveryKey(BackupDecryptionKey.createRandomKey().toBase64())).toMatch(/^Es/);
	});

	it('says what is wrong with a mistyped key', async () => {
		await initAsync();
		// A fixed key: the parity byte catches a changed character only in 255 of 256 keys (a base58 character
		// spreads over several bytes), so with a random key this test failed now and then.
		const fixed = BackupDecryptionKey.fromBase64(
			btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256))).replace(
				/=+$/,
				''
			)
		);
		const shown = encodeRecoveryKey(fixed.toBase64());
		fixed.free();
		const reason = (text: string) => {
			try {
				decodeRecoveryKey(text);
				return 'ok';
			} catch (e) {
				expect(e).toBeInstanceOf(RecoveryKeyError);
				return (e as RecoveryKeyError).reason;
			}
		};
		expect(reason('')).toBe('invalid-length');
		expect(reason(shown.slice(0, 20))).toBe('invalid-length');
		expect(reason(shown.replace(/^./, '0'))).toBe('invalid-characters');
		expect(reason(shown + ' abcd')).toBe('invalid-length');
		// Change one character in the middle: the parity byte catches it here (or the length changes).
		const i = 30;
		const swapped = shown.slice(0, i) + (shown[i] === 'a' ? 'b' : 'a') + shown.slice(i + 1);
		expect(['invalid-parity', 'invalid-length', 'invalid-prefix']).toContain(reason(swapped));
		expect(reason(shown)).toBe('ok');
	});
});
