/**
 * "Exclude insecure devices" (MSC4153, invisible crypto), as Element's setting asks the crypto library to enforce it:
 * room keys go only to devices their owner has cross-signed (`CollectStrategy.identityBasedStrategy()`), and the
 * library refuses to decrypt what an insecure device sent (`TrustRequirement.CrossSignedOrLegacy`, the requirement
 * matrix-js-sdk uses for its "only signed devices" isolation mode). Off, everything is as before.
 */
import {
	CollectStrategy,
	DecryptionErrorCode,
	DecryptionSettings,
	TrustRequirement
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { UnableToDecrypt, UtdReason } from './types';

/** The device's setting, shared by reference between its encryptor and decryptor. */
export interface DeviceIsolation {
	excludeInsecureDevices: boolean;
}

/** Who gets the room key: only cross-signed devices when insecure ones are excluded; else the library's default. */
export function sharingStrategy(isolation: DeviceIsolation): CollectStrategy | undefined {
	return isolation.excludeInsecureDevices ? CollectStrategy.identityBasedStrategy() : undefined;
}

/** How much the sender's device must be trusted for the library to decrypt a room event. */
export function roomDecryptionSettings(isolation: DeviceIsolation): DecryptionSettings {
	return new DecryptionSettings(
		isolation.excludeInsecureDevices ? TrustRequirement.CrossSignedOrLegacy : TrustRequirement.Untrusted
	);
}

/** The withheld code the library reports for a key held back from an unverified device. */
const WITHHELD_UNVERIFIED = 'm.unverified';

const REASONS: Partial<Record<DecryptionErrorCode, UtdReason>> = {
	[DecryptionErrorCode.MissingRoomKey]: 'missing-key',
	[DecryptionErrorCode.UnknownMessageIndex]: 'missing-key',
	[DecryptionErrorCode.UnsignedSenderDevice]: 'insecure-device',
	[DecryptionErrorCode.UnknownSenderDevice]: 'unknown-device',
	[DecryptionErrorCode.SenderIdentityVerificationViolation]: 'sender-identity-reset'
};

/**
 * Why the library could not decrypt, from its `MegolmDecryptionError`. A withheld code comes first, as in
 * matrix-js-sdk: the key is missing *because* the sender held it back.
 */
export function unableToDecrypt(e: unknown): UnableToDecrypt {
	const err = e as { code?: number; description?: string; message?: string; withheldCode?: string };
	const withheldCode = typeof err.withheldCode === 'string' ? err.withheldCode : undefined;
	const reason: UtdReason = withheldCode
		? withheldCode === WITHHELD_UNVERIFIED
			? 'blocked-unverified-device'
			: 'withheld'
		: ((err.code !== undefined ? REASONS[err.code as DecryptionErrorCode] : undefined) ?? 'other');
	return {
		code: err.code !== undefined ? String(err.code) : 'unknown',
		message: err.description ?? err.message ?? String(e),
		reason,
		...(withheldCode ? { withheldCode } : {})
	};
}

/** The library refused the sender's device (not a missing key): trust may change, so it is worth another try. */
export function refusedForTrust(utd: UnableToDecrypt | undefined): boolean {
	return (
		utd?.reason === 'insecure-device' ||
		utd?.reason === 'unknown-device' ||
		utd?.reason === 'sender-identity-reset'
	);
}
