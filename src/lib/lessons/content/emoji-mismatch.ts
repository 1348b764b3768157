/**
 * Lesson 10: when the emoji don't match. The server is compromised between the learner and Bob from the start: an
 * attacker relays the verification, so the learner's emoji differ from the ones the real Bob reads out in the
 * call. The right move is "They don't match". "They match" trusts the attacker's keys and cannot be undone in the
 * world: the lesson sets the situation up afresh.
 */
import { m } from '../../paraglide/messages';
import { BOB, dmRoom, LEARNER, learnerPerson } from '../../scenario/sandbox';
import type { LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson } from '../types';
import { hasVerified } from '../view';
import { verifyByEmojiMoves, verifyByEmojiSteps } from './emoji-steps';
import { confirmEmoji, mismatched, newestRequest, rejectEmoji } from './emoji-verification';

export const lesson: Lesson = {
	...headerOf('emoji-mismatch', {
		summary: [m.l10_summary_1, m.l10_summary_2_2026, m.l10_summary_3, m.l10_summary_4]
	}),
	scenario: (locale) => ({
		people: [learnerPerson(locale), BOB],
		rooms: [dmRoom('bob')],
		manInTheMiddle: { victim: LEARNER, target: 'bob' }
	}),
	steps: [
		...verifyByEmojiSteps('bob', {
			request: {
				title: m.l10_step_request_title,
				why: m.l10_step_request_why,
				hints: [m.l10_step_request_hint1, m.l10_step_request_hint2],
				today: {
					title: m.l10_step_request_title_2026,
					hints: [m.l10_step_request_hint1_2026, m.l10_step_request_hint2_2026]
				}
			},
			compare: {
				title: m.l10_step_compare_title,
				why: m.l10_step_compare_why,
				hints: [m.l10_step_compare_hint1, m.l10_step_compare_hint2]
			}
		}),
		{
			id: 'reject',
			title: m.l10_step_reject_title,
			why: m.l10_step_reject_why,
			hints: [m.l10_step_reject_hint1, m.l10_step_reject_hint2],
			today: {
				title: m.l10_step_reject_title_2026,
				hints: [m.l10_step_reject_hint1, m.l10_step_reject_hint2_2026]
			},
			done: (v) => mismatched(newestRequest(v, 'bob')) && !hasVerified(v, 'bob'),
			mistakes: [
				{
					// The learner signed the attacker's key as Bob's: only a new world puts that right.
					id: 'trusted-attacker',
					happened: (v) => {
						const f = newestRequest(v, 'bob');
						return f?.phase === 'done' ? f.flowId : undefined;
					},
					explain: m.l10_mistake_trusted_attacker,
					today: { explain: m.l10_mistake_trusted_attacker_2026 },
					rebuild: { retryFrom: 0 }
				}
			]
		}
	],
	summary: [m.l10_summary_1, m.l10_summary_2, m.l10_summary_3, m.l10_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		...verifyByEmojiMoves('bob'),
		reject: (d) => rejectEmoji(d, 'bob')
	},
	mistakes: {
		'trusted-attacker': (d) => confirmEmoji(d, 'bob')
	}
};
