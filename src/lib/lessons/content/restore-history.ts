/**
 * Lesson 11: A new device without backup. The learner signs in on a Laptop without verifying it: the old chat says
 * "Unable to decrypt message". The Phone still holds the keys: the learner backs them up there, then restores them
 * on the Laptop with the Security Key. Making the backup on the Laptop (which has no keys) is explained, and the
 * lesson sets its situation up again.
 */
import { m } from '../../paraglide/messages';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import { type LessonSolution } from '../driver';
import {
	dmOn,
	hasUnreadable,
	laptopOf,
	laptopReadsChat,
	openChatOnLaptop,
	ownDevicesLesson,
	phoneBackupStep,
	phoneOf,
	restoreOnLaptop,
	setUpBackup,
	signInOnLaptop
} from '../own-devices';
import type { Lesson, LessonView } from '../types';
import { screenOf } from '../view';

/** The Laptop's screen: "Verify this device" put off with "I'll verify later", and the chat with Bob open. */
function laptopInChat(v: LessonView): boolean {
	const screen = screenOf(v, LEARNER_LAPTOP);
	const dm = dmOn(v, 'bob', LEARNER_LAPTOP);
	return !!dm && !!screen.verifyLater && screen.roomId === dm.roomId;
}

export const lesson: Lesson = {
	...ownDevicesLesson(
		'restore-history',
		{ bob: m.l11_history_bob, you: m.l11_history_you },
		{ summary: [m.l11_summary_1, m.l11_summary_2_2026, m.l11_summary_3_2026, m.l11_summary_4_2026] }
	),
	steps: [
		{
			id: 'signin',
			title: m.l11_step_signin_title,
			why: m.l11_step_signin_why,
			hints: [m.l11_step_signin_hint1, m.l11_step_signin_hint2],
			today: {
				title: m.l11_step_signin_title_2026,
				hints: [m.l11_step_signin_hint1_2026, m.l11_step_signin_hint2]
			},
			// The learner skipped the Laptop's verification and opened the chat with Bob, which it cannot read.
			done: (v) => laptopInChat(v) && hasUnreadable(dmOn(v, 'bob', LEARNER_LAPTOP))
		},
		phoneBackupStep(
			'backup',
			{
				title: m.l11_step_backup_title,
				why: m.l11_step_backup_why,
				hints: [m.l11_step_backup_hint1, m.l11_step_backup_hint2],
				today: {
					title: m.l11_step_backup_title_2026,
					why: m.l11_step_backup_why_2026,
					hints: [m.l11_step_backup_hint1_2026, m.l11_step_backup_hint2_2026]
				}
			},
			[
				{
					// The Laptop made the backup: it has none of the old keys, and its backup took the place of the
					// account's secret storage, which the client cannot undo.
					id: 'backupOnLaptop',
					happened: (v) => {
						const phone = phoneOf(v)?.backup;
						const laptop = laptopOf(v)?.backup;
						return phone?.exists && !phone.hasKey && laptop?.hasKey ? laptop.version : undefined;
					},
					explain: m.l11_mistake_backup_on_laptop,
					today: { explain: m.l11_mistake_backup_on_laptop_2026 },
					rebuild: { retryFrom: 1 }
				}
			]
		),
		{
			id: 'restore',
			title: m.l11_step_restore_title,
			why: m.l11_step_restore_why,
			hints: [m.l11_step_restore_hint1, m.l11_step_restore_hint2],
			today: {
				title: m.l11_step_restore_title_2026,
				why: m.l11_step_restore_why_2026,
				hints: [m.l11_step_restore_hint1_2026, m.l11_step_restore_hint2_2026]
			},
			// The Laptop holds the backup key, the old chat is readable there, and the learner looks at it.
			done: (v) => !!laptopOf(v)?.backup.hasKey && laptopReadsChat(v)
		}
	],
	summary: [m.l11_summary_1, m.l11_summary_2, m.l11_summary_3, m.l11_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		// "I'll verify later" is a choice on the Laptop's screen: the world sees a new, unverified device.
		signin: async (d) => {
			await signInOnLaptop(d);
			await openChatOnLaptop(d, { verifyLater: true });
		},
		backup: (d) => setUpBackup(d),
		restore: (d) => restoreOnLaptop(d, { verifyLater: true })
	},
	mistakes: {
		backupOnLaptop: (d) => setUpBackup(d, LEARNER_LAPTOP)
	}
};
