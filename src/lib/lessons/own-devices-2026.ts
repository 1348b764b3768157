/**
 * What the lessons of today's Element (2026 edition only) check on the learner's own devices: the recovery key and
 * how a new device confirmed the learner's digital identity. Predicates over the world's snapshot, nothing else.
 */
import { LEARNER_LAPTOP } from '../scenario/sandbox';
import type { DeviceSnapshot } from '../world/world';
import { backupComplete, laptopOf, phoneOf } from './own-devices';
import type { LessonView } from './types';

/** The account has a recovery key, and this device's key storage holds every room key it has. */
export function recoveryReady(device: DeviceSnapshot | undefined): boolean {
	return backupComplete(device) && !!device?.backup.recovery;
}

/**
 * The key storage was made anew under a new recovery key ("Change recovery key"): the server numbers key storage
 * versions from 1, so a later version is a storage made again, under the key the learner confirmed last.
 */
export function recoveryKeyChanged(device: DeviceSnapshot | undefined): boolean {
	return recoveryReady(device) && Number(device?.backup.version) > 1;
}

/** The Laptop finished a verification with one of the learner's other devices (emoji compared, "They match"). */
function laptopSelfVerified(v: LessonView): boolean {
	return !!laptopOf(v)?.verifications.some((f) => f.isSelfVerification && f.phase === 'done');
}

/** The Laptop is signed by the learner's identity, and the Phone sees it so. */
function laptopConfirmed(v: LessonView): boolean {
	return (
		!!laptopOf(v)?.crossSigning.deviceVerified &&
		!!phoneOf(v)?.own.devices.find((d) => d.deviceId === LEARNER_LAPTOP)?.signedByOwner
	);
}

/** "Use another device": the Laptop confirmed the digital identity by comparing emoji with the Phone. */
export function confirmedWithOtherDevice(v: LessonView): boolean {
	return laptopConfirmed(v) && laptopSelfVerified(v);
}

/**
 * "Use recovery key": the Laptop confirmed the digital identity with the recovery key alone: it holds the key of the
 * key storage and signed itself, with no verification with another device.
 */
export function confirmedWithRecoveryKey(v: LessonView): boolean {
	return laptopConfirmed(v) && !!laptopOf(v)?.backup.hasKey && !laptopSelfVerified(v);
}
