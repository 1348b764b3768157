/**
 * Lesson 4: create an encrypted room. The switch "Enable end-to-end encryption" is on by default for a private
 * room; once on it can never be turned off; a public room is created without it. The learner creates a room, invites
 * Bob and writes in it.
 */
import { m } from '../../paraglide/messages';
import { BOB, learnerPerson } from '../../scenario/sandbox';
import { roomIdOf, writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson, LessonView } from '../types';
import { hasJoined, joinedRooms, messagesIn, userIdOf, type LessonRoom } from '../view';

/** Group rooms the learner created (they hold the creator's power level). */
function ownRooms(v: LessonView): LessonRoom[] {
	return joinedRooms(v).filter(
		(r) => !r.isDirect && (r.members.find((mb) => mb.userId === v.learner)?.powerLevel ?? 0) >= 100
	);
}

const encryptedOwnRooms = (v: LessonView) => ownRooms(v).filter((r) => !!r.encryption);

/** The learner's encrypted rooms Bob has joined. */
function withBob(v: LessonView): LessonRoom[] {
	const bob = userIdOf(v, 'bob');
	return encryptedOwnRooms(v).filter((r) => hasJoined(r, bob));
}

export const lesson: Lesson = {
	...headerOf('create-encrypted-room', {
		summary: [m.l04_summary_1, m.l04_summary_2, m.l04_summary_3, m.l04_summary_4_2026]
	}),
	scenario: (locale) => ({ people: [learnerPerson(locale), BOB] }),
	steps: [
		{
			id: 'create',
			title: m.l04_step_create_title,
			why: m.l04_step_create_why,
			hints: [m.l04_step_create_hint1, m.l04_step_create_hint2],
			today: {
				title: m.l04_step_create_title_2026,
				hints: [m.l04_step_create_hint1_2026, m.l04_step_create_hint2]
			},
			done: (v) => encryptedOwnRooms(v).length > 0,
			mistakes: [
				{
					id: 'unencrypted',
					// A room of the learner's without encryption (switch off, or "Public room").
					happened: (v) => ownRooms(v).find((r) => !r.encryption)?.roomId,
					explain: m.l04_mistake_unencrypted
				}
			]
		},
		{
			id: 'invite',
			title: m.l04_step_invite_title,
			why: m.l04_step_invite_why,
			hints: [m.l04_step_invite_hint1, m.l04_step_invite_hint2],
			today: {
				title: m.l04_step_invite_title_2026,
				hints: [m.l04_step_invite_hint1_2026, m.l04_step_invite_hint2_2026]
			},
			done: (v) => withBob(v).length > 0
		},
		{
			id: 'send',
			title: m.l04_step_send_title,
			why: m.l04_step_send_why,
			hints: [m.l04_step_send_hint1, m.l04_step_send_hint2],
			today: { why: m.l04_step_send_why_2026 },
			done: (v) => withBob(v).some((r) => messagesIn(r, v.learner).some((e) => e.encrypted))
		}
	],
	summary: [m.l04_summary_1, m.l04_summary_2, m.l04_summary_3, m.l04_summary_4]
};

export const solution: LessonSolution = {
	steps: {
		create: async (d) => {
			await d.act({ type: 'createRoom', name: 'Project team', encrypted: true });
		},
		invite: async (d) => {
			const roomId = await roomIdOf(
				d,
				(v) => encryptedOwnRooms(v).at(-1),
				'No encrypted room of the learner.'
			);
			await d.act({ type: 'invite', roomId, otherUserId: d.userIdOf('bob') });
		},
		send: (d) => writeIn(d, (v) => withBob(v).at(-1), 'Hello Bob, welcome!', 'No encrypted room with Bob.')
	},
	mistakes: {
		unencrypted: async (d) => {
			await d.act({ type: 'createRoom', name: 'Open room', encrypted: false });
		}
	}
};
