/**
 * Lesson 13: someone reset their identity. The learner verified Erin earlier; as the lesson begins she loses her
 * phone, signs in anew and makes a new identity, so the learner's chat with her shows the red banner. The learner
 * asks her what happened, then verifies her again by emoji. Withdrawing the verification instead is another honest
 * ending: the step is credited as that, and the summary is the one for that path.
 */
import { m } from '../../paraglide/messages';
import { dmRoom, LEARNER, learnerPerson } from '../../scenario/sandbox';
import { writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import { nudgeAtStart, type Lesson, type LessonView } from '../types';
import { dmWith, learnerAsked, shieldOf, trustOf } from '../view';
import { verifyByEmoji } from './emoji-verification';

/** The learner asked Erin in their chat whether she reset her account. */
function askedErin(v: LessonView): boolean {
	return learnerAsked(v, [dmWith(v, 'erin')], 'didReset');
}

/** Erin's new identity is verified: the learner's trust now rests on her new keys. */
function verifiedAgain(v: LessonView): boolean {
	const t = trustOf(v, 'erin');
	return !!t && !t.wasVerified && t.verified;
}

/** The old verification is withdrawn instead: no more red, and Erin is not verified (grey). */
function withdrawn(v: LessonView): boolean {
	const t = trustOf(v, 'erin');
	return !!t && !t.wasVerified && !t.verified && shieldOf(dmWith(v, 'erin')) === 'normal';
}

export const lesson: Lesson = {
	...headerOf('identity-reset', {
		summary: [m.l13_summary_1_2026, m.l13_summary_2, m.l13_summary_3_2026, m.l13_summary_4_2026]
	}),
	scenario: (locale) => ({
		locale,
		people: [learnerPerson(locale), { localpart: 'erin', displayName: 'Erin', persona: 'erin' }],
		rooms: [dmRoom('erin', [{ from: 'erin', body: m.l13_erin_before({}, { locale }) }])],
		// Earlier, the learner and Erin compared emoji: the chat was green.
		verified: [{ who: LEARNER, whom: 'erin' }]
	}),
	// Erin loses her phone and resets her identity as the lesson begins.
	start: nudgeAtStart('erin', 'resetIdentity'),
	steps: [
		{
			id: 'ask',
			title: m.l13_step_ask_title,
			why: m.l13_step_ask_why,
			hints: [m.l13_step_ask_hint1, m.l13_step_ask_hint2],
			today: { title: m.l13_step_ask_title_2026, hints: [m.l13_step_ask_hint1_2026, m.l13_step_ask_hint2] },
			done: askedErin
		},
		{
			id: 'reverify',
			title: m.l13_step_reverify_title,
			why: m.l13_step_reverify_why,
			hints: [m.l13_step_reverify_hint1, m.l13_step_reverify_hint2],
			today: {
				title: m.l13_step_reverify_title_2026,
				why: m.l13_step_reverify_why_2026,
				hints: [m.l13_step_reverify_hint1_2026, m.l13_step_reverify_hint2_2026]
			},
			done: verifiedAgain,
			alternatives: [
				{
					id: 'withdraw',
					title: m.l13_step_withdraw_title,
					done: withdrawn,
					summary: [m.l13_summary_1, m.l13_summary_2, m.l13_withdraw_summary_3, m.l13_withdraw_summary_4],
					today: {
						title: m.l13_step_withdraw_title_2026,
						summary: [
							m.l13_summary_1_2026,
							m.l13_summary_2,
							m.l13_withdraw_summary_3_2026,
							m.l13_withdraw_summary_4_2026
						]
					}
				}
			]
		}
	],
	summary: [m.l13_summary_1, m.l13_summary_2, m.l13_summary_3, m.l13_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		ask: (d) => writeIn(d, (v) => dmWith(v, 'erin'), 'Did you reset your account?', 'No chat with Erin.'),
		reverify: async (d) => {
			await verifyByEmoji(d, 'erin');
		}
	},
	alternatives: {
		// "Withdraw verification" on the banner.
		withdraw: async (d) => {
			await d.act({ type: 'withdrawVerification', otherUserId: d.userIdOf('erin') });
		}
	}
};
