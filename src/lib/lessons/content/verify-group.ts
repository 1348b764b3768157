/**
 * Lesson 7: verify everyone in a group. "Book club" is encrypted, with Bob, Carol and Dave: its shield stays grey
 * until the learner has verified each of them. Carol misses the first request (she is busy); once it is closed
 * (the learner cancelled it, or Carol closed it when the learner's message reached her) and the learner wrote to her,
 * she accepts a new one. Dave here verifies like Bob (his new tablet is lesson 8). The lesson ends when the learner
 * looks at the green shield of "Book club".
 */
import { m } from '../../paraglide/messages';
import { BOB, bookClubRoom, learnerPerson } from '../../scenario/sandbox';
import { lookAt, roomIdOf, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson, LessonView } from '../types';
import { hasVerified, joinedRooms, messagesIn, screenOf, shieldOf, userIdOf } from '../view';
import { requestStep } from './emoji-steps';
import { confirmEmoji, newestRequest, requestFrom } from './emoji-verification';

/** "Book club" (its name is in the language the world was built in): the one group the learner is in. */
const bookClub = (v: LessonView) => joinedRooms(v).find((r) => !r.isDirect);

/** Carol answered something the learner wrote (in their chat, or wherever the learner wrote to her). */
const carolAnswered = (v: LessonView) => {
	const carol = userIdOf(v, 'carol');
	return joinedRooms(v).some((room) => {
		const lines = messagesIn(room);
		const first = lines.findIndex((e) => e.sender === v.learner);
		return first >= 0 && lines.slice(first).some((e) => e.sender === carol);
	});
};

export const lesson: Lesson = {
	...headerOf('verify-group', {
		summary: [m.l07_summary_1_2026, m.l07_summary_2, m.l07_summary_3, m.l07_summary_4_2026]
	}),
	scenario: (locale) => ({
		people: [
			learnerPerson(locale),
			BOB,
			{ localpart: 'carol', displayName: 'Carol', persona: 'carol' },
			// In this lesson Dave verifies like Bob and keeps to his one phone.
			{ localpart: 'dave', displayName: 'Dave', persona: 'bob' }
		],
		rooms: [bookClubRoom(locale, ['bob', 'carol', 'dave'], true)]
	}),
	steps: [
		{
			id: 'bob',
			title: m.l07_step_bob_title,
			why: m.l07_step_bob_why,
			hints: [m.l07_step_bob_hint1, m.l07_step_bob_hint2],
			today: {
				title: m.l07_step_bob_title_2026,
				why: m.l07_step_bob_why_2026,
				hints: [m.l07_step_bob_hint1, m.l07_step_bob_hint2_2026]
			},
			done: (v) => hasVerified(v, 'bob')
		},
		requestStep(
			'carol',
			{
				title: m.l07_step_carol_request_title,
				why: m.l07_step_carol_request_why,
				hints: [m.l07_step_carol_request_hint1, m.l07_step_carol_request_hint2],
				today: {
					title: m.l07_step_carol_request_title_2026,
					why: m.l07_step_carol_request_why_2026,
					hints: [m.l07_step_carol_request_hint1, m.l07_step_carol_request_hint2_2026]
				}
			},
			'carol-request'
		),
		{
			id: 'carol-write',
			title: m.l07_step_carol_write_title,
			why: m.l07_step_carol_write_why,
			hints: [m.l07_step_carol_write_hint1, m.l07_step_carol_write_hint2],
			// The unanswered request is over (nobody waits for it any more) and Carol answered the learner.
			done: (v) => newestRequest(v, 'carol')?.phase === 'cancelled' && carolAnswered(v)
		},
		{
			id: 'carol-verify',
			title: m.l07_step_carol_verify_title,
			why: m.l07_step_carol_verify_why,
			hints: [m.l07_step_carol_verify_hint1, m.l07_step_carol_verify_hint2],
			today: { hints: [m.l07_step_carol_verify_hint1, m.l07_step_carol_verify_hint2_2026] },
			done: (v) => hasVerified(v, 'carol')
		},
		{
			id: 'dave',
			title: m.l07_step_dave_title,
			why: m.l07_step_dave_why,
			hints: [m.l07_step_dave_hint1, m.l07_step_dave_hint2],
			today: {
				title: m.l07_step_dave_title_2026,
				why: m.l07_step_dave_why_2026,
				hints: [m.l07_step_dave_hint1_2026, m.l07_step_dave_hint2_2026]
			},
			// … and the learner is looking at "Book club" with its green shield.
			done: (v) => {
				const room = bookClub(v);
				return (
					hasVerified(v, 'dave') &&
					shieldOf(room) === 'verified' &&
					!!room &&
					screenOf(v).roomId === room.roomId
				);
			}
		}
	],
	summary: [m.l07_summary_1, m.l07_summary_2, m.l07_summary_3, m.l07_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		bob: (d) => confirmEmoji(d, 'bob'),
		'carol-request': (d) => requestFrom(d, 'carol'),
		// She does not react: cancel the request, then write to her in the chat the request opened.
		'carol-write': async (d) => {
			const f = newestRequest(await d.view(), 'carol');
			if (!f?.roomId) throw new Error('No request to Carol.');
			if (f.phase !== 'cancelled') await d.act({ type: 'cancelVerification', flowId: f.flowId });
			await d.act({ type: 'sendText', roomId: f.roomId, body: 'Hi Carol, do you have a minute?' });
		},
		'carol-verify': (d) => confirmEmoji(d, 'carol'),
		dave: async (d) => {
			await confirmEmoji(d, 'dave');
			await lookAt(d, { roomId: await roomIdOf(d, bookClub, 'No Book club.') });
		}
	}
};
