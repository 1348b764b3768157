/**
 * Lesson 6: verify a contact by emoji. From Bob's profile ("Verify" → "Start Verification"), compare the emoji
 * with the ones Bob reads out in a call, press "They match": the chat with Bob turns green. Pressing "They don't
 * match" although Bob's emoji were the same is explained; the learner starts again.
 */
import { m } from '../../paraglide/messages';
import { BOB, dmRoom, learnerPerson } from '../../scenario/sandbox';
import type { LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson } from '../types';
import { dmWith, hasVerified, shieldOf } from '../view';
import { verifyByEmojiMoves, verifyByEmojiSteps } from './emoji-steps';
import { confirmEmoji, mismatched, newestRequest, rejectEmoji } from './emoji-verification';

export const lesson: Lesson = {
	...headerOf('verify-contact', {
		summary: [m.l06_summary_1, m.l06_summary_2, m.l06_summary_3, m.l06_summary_4_2026]
	}),
	scenario: (locale) => ({
		people: [learnerPerson(locale), BOB],
		rooms: [dmRoom('bob', [{ from: 'bob', body: m.l06_scenario_bob({}, { locale }) }])]
	}),
	steps: [
		...verifyByEmojiSteps('bob', {
			request: {
				title: m.l06_step_request_title,
				why: m.l06_step_request_why,
				hints: [m.l06_step_request_hint1, m.l06_step_request_hint2],
				today: {
					title: m.l06_step_request_title_2026,
					hints: [m.l06_step_request_hint1, m.l06_step_request_hint2_2026]
				}
			},
			compare: {
				title: m.l06_step_compare_title,
				why: m.l06_step_compare_why,
				hints: [m.l06_step_compare_hint1, m.l06_step_compare_hint2]
			}
		}),
		{
			id: 'confirm',
			title: m.l06_step_confirm_title,
			why: m.l06_step_confirm_why,
			hints: [m.l06_step_confirm_hint1, m.l06_step_confirm_hint2],
			today: {
				title: m.l06_step_confirm_title_2026,
				hints: [m.l06_step_confirm_hint1, m.l06_step_confirm_hint2_2026]
			},
			done: (v) => hasVerified(v, 'bob') && shieldOf(dmWith(v, 'bob')) === 'verified',
			mistakes: [
				{
					// Bob's emoji were the same: "They don't match" was a misreading. Start again in place.
					id: 'mismatch',
					happened: (v) => {
						const f = newestRequest(v, 'bob');
						return mismatched(f) ? f!.flowId : undefined;
					},
					explain: m.l06_mistake_mismatch,
					today: { explain: m.l06_mistake_mismatch_2026 }
				}
			]
		}
	],
	summary: [m.l06_summary_1, m.l06_summary_2, m.l06_summary_3, m.l06_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		...verifyByEmojiMoves('bob'),
		confirm: (d) => confirmEmoji(d, 'bob')
	},
	mistakes: {
		mismatch: (d) => rejectEmoji(d, 'bob')
	}
};
