/**
 * Verifying a contact by emoji, as lessons 6, 7, 9, 10 and 13 need it: what the learner's newest request to a contact
 * looks like, and the learner's moves (request, "Verify by emoji", "They match" / "They don't match") for the
 * lessons' solutions.
 */
import type { VerificationView } from '../../device/types';
import {
	cancelReason,
	emojiShown,
	isOpen,
	isUnderway,
	verificationStep
} from '../../device/verification-phase';
import { LEARNER_PHONE } from '../../scenario/sandbox';
import type { LessonDriver } from '../driver';
import type { LessonView } from '../types';
import { verificationsWith } from '../view';

/**
 * The learner's newest request to verify this contact (the learner pressed "Start Verification"), on one of their
 * devices (the Phone unless told).
 */
export function newestRequest(
	view: LessonView,
	localpart: string,
	deviceId = LEARNER_PHONE
): VerificationView | undefined {
	return verificationsWith(view, localpart, deviceId)
		.filter((f) => f.weStarted)
		.at(-1);
}

/** The learner's compare screen shows the emoji of this flow. */
export { emojiShown };

/** A flow the learner ended with "They don't match". */
export function mismatched(f: VerificationView | undefined): boolean {
	return cancelReason(f) === 'mismatch';
}

async function newest(
	d: LessonDriver,
	localpart: string,
	deviceId = LEARNER_PHONE
): Promise<VerificationView | undefined> {
	return newestRequest(await d.view(), localpart, deviceId);
}

/** Profile → "Verify" → "Start Verification". */
export async function requestFrom(
	d: LessonDriver,
	localpart: string,
	deviceId = LEARNER_PHONE
): Promise<void> {
	await d.act({ type: 'requestVerification', otherUserId: d.userIdOf(localpart) }, deviceId);
}

/**
 * Once the contact accepted, "Verify by emoji" (unless the emoji are already there), until the emoji show.
 * Sends a new request first when there is no open one.
 */
export async function showEmoji(d: LessonDriver, localpart: string, deviceId = LEARNER_PHONE): Promise<void> {
	if (!isOpen(await newest(d, localpart, deviceId))) await requestFrom(d, localpart, deviceId);
	const v = await d.waitFor(`${localpart} accepts`, (view) => {
		const f = newestRequest(view, localpart, deviceId);
		return isUnderway(f) || emojiShown(f);
	});
	const f = newestRequest(v, localpart, deviceId)!;
	if (f.phase === 'ready') await d.act({ type: 'startSas', flowId: f.flowId }, deviceId);
	await d.waitFor(`the emoji with ${localpart}`, (view) =>
		emojiShown(newestRequest(view, localpart, deviceId))
	);
}

/** "They match" on the newest request (started and compared first if needed). */
export async function confirmEmoji(
	d: LessonDriver,
	localpart: string,
	deviceId = LEARNER_PHONE
): Promise<void> {
	if (!emojiShown(await newest(d, localpart, deviceId))) await showEmoji(d, localpart, deviceId);
	const f = (await newest(d, localpart, deviceId))!;
	await d.act({ type: 'confirmSas', flowId: f.flowId }, deviceId);
}

/** "They don't match" on the newest request. */
export async function rejectEmoji(d: LessonDriver, localpart: string): Promise<void> {
	if (!emojiShown(await newest(d, localpart))) await showEmoji(d, localpart);
	const f = (await newest(d, localpart))!;
	await d.act({ type: 'mismatchSas', flowId: f.flowId });
}

/** The whole verification: request, emoji, "They match", until the contact confirmed too. */
export async function verifyByEmoji(
	d: LessonDriver,
	localpart: string,
	deviceId = LEARNER_PHONE
): Promise<void> {
	await confirmEmoji(d, localpart, deviceId);
	await d.waitFor(
		`${localpart} confirms`,
		(view) => verificationStep(newestRequest(view, localpart, deviceId)) === 'done'
	);
}
