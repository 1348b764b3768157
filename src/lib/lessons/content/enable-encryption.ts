/**
 * Lesson 5: turn on encryption in an existing room. "Book club" is unencrypted and the learner is its admin: Room
 * info → Settings → Security & Privacy → "Encrypted" → "Enable encryption?" → OK. Messages written before stay
 * plain; only admins may flip the switch (in Bob's "Garden club" it is greyed out).
 */
import { m } from '../../paraglide/messages';
import { BOB, bookClubRoom, LEARNER, learnerPerson } from '../../scenario/sandbox';
import { roomIdOf, writeIn, type LessonDriver, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson, LessonView } from '../types';
import { joinedRooms, messagesIn, userIdOf, type LessonRoom } from '../view';

/** The Book club: the group room the learner is admin of (found by power, so a change of language does not matter). */
function bookClub(v: LessonView): LessonRoom | undefined {
	return joinedRooms(v).find(
		(r) => !r.isDirect && (r.members.find((mb) => mb.userId === v.learner)?.powerLevel ?? 0) >= 100
	);
}

/** Where in the timeline encryption was turned on (-1 while it is off). */
function encryptionAt(room: LessonRoom | undefined): number {
	return room?.timeline.findIndex((e) => e.type === 'm.room.encryption') ?? -1;
}

export const lesson: Lesson = {
	...headerOf('enable-encryption', {
		summary: [m.l05_summary_1_2026, m.l05_summary_2, m.l05_summary_3, m.l05_summary_4]
	}),
	scenario: (locale) => ({
		people: [learnerPerson(locale), BOB, { localpart: 'carol', displayName: 'Carol' }],
		rooms: [
			bookClubRoom(locale, ['bob', 'carol'], false),
			{
				// Bob's room: the learner is a plain member there, so the switch is greyed out.
				key: 'garden-club',
				name: m.l05_room_garden({}, { locale }),
				creator: 'bob',
				members: ['bob', LEARNER],
				encrypted: false,
				messages: [{ from: 'bob', body: m.l05_message_garden({}, { locale }) }]
			}
		]
	}),
	steps: [
		{
			id: 'enable',
			title: m.l05_step_enable_title,
			why: m.l05_step_enable_why,
			hints: [m.l05_step_enable_hint1, m.l05_step_enable_hint2],
			today: {
				title: m.l05_step_enable_title_2026,
				hints: [m.l05_step_enable_hint1_2026, m.l05_step_enable_hint2]
			},
			done: (v) => !!bookClub(v)?.encryption,
			mistakes: [
				{
					id: 'plainMessage',
					// The learner wrote in the Book club while it was still unencrypted.
					happened: (v) => {
						const room = bookClub(v);
						if (room?.encryption) return undefined;
						return messagesIn(room, v.learner).find((e) => !e.encrypted)?.eventId;
					},
					explain: m.l05_mistake_plain
				}
			]
		},
		{
			id: 'send',
			title: m.l05_step_send_title,
			why: m.l05_step_send_why,
			hints: [m.l05_step_send_hint1, m.l05_step_send_hint2],
			today: { hints: [m.l05_step_send_hint1, m.l05_step_send_hint2_2026] },
			done: (v) => messagesIn(bookClub(v), v.learner).some((e) => e.encrypted)
		},
		{
			id: 'reply',
			title: m.l05_step_reply_title,
			why: m.l05_step_reply_why,
			hints: [m.l05_step_reply_hint1, m.l05_step_reply_hint2],
			done: (v) => {
				const room = bookClub(v);
				const after = encryptionAt(room);
				const bob = userIdOf(v, 'bob');
				return (
					after >= 0 &&
					(room?.timeline ?? [])
						.slice(after)
						.some((e) => e.type === 'm.room.message' && e.sender === bob && e.encrypted && !e.utd)
				);
			}
		}
	],
	summary: [m.l05_summary_1, m.l05_summary_2, m.l05_summary_3, m.l05_summary_4]
};

const bookClubId = (d: LessonDriver) => roomIdOf(d, bookClub, 'No Book club.');

export const solution: LessonSolution = {
	steps: {
		enable: async (d) => {
			await d.act({ type: 'enableEncryption', roomId: await bookClubId(d) });
		},
		send: (d) => writeIn(d, bookClub, 'Hello everyone!', 'No Book club.'),
		// Bob answers by himself.
		reply: async () => {}
	},
	mistakes: {
		plainMessage: (d) => writeIn(d, bookClub, 'Thursday is fine for me.', 'No Book club.')
	}
};
