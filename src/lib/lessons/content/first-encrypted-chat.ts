/**
 * Lesson 1: your first encrypted chat. A direct chat is encrypted from the start ("Encryption enabled"), and the
 * shield is grey until the other person is verified.
 */
import { m } from '../../paraglide/messages';
import { BOB, learnerPerson } from '../../scenario/sandbox';
import { writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson } from '../types';
import { dmWith, messagesIn, shieldOf, userIdOf } from '../view';

export const lesson: Lesson = {
	...headerOf('first-encrypted-chat', { summary: [m.l01_summary_1, m.l01_summary_2, m.l01_summary_3_2026] }),
	scenario: (locale) => ({ people: [learnerPerson(locale), BOB] }),
	steps: [
		{
			id: 'start',
			title: m.l01_step_start_title,
			why: m.l01_step_start_why,
			hints: [m.l01_step_start_hint1, m.l01_step_start_hint2],
			today: {
				title: m.l01_step_start_title_2026,
				hints: [m.l01_step_start_hint1_2026, m.l01_step_start_hint2_2026]
			},
			// Bob has joined, and the chat is encrypted without anyone switching it on.
			done: (v) => !!dmWith(v, 'bob')?.encryption
		},
		{
			id: 'send',
			title: m.l01_step_send_title,
			why: m.l01_step_send_why,
			hints: [m.l01_step_send_hint1, m.l01_step_send_hint2],
			today: { hints: [m.l01_step_send_hint1_2026, m.l01_step_send_hint2] },
			done: (v) => messagesIn(dmWith(v, 'bob'), v.learner).some((e) => e.encrypted)
		},
		{
			id: 'reply',
			title: m.l01_step_reply_title,
			why: m.l01_step_reply_why,
			hints: [m.l01_step_reply_hint1, m.l01_step_reply_hint2],
			today: {
				title: m.l01_step_reply_title_2026,
				why: m.l01_step_reply_why_2026,
				hints: [m.l01_step_reply_hint1, m.l01_step_reply_hint2_2026]
			},
			done: (v) => {
				const dm = dmWith(v, 'bob');
				const bob = userIdOf(v, 'bob');
				return shieldOf(dm) === 'normal' && messagesIn(dm, bob).some((e) => e.encrypted && !e.utd);
			}
		}
	],
	summary: [m.l01_summary_1, m.l01_summary_2, m.l01_summary_3]
};

export const solution: LessonSolution = {
	steps: {
		start: async (d) => {
			await d.act({ type: 'startDm', otherUserId: d.userIdOf('bob') });
		},
		send: (d) => writeIn(d, (v) => dmWith(v, 'bob'), 'Hello Bob!', 'No chat with Bob.'),
		// Bob answers by himself.
		reply: async () => {}
	}
};
