/**
 * Lesson 8: a red shield. Bob and Dave were verified earlier, so "Book club" is green; then Dave signs in on a new
 * tablet he has not verified, and the room turns red. The learner finds who, asks Dave, and Dave verifies his tablet
 * from his phone: green again. Verifying Dave once more would not help (his identity is fine, his tablet is not).
 */
import { m } from '../../paraglide/messages';
import { BOB, bookClubRoom, LEARNER, learnerPerson } from '../../scenario/sandbox';
import { lookAt, roomIdOf, writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import { nudgeAtStart, type Lesson, type LessonView } from '../types';
import {
	hasJoined,
	joinedRooms,
	learnerAsked,
	screenOf,
	shieldOf,
	userIdOf,
	verificationsWith
} from '../view';

/** The encrypted group room with Bob and Dave (its name follows the language). */
function bookClub(v: LessonView) {
	const bob = userIdOf(v, 'bob');
	const dave = userIdOf(v, 'dave');
	return joinedRooms(v).find((r) => !r.isDirect && hasJoined(r, bob) && hasJoined(r, dave));
}

/** The learner asked, in a room Dave is in, for his new tablet to be verified. */
function askedDave(v: LessonView): boolean {
	const dave = userIdOf(v, 'dave');
	return learnerAsked(
		v,
		joinedRooms(v).filter((r) => hasJoined(r, dave)),
		'verifyTablet'
	);
}

export const lesson: Lesson = {
	...headerOf('red-shield', {
		summary: [m.l08_summary_1_2026, m.l08_summary_2_2026, m.l08_summary_3, m.l08_summary_4_2026]
	}),
	scenario: (locale) => ({
		locale,
		people: [learnerPerson(locale), BOB, { localpart: 'dave', displayName: 'Dave', persona: 'dave' }],
		rooms: [bookClubRoom(locale, ['bob', 'dave'], true)],
		// Earlier, the learner met both and compared emoji: the room was green.
		verified: [
			{ who: LEARNER, whom: 'bob' },
			{ who: LEARNER, whom: 'dave' }
		]
	}),
	// Dave signs in on his new tablet as the lesson begins.
	start: nudgeAtStart('dave', 'newTablet'),
	steps: [
		{
			id: 'ask',
			title: m.l08_step_ask_title,
			why: m.l08_step_ask_why,
			hints: [m.l08_step_ask_hint1, m.l08_step_ask_hint2],
			today: {
				title: m.l08_step_ask_title_2026,
				why: m.l08_step_ask_why_2026,
				hints: [m.l08_step_ask_hint1_2026, m.l08_step_ask_hint2]
			},
			done: askedDave,
			mistakes: [
				{
					id: 'reverify',
					// A new verification of Dave (the one from before is done): it checks his identity, not his tablet.
					happened: (v) =>
						verificationsWith(v, 'dave').find((f) => f.weStarted && f.phase !== 'done')?.flowId,
					explain: m.l08_mistake_reverify
				}
			]
		},
		{
			id: 'green',
			title: m.l08_step_green_title,
			why: m.l08_step_green_why,
			hints: [m.l08_step_green_hint1, m.l08_step_green_hint2],
			today: {
				title: m.l08_step_green_title_2026,
				why: m.l08_step_green_why_2026,
				hints: [m.l08_step_green_hint1_2026, m.l08_step_green_hint2_2026]
			},
			// Green again, and the learner is looking at Dave's sessions (his profile) to see why.
			done: (v) => {
				const dave = userIdOf(v, 'dave');
				return shieldOf(bookClub(v)) === 'verified' && !!dave && screenOf(v).profile === dave;
			}
		}
	],
	summary: [m.l08_summary_1, m.l08_summary_2, m.l08_summary_3, m.l08_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		ask: (d) => writeIn(d, bookClub, 'Dave, please verify your new tablet.', 'No Book club.'),
		// Dave compares the emoji on his phone and his tablet by himself; the learner opens his profile in "Book club".
		green: async (d) => {
			await lookAt(d, { roomId: await roomIdOf(d, bookClub, 'No Book club.'), profile: d.userIdOf('dave') });
		}
	},
	mistakes: {
		reverify: async (d) => {
			await d.act({ type: 'requestVerification', otherUserId: d.userIdOf('dave') });
		}
	}
};
