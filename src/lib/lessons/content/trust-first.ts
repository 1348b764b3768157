/**
 * Lesson 9: trust first, verify later. A large encrypted room ("Town hall", a crowd with real devices) where
 * checking everyone would take hours: the learner joins and talks at once (blind trust: the message is encrypted
 * for every member's devices), then verifies the one person who matters and whom they can reach, Bob. The room stays
 * grey, and that is fine. Asking a stranger from the crowd to verify is explained: it proves nothing and goes
 * unanswered. Declining the invitation is explained too, and the lesson invites the learner again.
 */
import { m } from '../../paraglide/messages';
import { BOB, LEARNER_PHONE, learnerPerson } from '../../scenario/sandbox';
import { writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson, LessonView } from '../types';
import { hasVerified, joinedRooms, messagesIn, shieldOf, userIdOf } from '../view';
import { verifyByEmoji } from './emoji-verification';

/** How many strangers are in the crowd room (Bob and the learner come on top). */
export const CROWD_SIZE = 12;

/** The big room (its name follows the language): encrypted, with Bob, and more people than anyone checks. */
function townHall(v: LessonView) {
	const bob = userIdOf(v, 'bob');
	return joinedRooms(v).find(
		(r) =>
			!r.isDirect &&
			r.members.filter((mb) => mb.membership === 'join').length > 10 &&
			r.members.some((mb) => mb.userId === bob)
	);
}

export const lesson: Lesson = {
	...headerOf('trust-first', {
		summary: [m.l09_summary_1, m.l09_summary_2, m.l09_summary_3, m.l09_summary_4_2026]
	}),
	scenario: (locale) => ({
		locale,
		people: [learnerPerson(locale), BOB],
		// The learner is invited; Bob is already in.
		crowd: { size: CROWD_SIZE, members: ['bob'] }
	}),
	steps: [
		{
			id: 'join',
			title: m.l09_step_join_title,
			why: m.l09_step_join_why,
			hints: [m.l09_step_join_hint1, m.l09_step_join_hint2],
			done: (v) => !!townHall(v)?.encryption,
			mistakes: [
				{
					id: 'declined',
					// "Decline" on the invitation: the server has the learner as having left a room they never joined,
					// and the room is invite-only, so only a new invitation brings them in.
					happened: (v) =>
						townHall(v)
							? undefined
							: v.snapshot.server.rooms.find((r) =>
									r.members.some((mb) => mb.userId === v.learner && mb.membership === 'leave')
								)?.roomId,
					explain: m.l09_mistake_declined,
					rebuild: { retryFrom: 0 }
				}
			]
		},
		{
			id: 'write',
			title: m.l09_step_write_title,
			why: m.l09_step_write_why,
			hints: [m.l09_step_write_hint1, m.l09_step_write_hint2],
			today: { hints: [m.l09_step_write_hint1, m.l09_step_write_hint2_2026] },
			done: (v) => messagesIn(townHall(v), v.learner).some((e) => e.encrypted)
		},
		{
			id: 'verify',
			title: m.l09_step_verify_title,
			why: m.l09_step_verify_why,
			hints: [m.l09_step_verify_hint1, m.l09_step_verify_hint2],
			today: {
				title: m.l09_step_verify_title_2026,
				why: m.l09_step_verify_why_2026,
				hints: [m.l09_step_verify_hint1, m.l09_step_verify_hint2_2026]
			},
			done: (v) => hasVerified(v, 'bob') && shieldOf(townHall(v)) === 'normal',
			mistakes: [
				{
					id: 'stranger',
					// A request to someone from the crowd, whom the learner has never met.
					happened: (v) => {
						const bob = userIdOf(v, 'bob');
						const room = townHall(v);
						return v.snapshot.devices
							.find((d) => d.userId === v.learner && d.deviceId === LEARNER_PHONE)
							?.verifications.find(
								(f) =>
									f.weStarted &&
									!f.isSelfVerification &&
									f.otherUserId !== bob &&
									room?.members.some((mb) => mb.userId === f.otherUserId)
							)?.flowId;
					},
					explain: m.l09_mistake_stranger
				}
			]
		}
	],
	summary: [m.l09_summary_1, m.l09_summary_2, m.l09_summary_3, m.l09_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		join: async (d) => {
			const view = await d.view();
			const invite = view.snapshot.devices.find((x) => x.userId === d.learner)?.invites[0];
			if (!invite) throw new Error('No invitation to the town hall.');
			await d.act({ type: 'join', roomId: invite.roomId });
		},
		write: (d) => writeIn(d, townHall, 'Hello everyone!', 'Not in the town hall.'),
		verify: async (d) => {
			await verifyByEmoji(d, 'bob');
		}
	},
	mistakes: {
		declined: async (d) => {
			const invite = (await d.view()).snapshot.devices.find((x) => x.userId === d.learner)?.invites[0];
			if (!invite) throw new Error('No invitation to the town hall.');
			await d.act({ type: 'leave', roomId: invite.roomId });
		},
		stranger: async (d) => {
			const v = await d.view();
			const stranger = townHall(v)?.members.find(
				(mb) => mb.membership === 'join' && mb.userId !== v.learner && mb.userId !== d.userIdOf('bob')
			);
			if (!stranger) throw new Error('Nobody in the town hall.');
			await d.act({ type: 'requestVerification', otherUserId: stranger.userId });
		}
	}
};
