/**
 * The library's decryption errors, read as the notices Element shows (matrix-js-sdk's mapping: a withheld code
 * first, then the error code). The end-to-end behaviour, with real keys, is in world/invisible-crypto.test.ts.
 */
import { CollectStrategy, DecryptionErrorCode, TrustRequirement } from '@matrix-org/matrix-sdk-crypto-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from './crypto';
import { refusedForTrust, roomDecryptionSettings, sharingStrategy, unableToDecrypt } from './isolation';

beforeAll(() => initCrypto());

/** What a `MegolmDecryptionError` carries, as plain data. */
const err = (code: DecryptionErrorCode, withheldCode?: string) => ({
	code,
	description: 'd',
	...(withheldCode ? { withheldCode } : {})
});

describe('unableToDecrypt', () => {
	it('names the reason of each refusal for trust', () => {
		expect(unableToDecrypt(err(DecryptionErrorCode.UnsignedSenderDevice))).toEqual({
			code: String(DecryptionErrorCode.UnsignedSenderDevice),
			message: 'd',
			reason: 'insecure-device'
		});
		expect(unableToDecrypt(err(DecryptionErrorCode.UnknownSenderDevice)).reason).toBe('unknown-device');
		expect(unableToDecrypt(err(DecryptionErrorCode.SenderIdentityVerificationViolation)).reason).toBe(
			'sender-identity-reset'
		);
	});

	it('a withheld key says why it is missing: m.unverified is "blocked", any other code "withheld"', () => {
		expect(unableToDecrypt(err(DecryptionErrorCode.MissingRoomKey, 'm.unverified'))).toMatchObject({
			reason: 'blocked-unverified-device',
			withheldCode: 'm.unverified'
		});
		expect(unableToDecrypt(err(DecryptionErrorCode.MissingRoomKey, 'm.unavailable'))).toMatchObject({
			reason: 'withheld',
			withheldCode: 'm.unavailable'
		});
		expect(unableToDecrypt(err(DecryptionErrorCode.MissingRoomKey)).reason).toBe('missing-key');
		expect(unableToDecrypt(err(DecryptionErrorCode.UnknownMessageIndex)).reason).toBe('missing-key');
	});

	it('anything else is "other", a plain Error included', () => {
		expect(unableToDecrypt(err(DecryptionErrorCode.MismatchedSender)).reason).toBe('other');
		expect(unableToDecrypt(new Error('boom'))).toEqual({ code: 'unknown', message: 'boom', reason: 'other' });
	});

	it('only refusals for the sender’s device are worth a retry when trust changes', () => {
		expect(refusedForTrust(unableToDecrypt(err(DecryptionErrorCode.UnsignedSenderDevice)))).toBe(true);
		expect(refusedForTrust(unableToDecrypt(err(DecryptionErrorCode.MissingRoomKey)))).toBe(false);
		expect(refusedForTrust(undefined)).toBe(false);
	});
});

describe('the library settings', () => {
	it('off: the default sharing and no trust requirement; on: identity-based sharing, cross-signed senders', () => {
		expect(sharingStrategy({ excludeInsecureDevices: false })).toBeUndefined();
		expect(
			sharingStrategy({ excludeInsecureDevices: true })?.eq(CollectStrategy.identityBasedStrategy())
		).toBe(true);
		expect(roomDecryptionSettings({ excludeInsecureDevices: false }).sender_device_trust_requirement).toBe(
			TrustRequirement.Untrusted
		);
		expect(roomDecryptionSettings({ excludeInsecureDevices: true }).sender_device_trust_requirement).toBe(
			TrustRequirement.CrossSignedOrLegacy
		);
	});
});
