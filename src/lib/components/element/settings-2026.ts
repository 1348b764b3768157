/**
 * The rules of today's Element (2026) for the user's encryption settings, its recovery flow and its setup toast, as
 * pure functions over the snapshot and what only the screen knows. The classic rules stay in `toasts.ts`.
 */
import type { DeviceSnapshot } from '$lib/world/world';

/** The user settings tabs of today's Element that the course shows ("Encryption" is new; sessions got a tab). */
export const userSettingsTabs2026 = ['general', 'encryption', 'security', 'sessions'] as const;
export type UserSettingsTab2026 = (typeof userSettingsTabs2026)[number];

type DeviceFacts = Pick<DeviceSnapshot, 'crossSigning' | 'backup' | 'own'>;

/**
 * The one setup toast today's Element shows for this device, checked in Element's order (its `DeviceListener`): the
 * device must be verified, hold its cross-signing keys, have key storage, have a recovery key, and hold the key of
 * the key storage.
 *
 * - `verifyThisDevice`: not verified, and the "Confirm your digital identity" screen was put off.
 * - `outOfSync` ("Your key storage is out of sync."): verified, but this device lacks the cross-signing keys (while
 *   the recovery key holds them) or the key of the key storage on the server.
 * - `identityNeedsReset`: verified, the cross-signing keys are missing here and no recovery key holds them.
 * - `turnOnKeyStorage`: a recovery key exists but there is no key storage, and it was not switched off on purpose.
 * - `backUpChats` ("Back up your chats"): no recovery key. In Element key storage is switched on by itself and this
 *   toast only asks for the recovery key; in the course "Get recovery key" makes both, so the toast also stands for
 *   missing key storage.
 */
export type SetupToast =
	'verifyThisDevice' | 'outOfSync' | 'identityNeedsReset' | 'turnOnKeyStorage' | 'backUpChats';

export interface SetupToastInput {
	device: DeviceFacts | undefined;
	/** Toasts put away ("Dismiss", "Later", ✕), by the toast's name. */
	dismissed: ReadonlySet<string>;
	/** The "Confirm your digital identity" screen was put off. */
	verifyLater: boolean;
}

export function setupToast2026({ device, dismissed, verifyLater }: SetupToastInput): SetupToast | undefined {
	const toast = setupState(device, verifyLater);
	return toast && !dismissed.has(toast) ? toast : undefined;
}

function setupState(device: DeviceFacts | undefined, verifyLater: boolean): SetupToast | undefined {
	if (!device?.own.hasIdentity) return undefined;
	const { crossSigning: cs, backup } = device;
	if (!cs.deviceVerified) return verifyLater ? 'verifyThisDevice' : undefined;
	if (!(cs.hasMaster && cs.hasSelfSigning && cs.hasUserSigning))
		return backup.recovery ? 'outOfSync' : 'identityNeedsReset';
	if (!backup.exists) {
		if (backup.keyStorageOff) return undefined;
		return backup.recovery ? 'turnOnKeyStorage' : 'backUpChats';
	}
	if (!backup.recovery) return 'backUpChats';
	if (!backup.hasKey) return 'outOfSync';
	return undefined;
}

/** What the "Backup" section of the Encryption tab offers. */
export type RecoveryPanel = 'getKey' | 'changeKey' | 'outOfSync';

export function recoveryPanel(device: DeviceFacts): RecoveryPanel {
	const toast = setupState(device, false);
	if (toast === 'outOfSync') return 'outOfSync';
	return device.backup.recovery ? 'changeKey' : 'getKey';
}

/** "Allow key storage" is on: the server has key storage and this device puts its keys into it. */
export function keyStorageOn(device: DeviceFacts): boolean {
	return device.backup.exists && device.backup.enabled;
}

/** What the Encryption tab shows: its sections, or one of the flows that replace them. */
export type EncryptionPage =
	| { kind: 'main' }
	/** "Get recovery key" (`change: false`) or "Change recovery key" (`change: true`). */
	| { kind: 'recovery'; change: boolean }
	/** Resetting the digital identity: from "Advanced", after "Forgot recovery key?", or on a device that can't confirm. */
	| { kind: 'reset'; reason: ResetReason }
	/** "Allow key storage" switched off: "Delete key storage"? */
	| { kind: 'deleteKeyStorage' }
	/** "Advanced" → "Export keys": a passphrase, twice, then the file. */
	| { kind: 'exportKeys' }
	/** "Advanced" → "Import keys": a key export file and its passphrase. */
	| { kind: 'importKeys' };

/** What is wrong with an export passphrase and its confirmation, as Element checks them: empty, or not the same. */
export function exportPassphraseProblem(
	passphrase: string,
	confirm: string
): 'empty' | 'mismatch' | undefined {
	if (passphrase === '') return 'empty';
	return passphrase === confirm ? undefined : 'mismatch';
}

/** What keeps "Import keys" from running or made it fail, in words the learner can act on. */
export type ImportProblem = 'no-file' | 'empty' | 'not-key-export' | 'wrong-passphrase';

/** A key export file is text between these lines (Client-Server API, "Key exports"). */
const EXPORT_BEGIN = '-----BEGIN MEGOLM SESSION DATA-----';
/** Far more than any learner's keys need: a bigger file is not a key export from this course. */
export const IMPORT_MAX_BYTES = 5_000_000;

/** Before importing: a file is chosen, it can be a key export (text that starts so), and a passphrase is typed. */
export function importFormProblem(
	file: { size: number; text: string } | undefined,
	passphrase: string
): ImportProblem | undefined {
	if (!file) return 'no-file';
	if (file.size > IMPORT_MAX_BYTES || !file.text.trimStart().startsWith(EXPORT_BEGIN))
		return 'not-key-export';
	if (passphrase === '') return 'empty';
	return undefined;
}

/**
 * After the crypto library refused the file: its MAC check fails for a wrong passphrase (the file's authentication
 * code is keyed by it); anything else means the file is not a whole key export. Undefined: not the library's refusal.
 */
export function importFailure(libraryMessage: string): ImportProblem | undefined {
	if (/\bMAC\b/i.test(libraryMessage)) return 'wrong-passphrase';
	if (/key export|buffer|base64|header|version/i.test(libraryMessage)) return 'not-key-export';
	return undefined;
}

export type ResetReason = 'chosen' | 'forgot' | 'cantConfirm';

/**
 * "Forgot recovery key?": with the cross-signing keys still on this device, a new recovery key is enough; without them
 * only a reset helps (as Element decides).
 */
export function afterForgotKey(device: DeviceFacts): EncryptionPage {
	const cs = device.crossSigning;
	return cs.hasMaster && cs.hasSelfSigning && cs.hasUserSigning
		? { kind: 'recovery', change: true }
		: { kind: 'reset', reason: 'forgot' };
}

/** The steps of getting (or changing) a recovery key. */
export type RecoveryStep = 'intro' | 'save' | 'confirm';

/** The steps in order; "Change recovery key" has no introduction (it makes the new key at once). */
export function recoverySteps(change: boolean): readonly RecoveryStep[] {
	return change ? ['save', 'confirm'] : ['intro', 'save', 'confirm'];
}

/** A recovery key as typed or pasted: spaces and line breaks between the groups do not count (letters do: base58). */
export function normaliseRecoveryKey(key: string): string {
	return key.replace(/\s+/g, '');
}

/** "Enter your recovery key to confirm": the typed key is the one shown on the previous step. */
export function confirmsRecoveryKey(typed: string, shown: string): boolean {
	const t = normaliseRecoveryKey(typed);
	return t.length > 0 && t === normaliseRecoveryKey(shown);
}
