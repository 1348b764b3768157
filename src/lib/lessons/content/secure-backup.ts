/**
 * Lesson 2: Protect your keys. Secure Backup keeps the room keys on the server, locked with a Security Key only the
 * learner holds; the proof is a new device (as if the Phone were lost) that opens the history with that key alone.
 */
import { m } from '../../paraglide/messages';
import { LEARNER, LEARNER_LAPTOP, learnerPerson } from '../../world/sandbox-scenario';
import { lookAt, type LessonSolution } from '../driver';
import {
	allReadable,
	backupComplete,
	dmOn,
	laptopOf,
	phoneOf,
	securityKeyOf,
	setUpBackup,
	signInOnLaptop
} from '../own-devices';
import type { Lesson } from '../types';
import { screenOf } from '../view';

export const lesson: Lesson = {
	id: 'secure-backup',
	minutes: 5,
	title: m.l02_title,
	goal: m.l02_goal,
	features: { laptop: true },
	scenario: (locale) => ({
		people: [learnerPerson(locale), { localpart: 'bob', displayName: 'Bob', persona: 'bob' }],
		rooms: [
			{
				key: 'dm-bob',
				creator: LEARNER,
				members: [LEARNER, 'bob'],
				encrypted: true,
				direct: true,
				messages: [
					{ from: 'bob', body: m.l02_history_bob({}, { locale }) },
					{ from: LEARNER, body: m.l02_history_you({}, { locale }) }
				]
			}
		]
	}),
	steps: [
		{
			id: 'setup',
			title: m.l02_step_setup_title,
			why: m.l02_step_setup_why,
			hints: [m.l02_step_setup_hint1, m.l02_step_setup_hint2],
			// The Phone made a backup, holds its key, and every room key it has is in it.
			done: (v) => backupComplete(phoneOf(v))
		},
		{
			id: 'laptop',
			title: m.l02_step_laptop_title,
			why: m.l02_step_laptop_why,
			hints: [m.l02_step_laptop_hint1, m.l02_step_laptop_hint2],
			done: (v) => laptopOf(v) !== undefined
		},
		{
			id: 'key',
			title: m.l02_step_key_title,
			why: m.l02_step_key_why,
			hints: [m.l02_step_key_hint1, m.l02_step_key_hint2],
			// The key opened the backup (the old chat is readable) and the cross-signing keys (the Laptop is verified),
			// and the learner opened the chat with Bob on the Laptop to see it.
			done: (v) => {
				const laptop = laptopOf(v);
				const dm = dmOn(v, 'bob', LEARNER_LAPTOP);
				return (
					!!laptop?.crossSigning.deviceVerified &&
					allReadable(dm) &&
					screenOf(v, LEARNER_LAPTOP).roomId === dm?.roomId
				);
			},
			mistakes: [
				{
					// "Verify with another device" needs the Phone, which this step imagines lost.
					id: 'usedPhone',
					happened: (v) =>
						laptopOf(v)?.verifications.find((f) => f.isSelfVerification && f.weStarted)?.flowId,
					explain: m.l02_mistake_used_phone
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
		key: async (d) => {
			await d.act({ type: 'restoreFromBackup', recoveryKey: securityKeyOf(d) }, LEARNER_LAPTOP);
			const dm = dmOn(await d.view(), 'bob', LEARNER_LAPTOP);
			if (!dm) throw new Error('The Laptop is not in the chat with Bob.');
			await lookAt(d, { roomId: dm.roomId }, LEARNER_LAPTOP);
		}
	},
	mistakes: {
		usedPhone: async (d) => {
			await d.act({ type: 'requestSelfVerification' }, LEARNER_LAPTOP);
		}
	}
};
