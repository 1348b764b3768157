/**
 * Today's Element only: confirm your digital identity on a new device. The learner gets a recovery key on the Phone,
 * signs in on the Laptop, and confirms it there in one of the two ways "Confirm your digital identity" offers: "Use
 * another device" (emoji with the Phone, the main path) or "Use recovery key" (the other honest ending). The Node
 * tests walk both; the steps' predicates are the same world facts as in the other lessons about own devices.
 */
import { m } from '../../paraglide/messages';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import { lookAt, type LessonSolution } from '../driver';
import {
	laptopOf,
	laptopStep,
	ownDevicesLesson,
	phoneOf,
	securityKeyOf,
	setUpBackup,
	signInOnLaptop
} from '../own-devices';
import { confirmedWithOtherDevice, confirmedWithRecoveryKey, recoveryReady } from '../own-devices-2026';
import type { Lesson } from '../types';
import { screenOf } from '../view';
import { showEmoji } from './verify-new-device';

export const lesson: Lesson = {
	...ownDevicesLesson('confirm-identity', { bob: m.l14_history_bob, you: m.l14_history_you }),
	steps: [
		{
			id: 'key',
			title: m.l14_step_key_title_2026,
			why: m.l14_step_key_why_2026,
			hints: [m.l14_step_key_hint1_2026, m.l14_step_key_hint2_2026],
			// The account has a recovery key, and the Phone's key storage holds every room key.
			done: (v) => recoveryReady(phoneOf(v))
		},
		laptopStep('signin', {
			title: m.l14_step_signin_title_2026,
			why: m.l14_step_signin_why_2026,
			hints: [m.l14_step_signin_hint1_2026]
		}),
		{
			id: 'confirm',
			title: m.l14_step_confirm_title_2026,
			why: m.l14_step_confirm_why_2026,
			hints: [m.l14_step_confirm_hint1_2026, m.l14_step_confirm_hint2_2026, m.l14_step_confirm_hint3_2026],
			done: confirmedWithOtherDevice,
			alternatives: [
				{
					id: 'withKey',
					title: m.l14_step_with_key_title_2026,
					done: confirmedWithRecoveryKey,
					summary: [m.l14_summary_1_2026, m.l14_with_key_summary_2_2026, m.l14_summary_3_2026]
				}
			],
			mistakes: [
				{
					// ✕ → "I'll verify later": the Laptop stays unconfirmed; its "Verify this device" notice leads back.
					id: 'skipped',
					happened: (v) =>
						screenOf(v, LEARNER_LAPTOP).verifyLater && !laptopOf(v)?.crossSigning.deviceVerified
							? 'verifyLater'
							: undefined,
					explain: m.l14_mistake_skipped_2026
				}
			]
		}
	],
	summary: [m.l14_summary_1_2026, m.l14_summary_2_2026, m.l14_summary_3_2026]
};

export const solution: LessonSolution = {
	steps: {
		key: (d) => setUpBackup(d),
		signin: (d) => signInOnLaptop(d),
		confirm: async (d) => {
			const flowId = await showEmoji(d);
			await d.act({ type: 'confirmSas', flowId }, LEARNER_LAPTOP);
			await d.act({ type: 'confirmSas', flowId });
		}
	},
	alternatives: {
		withKey: async (d) => {
			await d.act({ type: 'restoreFromBackup', recoveryKey: securityKeyOf(d) }, LEARNER_LAPTOP);
		}
	},
	mistakes: {
		skipped: (d) => lookAt(d, { verifyLater: true }, LEARNER_LAPTOP)
	}
};
