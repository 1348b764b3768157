/**
 * Which of Element's toasts a device's client shows, as a pure rule over the snapshot and what only the screen knows
 * (what was put away, which dialog is open, when each request expires).
 */
import { isIncomingRequest } from '$lib/device/verification-phase';
import type { DeviceSnapshot } from '$lib/world/world';

export interface ToastInput {
	device: Pick<DeviceSnapshot, 'verifications' | 'crossSigning' | 'backup' | 'own'> | undefined;
	/** Toasts put away ("Later", or a request answered or ignored as `request:<flowId>`). */
	dismissed: ReadonlySet<string>;
	/** The kind of the open dialog, if any. */
	dialog: string | undefined;
	/** "Verify this device" was put off with "I'll verify later". */
	verifyLater: boolean;
	/** When each request expires (ms since the epoch), fixed when the client first saw it. */
	deadlines: ReadonlyMap<string, number>;
	now: number;
}

export interface VisibleToasts {
	/** "Verification requested", one per incoming request that was not answered and has not expired. */
	requests: DeviceSnapshot['verifications'];
	/**
	 * "Verify this session": the account has an identity, this device is not verified, the screen was put off, and
	 * the toast's own "Later" was not pressed.
	 */
	verifySession: boolean;
	/** "Set up Secure Backup": this device is verified and there is no backup (and its dialog is not open). */
	backup: boolean;
}

export function visibleToasts(input: ToastInput): VisibleToasts {
	const { device, dismissed, deadlines, now } = input;
	if (!device) return { requests: [], verifySession: false, backup: false };
	return {
		requests: device.verifications.filter(
			(v) =>
				isIncomingRequest(v) &&
				!dismissed.has(`request:${v.flowId}`) &&
				(deadlines.get(v.flowId) ?? Infinity) > now
		),
		verifySession:
			device.own.hasIdentity &&
			!device.crossSigning.deviceVerified &&
			input.verifyLater &&
			!dismissed.has('verifySession'),
		backup:
			device.crossSigning.deviceVerified &&
			!device.backup.exists &&
			!dismissed.has('backup') &&
			input.dialog !== 'secureBackup'
	};
}

/** Whole seconds left before a request expires, for "Ignore (N)". */
export function secondsLeft(deadline: number | undefined, now: number): number {
	return Math.max(0, Math.ceil(((deadline ?? now) - now) / 1000));
}
