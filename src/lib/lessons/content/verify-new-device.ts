/**
 * Lesson 3: Verify your own new device. The learner signs in on a Laptop and verifies it from the Phone by emoji,
 * acting on both devices; pressing "They don't match" or cancelling is explained, and the learner starts again.
 */
import type { VerificationView } from '../../device/types';
import {
	cancelReason,
	isIncomingRequest,
	isUnderway,
	verificationStep
} from '../../device/verification-phase';
import { m } from '../../paraglide/messages';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import { LessonDriverError, lookAt, type LessonDriver, type LessonSolution } from '../driver';
import {
	laptopOf,
	laptopStep,
	liveSelfVerification,
	ownDevicesLesson,
	phoneOf,
	signInOnLaptop
} from '../own-devices';
import type { Lesson, LessonView } from '../types';
import { screenOf } from '../view';

/** The newest of the learner's self-verifications that ended with this kind of cancel (the Laptop started them). */
function cancelledSelf(v: LessonView, mismatch: boolean): string | undefined {
	const ended = (flows: VerificationView[] = []) =>
		flows
			.filter(
				(f) =>
					f.isSelfVerification &&
					verificationStep(f) === 'cancelled' &&
					(cancelReason(f) === 'mismatch') === mismatch
			)
			.at(-1)?.flowId;
	return ended(laptopOf(v)?.verifications) ?? ended(phoneOf(v)?.verifications);
}

export const lesson: Lesson = {
	...ownDevicesLesson('verify-new-device', undefined, {
		summary: [m.l03_summary_1_2026, m.l03_summary_2, m.l03_summary_3_2026]
	}),
	steps: [
		laptopStep('signin', {
			title: m.l03_step_signin_title,
			why: m.l03_step_signin_why,
			hints: [m.l03_step_signin_hint1, m.l03_step_signin_hint2],
			today: {
				title: m.l03_step_signin_title_2026,
				hints: [m.l03_step_signin_hint1, m.l03_step_signin_hint2_2026]
			}
		}),
		{
			id: 'request',
			title: m.l03_step_request_title,
			why: m.l03_step_request_why,
			hints: [m.l03_step_request_hint1, m.l03_step_request_hint2],
			today: { title: m.l03_step_request_title_2026 },
			// The Phone accepted the Laptop's request.
			done: (v) => isUnderway(liveSelfVerification(phoneOf(v))),
			mistakes: [
				{
					id: 'cancelled',
					happened: (v) => cancelledSelf(v, false),
					explain: m.l03_mistake_cancelled,
					today: { explain: m.l03_mistake_cancelled_2026 }
				},
				{
					// "I'll verify later" put "Verify this device" away: the way back is the Laptop's notice.
					id: 'skipped',
					happened: (v) =>
						screenOf(v, LEARNER_LAPTOP).verifyLater && !laptopOf(v)?.crossSigning.deviceVerified
							? 'verifyLater'
							: undefined,
					explain: m.l03_mistake_skipped,
					today: { explain: m.l03_mistake_skipped_2026 }
				}
			]
		},
		{
			id: 'compare',
			title: m.l03_step_compare_title,
			why: m.l03_step_compare_why,
			hints: [m.l03_step_compare_hint1, m.l03_step_compare_hint2],
			today: { hints: [m.l03_step_compare_hint1_2026, m.l03_step_compare_hint2] },
			// Both devices show the emoji.
			done: (v) =>
				!!liveSelfVerification(phoneOf(v))?.sas?.emojiIndex &&
				!!liveSelfVerification(laptopOf(v))?.sas?.emojiIndex
		},
		{
			id: 'match',
			title: m.l03_step_match_title,
			why: m.l03_step_match_why,
			hints: [m.l03_step_match_hint1, m.l03_step_match_hint2],
			today: {
				title: m.l03_step_match_title_2026,
				hints: [m.l03_step_match_hint1, m.l03_step_match_hint2_2026]
			},
			// The Laptop signed itself with the cross-signing keys it received, and the Phone sees it so.
			done: (v) =>
				!!laptopOf(v)?.crossSigning.deviceVerified &&
				!!phoneOf(v)?.own.devices.find((d) => d.deviceId === LEARNER_LAPTOP)?.signedByOwner,
			mistakes: [
				{
					id: 'mismatch',
					happened: (v) => cancelledSelf(v, true),
					explain: m.l03_mistake_mismatch,
					today: { explain: m.l03_mistake_mismatch_2026 }
				}
			]
		}
	],
	summary: [m.l03_summary_1, m.l03_summary_2, m.l03_summary_3]
};

/** The Laptop asks, the Phone accepts ("Verify Session"): a ready verification, new unless one is going on. */
export async function requestAndAccept(d: LessonDriver): Promise<string> {
	const live = liveSelfVerification(phoneOf(await d.view()));
	if (live && !isIncomingRequest(live)) return live.flowId;
	const flowId = live?.flowId ?? (await d.act({ type: 'requestSelfVerification' }, LEARNER_LAPTOP));
	if (typeof flowId !== 'string') throw new LessonDriverError('requestSelfVerification gave no flow id.');
	await d.waitFor(
		'the request on the Phone',
		(v) => !!phoneOf(v)?.verifications.some((f) => f.flowId === flowId)
	);
	await d.act({ type: 'acceptVerification', flowId });
	return flowId;
}

/** … then "Verify by emoji" on the Phone, until both devices show the emoji. */
export async function showEmoji(d: LessonDriver): Promise<string> {
	const flowId = await requestAndAccept(d);
	const phone = liveSelfVerification(phoneOf(await d.view()));
	if (!phone?.sas?.emojiIndex) await d.act({ type: 'startSas', flowId });
	await d.waitFor('the emoji on both devices', (v) =>
		[phoneOf(v), laptopOf(v)].every(
			(dev) => !!dev?.verifications.find((f) => f.flowId === flowId)?.sas?.emojiIndex
		)
	);
	return flowId;
}

export const solution: LessonSolution = {
	steps: {
		signin: (d) => signInOnLaptop(d),
		request: async (d) => {
			await requestAndAccept(d);
		},
		compare: async (d) => {
			await showEmoji(d);
		},
		match: async (d) => {
			const flowId = await showEmoji(d);
			await d.act({ type: 'confirmSas', flowId }, LEARNER_LAPTOP);
			await d.act({ type: 'confirmSas', flowId });
		}
	},
	mistakes: {
		// ✕ → "I'll verify later" on the Laptop's "Verify this device" screen.
		skipped: (d) => lookAt(d, { verifyLater: true }, LEARNER_LAPTOP),
		// "Cancel" while the Laptop waits (or "Ignore" on the Phone's notice).
		cancelled: async (d) => {
			const flowId = await d.act({ type: 'requestSelfVerification' }, LEARNER_LAPTOP);
			if (typeof flowId !== 'string') throw new LessonDriverError('requestSelfVerification gave no flow id.');
			await d.act({ type: 'cancelVerification', flowId }, LEARNER_LAPTOP);
		},
		mismatch: async (d) => {
			const flowId = await showEmoji(d);
			await d.act({ type: 'mismatchSas', flowId });
		}
	}
};
