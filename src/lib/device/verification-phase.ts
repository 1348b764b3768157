/**
 * Which step of a verification is shown, read from a device's view of it: the one rule that the client's panels and
 * toasts, the personas' observer, the lessons and the world's scripted flows share. Pure: no crypto, no state, so the
 * page may import it as a value.
 */
import type { VerificationView } from './types';

/**
 * The screen a verification is at, as Element shows it:
 * - `none`: the device does not know the flow (yet);
 * - `incoming`: the other side asks ("Accept" / "Decline");
 * - `waitingAccept`: we asked, the other side has not accepted;
 * - `choose`: accepted, pick a method ("Verify by emoji", or our QR code for the other side to scan);
 * - `qrScanned`: the other side scanned our QR code: "did they see the same shield?";
 * - `waitingOther`: a method runs and the other side has to act (start the emoji, scan, confirm the scan);
 * - `compare`: the emoji are shown, "They match" / "They don't match";
 * - `waitingConfirm`: we pressed "They match", the other side has not;
 * - `done`, `cancelled`: the flow is over (see `cancelReason` for why it was cancelled).
 */
export type VerificationStep =
	| 'none'
	| 'incoming'
	| 'waitingAccept'
	| 'choose'
	| 'qrScanned'
	| 'waitingOther'
	| 'compare'
	| 'waitingConfirm'
	| 'done'
	| 'cancelled';

/** Why a cancelled verification ended. */
export type CancelReason = 'timeout' | 'mismatch' | 'byUs' | 'byThem' | 'other';

export function verificationStep(v: VerificationView | undefined): VerificationStep {
	if (!v) return 'none';
	switch (v.phase) {
		case 'done':
			return 'done';
		case 'cancelled':
			return 'cancelled';
		// The library creates an incoming request in `requested`; `created` is a request of ours not sent yet.
		case 'created':
		case 'requested':
			return v.weStarted ? 'waitingAccept' : 'incoming';
		case 'ready':
			return 'choose';
	}
	if (v.method === 'qr') {
		// Our QR code is on screen and nobody scanned it yet: "Verify by emoji" is still offered beside it.
		if (v.qr?.state === 'created') return 'choose';
		if (v.qr?.state === 'scanned') return 'qrScanned';
		return 'waitingOther';
	}
	if (v.method === 'sas') {
		// Once we confirmed, the library no longer presents the emoji: wait for the other side's "They match".
		if (v.sas?.haveWeConfirmed) return 'waitingConfirm';
		return v.sas?.emojiIndex ? 'compare' : 'waitingOther';
	}
	return 'waitingOther';
}

/** The flow is over: done or cancelled. */
export function isFinished(v: VerificationView | undefined): boolean {
	const step = verificationStep(v);
	return step === 'done' || step === 'cancelled';
}

/** The flow is known and still going on. */
export function isOpen(v: VerificationView | undefined): boolean {
	return !!v && !isFinished(v);
}

/** The other side asks us and nobody has answered yet: the "Verification requested" toast. */
export function isIncomingRequest(v: VerificationView | undefined): boolean {
	return verificationStep(v) === 'incoming';
}

/** The request was accepted (a method may run, or it is done) and the flow was not cancelled. */
export function isAccepted(v: VerificationView | undefined): boolean {
	const step = verificationStep(v);
	return step !== 'none' && step !== 'incoming' && step !== 'waitingAccept' && step !== 'cancelled';
}

/** Accepted and not over yet: the two sides are choosing or running a method. */
export function isUnderway(v: VerificationView | undefined): boolean {
	return isAccepted(v) && !isFinished(v);
}

/** The emoji of the flow's comparison, once the library presents them (also after "They match"). */
export function emojiOf(v: VerificationView | undefined): number[] | undefined {
	const emoji = v?.sas?.emojiIndex;
	return emoji?.length ? emoji : undefined;
}

/** The flow is open and its emoji are on screen to compare. */
export function emojiShown(v: VerificationView | undefined): boolean {
	return isOpen(v) && emojiOf(v) !== undefined;
}

/** Why a cancelled flow ended; undefined while it is not cancelled. */
export function cancelReason(v: VerificationView | undefined): CancelReason | undefined {
	if (verificationStep(v) !== 'cancelled') return undefined;
	const cancel = v?.cancel;
	if (!cancel) return 'other';
	if (cancel.code === 'm.timeout') return 'timeout';
	if (cancel.code === 'm.mismatched_sas') return 'mismatch';
	if (cancel.code === 'm.user') return cancel.byUs ? 'byUs' : 'byThem';
	return 'other';
}
