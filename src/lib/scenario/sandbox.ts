/**
 * The sandbox's starting point: the learner ("You", on a phone) with Bob, Carol and Dave, each with cross-signing;
 * an encrypted DM with Bob; an unencrypted group room "Book club" with all four, where the learner is admin.
 * Names and earlier messages are in the learner's language at the time the sandbox starts.
 */
import { m } from '../paraglide/messages';
import type { Locale } from '../paraglide/runtime';
import type { Scenario, ScenarioPerson, ScenarioRoom } from './scenario';

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

/** Bob, the cooperative contact most scenarios have. */
export const BOB: ScenarioPerson = { localpart: 'bob', displayName: 'Bob', persona: 'bob' };

/** The learner's encrypted direct chat with a contact (key `dm-‹contact›`), with what was said in it before. */
export function dmRoom(contact: string, messages?: ScenarioRoom['messages']): ScenarioRoom {
	const room: ScenarioRoom = {
		key: `dm-${contact}`,
		creator: LEARNER,
		members: [LEARNER, contact],
		encrypted: true,
		direct: true
	};
	return messages ? { ...room, messages } : room;
}

/**
 * "Book club", the group room the learner created (and administers) with these contacts, named in the learner's
 * language; each contact in it has written their line before (Carol, Dave, then Bob).
 */
export function bookClubRoom(locale: Locale, contacts: string[], encrypted: boolean): ScenarioRoom {
	const t = { locale };
	const lines: [string, string][] = [
		['carol', m.sandbox_message_carol({}, t)],
		['dave', m.sandbox_message_dave({}, t)],
		['bob', m.sandbox_message_bob({}, t)]
	];
	return {
		key: 'book-club',
		name: m.sandbox_room_book_club({}, t),
		creator: LEARNER,
		members: [LEARNER, ...contacts],
		encrypted,
		messages: lines.filter(([from]) => contacts.includes(from)).map(([from, body]) => ({ from, body }))
	};
}

export function sandboxScenario(locale: Locale, opts: { manInTheMiddle?: boolean } = {}): Scenario {
	return {
		people: [
			learnerPerson(locale),
			BOB,
			{ localpart: 'carol', displayName: 'Carol', persona: 'carol' },
			{ localpart: 'dave', displayName: 'Dave', persona: 'dave' }
		],
		rooms: [dmRoom('bob'), bookClubRoom(locale, ['bob', 'carol', 'dave'], false)],
		manInTheMiddle: opts.manInTheMiddle ? { victim: LEARNER, target: 'bob' } : undefined
	};
}
