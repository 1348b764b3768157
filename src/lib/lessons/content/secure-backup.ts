/**
 * Lesson 2: Protect your keys. Secure Backup keeps the room keys on the server, locked with a Security Key only the
 * learner holds; the proof is a new device (as if the Phone were lost) that opens the history with that key alone.
 */
import { m } from '../../paraglide/messages';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import type { LessonSolution } from '../driver';
import {
	laptopOf,
	laptopReadsChat,
	laptopStep,
	ownDevicesLesson,
	phoneBackupStep,
	restoreOnLaptop,
	setUpBackup,
	signInOnLaptop
} from '../own-devices';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	...ownDevicesLesson(
		'secure-backup',
		{ bob: m.l02_history_bob, you: m.l02_history_you },
		{ summary: [m.l02_summary_1_2026, m.l02_summary_2_2026, m.l02_summary_3_2026, m.l02_summary_4_2026] }
	),
	steps: [
		// The Phone made a backup, holds its key, and every room key it has is in it.
		phoneBackupStep('setup', {
			title: m.l02_step_setup_title,
			why: m.l02_step_setup_why,
			hints: [m.l02_step_setup_hint1, m.l02_step_setup_hint2],
			today: {
				title: m.l02_step_setup_title_2026,
				why: m.l02_step_setup_why_2026,
				hints: [m.l02_step_setup_hint1_2026, m.l02_step_setup_hint2_2026]
			}
		}),
		laptopStep('laptop', {
			title: m.l02_step_laptop_title,
			why: m.l02_step_laptop_why,
			hints: [m.l02_step_laptop_hint1, m.l02_step_laptop_hint2],
			today: { hints: [m.l02_step_laptop_hint1, m.l02_step_laptop_hint2_2026] }
		}),
		{
			id: 'key',
			title: m.l02_step_key_title,
			why: m.l02_step_key_why,
			hints: [m.l02_step_key_hint1, m.l02_step_key_hint2],
			today: {
				title: m.l02_step_key_title_2026,
				why: m.l02_step_key_why_2026,
				hints: [m.l02_step_key_hint1_2026, m.l02_step_key_hint2_2026]
			},
			// The key opened the backup (the old chat is readable) and the cross-signing keys (the Laptop is verified),
			// and the learner opened the chat with Bob on the Laptop to see it.
			done: (v) => !!laptopOf(v)?.crossSigning.deviceVerified && laptopReadsChat(v),
			mistakes: [
				{
					// "Verify with another device" needs the Phone, which this step imagines lost.
					id: 'usedPhone',
					happened: (v) =>
						laptopOf(v)?.verifications.find((f) => f.isSelfVerification && f.weStarted)?.flowId,
					explain: m.l02_mistake_used_phone,
					today: { explain: m.l02_mistake_used_phone_2026 }
				}
			]
		}
	],
	summary: [m.l02_summary_1, m.l02_summary_2, m.l02_summary_3, m.l02_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		setup: (d) => setUpBackup(d),
		laptop: (d) => signInOnLaptop(d),
		key: (d) => restoreOnLaptop(d)
	},
	mistakes: {
		usedPhone: async (d) => {
			await d.act({ type: 'requestSelfVerification' }, LEARNER_LAPTOP);
		}
	}
};
