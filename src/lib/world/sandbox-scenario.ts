/**
 * The sandbox's starting point: the learner ("You", on a phone) with Bob, Carol and Dave, each with cross-signing;
 * an encrypted DM with Bob; an unencrypted group room "Book club" with all four, where the learner is admin.
 * Names and earlier messages are in the learner's language at the time the sandbox starts.
 */
import { m } from '../paraglide/messages';
import type { Locale } from '../paraglide/runtime';
import type { Scenario, ScenarioPerson } from './scenario';

export const LEARNER = 'you';
export const LEARNER_PHONE = 'PHONE';
export const LEARNER_LAPTOP = 'LAPTOP';

/** The learner on their Phone, named in their language: the first person of every scenario. */
export function learnerPerson(locale: Locale): ScenarioPerson {
	const t = { locale };
	return {
		localpart: LEARNER,
		displayName: m.sandbox_person_you({}, t),
		deviceId: LEARNER_PHONE,
		deviceName: m.sandbox_device_phone({}, t)
	};
}

export function sandboxScenario(locale: Locale, opts: { manInTheMiddle?: boolean } = {}): Scenario {
	const t = { locale };
	return {
		people: [
			learnerPerson(locale),
			{ localpart: 'bob', displayName: 'Bob', persona: 'bob' },
			{ localpart: 'carol', displayName: 'Carol', persona: 'carol' },
			{ localpart: 'dave', displayName: 'Dave', persona: 'dave' }
		],
		rooms: [
			{ key: 'dm-bob', creator: LEARNER, members: [LEARNER, 'bob'], encrypted: true, direct: true },
			{
				key: 'book-club',
				name: m.sandbox_room_book_club({}, t),
				creator: LEARNER,
				members: [LEARNER, 'bob', 'carol', 'dave'],
				encrypted: false,
				messages: [
					{ from: 'carol', body: m.sandbox_message_carol({}, t) },
					{ from: 'dave', body: m.sandbox_message_dave({}, t) },
					{ from: 'bob', body: m.sandbox_message_bob({}, t) }
				]
			}
		],
		manInTheMiddle: opts.manInTheMiddle ? { victim: LEARNER, target: 'bob' } : undefined
	};
}
