/**
 * "Which shield will the room show when …?" — small scripts of what people do. The answers are NOT written here:
 * answer-key.test.ts runs every story in a real World (real crypto, real verification) and reads the shield rules;
 * answer-key.json is what it found. Pure data plus the text the learner reads for each step.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { Topic } from './topics';
import type { Text } from './types';

/** The practice contacts. Names are the same in every language. */
export const PEOPLE = { bob: 'Bob', carol: 'Carol', dave: 'Dave', erin: 'Erin' } as const;
export type Person = keyof typeof PEOPLE;
/** `me` is the learner (the viewer whose shields we read). */
export type Who = 'me' | Person;
export type NewDevice = 'tablet' | 'laptop';

export type Step =
	/** I verify a person by emoji (my phone with their current main device). */
	| { do: 'verify'; who: Person }
	/** Someone signs in on another device and does not verify it. */
	| { do: 'newDevice'; who: Who; device: NewDevice }
	/** Someone verifies that device with the one they had (self-verification by emoji). */
	| { do: 'selfVerify'; who: Who; device: NewDevice }
	/** Someone loses every device and the key, signs in anew and creates a new cross-signing identity. */
	| { do: 'resetIdentity'; who: Person }
	/** I press "Withdraw verification" for a person whose identity changed. */
	| { do: 'withdraw'; who: Person }
	| { do: 'signOut'; who: Who; device: NewDevice }
	/** I turn encryption on in the room settings. */
	| { do: 'enableEncryption' }
	/** A person is invited and joins. */
	| { do: 'join'; who: Person };

/** A step only the 2026 quiz's stories take: someone writes from one of their devices (the phone unless named). */
export type SendStep = { do: 'send'; who: Person; device?: NewDevice };
/** What a story in a real world can do (compute-answers.ts plays both editions' stories). */
export type PlayStep = Step | SendStep;

export type RoomName = 'project' | 'book-club' | 'neighbours' | 'lobby' | 'notes';

export type StoryRoom =
	| { kind: 'group'; name: RoomName; encrypted: boolean; members: Person[] }
	| { kind: 'dm'; with: Person }
	| { kind: 'solo'; name: RoomName };

export interface Story {
	id: string;
	room: StoryRoom;
	steps: Step[];
}

export type Ask = { of: 'room' } | { of: 'member'; who: Person };

export interface SituationSpec {
	/** Question id; also its key in answer-key.json. */
	id: string;
	story: string;
	/** How many of the story's steps have happened. */
	after: number;
	ask: Ask;
	/** What it practises (topics.ts). */
	topic: Topic;
}

export const STORIES: readonly Story[] = [
	{
		// A team that verifies one by one; then Dave gets a tablet.
		id: 'team',
		room: { kind: 'group', name: 'project', encrypted: true, members: ['bob', 'carol', 'dave'] },
		steps: [
			{ do: 'verify', who: 'bob' },
			{ do: 'verify', who: 'carol' },
			{ do: 'verify', who: 'dave' },
			{ do: 'newDevice', who: 'dave', device: 'tablet' },
			{ do: 'selfVerify', who: 'dave', device: 'tablet' }
		]
	},
	{
		// Someone you verified resets their identity.
		id: 'reset',
		room: { kind: 'group', name: 'book-club', encrypted: true, members: ['bob', 'carol'] },
		steps: [
			{ do: 'verify', who: 'bob' },
			{ do: 'verify', who: 'carol' },
			{ do: 'resetIdentity', who: 'carol' },
			{ do: 'withdraw', who: 'carol' }
		]
	},
	{
		// Nobody verified: what people do with their devices never makes it red.
		id: 'strangers',
		room: { kind: 'group', name: 'neighbours', encrypted: true, members: ['bob', 'erin'] },
		steps: [
			{ do: 'newDevice', who: 'erin', device: 'tablet' },
			{ do: 'resetIdentity', who: 'bob' }
		]
	},
	{
		// A DM with someone you verified, who signs in on a tablet and signs out again.
		id: 'dm',
		room: { kind: 'dm', with: 'bob' },
		steps: [
			{ do: 'verify', who: 'bob' },
			{ do: 'newDevice', who: 'bob', device: 'tablet' },
			{ do: 'signOut', who: 'bob', device: 'tablet' }
		]
	},
	{
		// No encryption, no shield; then encryption on; then a newcomer.
		id: 'lobby',
		room: { kind: 'group', name: 'lobby', encrypted: false, members: ['bob'] },
		steps: [{ do: 'verify', who: 'bob' }, { do: 'enableEncryption' }, { do: 'join', who: 'erin' }]
	}
];

/**
 * A question about a story: after `after` of its steps, which shield does the room (or `of` a member) show? Its id,
 * unless given, is `sit-<story>-<after>-<room or member>`.
 */
function situation(
	story: string,
	after: number,
	of: 'room' | Person,
	topic: Topic,
	id = `sit-${story}-${after}-${of}`
): SituationSpec {
	return { id, story, after, ask: of === 'room' ? { of: 'room' } : { of: 'member', who: of }, topic };
}

/**
 * The learner's own sessions count in a room's shield only in rules no lesson lets the learner meet (a group where
 * they verified someone, or a room of their own): the quiz asks about other people's sessions only.
 */
export const SITUATIONS: readonly SituationSpec[] = [
	situation('team', 0, 'room', 'room-grey'),
	situation('team', 1, 'room', 'room-grey'),
	situation('team', 1, 'bob', 'verify-person'),
	situation('team', 3, 'room', 'room-green'),
	situation('team', 4, 'room', 'new-session'),
	situation('team', 4, 'dave', 'new-session'),
	situation('team', 5, 'room', 'new-session'),
	situation('reset', 3, 'room', 'identity-reset'),
	situation('reset', 3, 'carol', 'identity-reset'),
	situation('reset', 4, 'room', 'identity-reset'),
	situation('strangers', 1, 'room', 'new-session'),
	situation('strangers', 2, 'bob', 'identity-reset'),
	situation('dm', 1, 'room', 'room-green'),
	situation('dm', 2, 'room', 'new-session', 'sit-dm-tablet-room'),
	situation('dm', 3, 'room', 'new-session', 'sit-dm-signout-room'),
	situation('lobby', 1, 'room', 'room-no-shield'),
	situation('lobby', 2, 'room', 'room-no-shield'),
	situation('lobby', 3, 'room', 'room-grey')
];

export function story(id: string): Story {
	const found = STORIES.find((s) => s.id === id);
	if (!found) throw new Error(`No quiz story "${id}".`);
	return found;
}

/** Everyone a story needs in its world: the room's members and whoever a step brings in. */
export function peopleOf(s: { room: StoryRoom; steps: readonly PlayStep[] }): Person[] {
	const people = new Set<Person>();
	if (s.room.kind === 'group') for (const p of s.room.members) people.add(p);
	if (s.room.kind === 'dm') people.add(s.room.with);
	for (const step of s.steps) if ('who' in step && step.who !== 'me') people.add(step.who);
	return [...people];
}

// ---------------------------------------------------------------------------------------------------------------
// What the learner reads

export function roomName(name: RoomName): Text {
	const names: Record<RoomName, Text> = {
		project: (locale) => m.quiz_room_project({}, { locale }),
		'book-club': (locale) => m.quiz_room_book_club({}, { locale }),
		neighbours: (locale) => m.quiz_room_neighbours({}, { locale }),
		lobby: (locale) => m.quiz_room_lobby({}, { locale }),
		notes: (locale) => m.quiz_room_notes({}, { locale })
	};
	return names[name];
}

/** "You, Bob and Carol" in the UI language's own list style. */
export function listOfNames(names: readonly string[], locale: Locale): string {
	return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}

function deviceName(device: NewDevice, locale?: Locale): string {
	return device === 'tablet' ? m.quiz_device_tablet({}, { locale }) : m.quiz_device_laptop({}, { locale });
}

export function setupText(s: Story): Text {
	const r = s.room;
	return (locale) => {
		const loc = locale ?? getLocale();
		if (r.kind === 'dm') return m.quiz_setup_dm({ person: PEOPLE[r.with] }, { locale });
		if (r.kind === 'solo') return m.quiz_setup_solo({ room: roomName(r.name)(locale) }, { locale });
		const members = listOfNames([m.quiz_you({}, { locale }), ...r.members.map((p) => PEOPLE[p])], loc);
		const inputs = { members, room: roomName(r.name)(locale) };
		return r.encrypted
			? m.quiz_setup_group_encrypted(inputs, { locale })
			: m.quiz_setup_group_plain(inputs, { locale });
	};
}

export function stepText(step: Step): Text {
	return (locale) => {
		const o = { locale };
		switch (step.do) {
			case 'verify':
				return m.quiz_step_verify({ person: PEOPLE[step.who] }, o);
			case 'newDevice':
				return step.who === 'me'
					? m.quiz_step_new_device_me({ device: deviceName(step.device, locale) }, o)
					: m.quiz_step_new_device({ person: PEOPLE[step.who], device: deviceName(step.device, locale) }, o);
			case 'selfVerify':
				return step.who === 'me'
					? m.quiz_step_self_verify_me({ device: deviceName(step.device, locale) }, o)
					: m.quiz_step_self_verify({ person: PEOPLE[step.who], device: deviceName(step.device, locale) }, o);
			case 'resetIdentity':
				return m.quiz_step_reset({ person: PEOPLE[step.who] }, o);
			case 'withdraw':
				return m.quiz_step_withdraw({ person: PEOPLE[step.who] }, o);
			case 'signOut':
				return step.who === 'me'
					? m.quiz_step_sign_out_me({ device: deviceName(step.device, locale) }, o)
					: m.quiz_step_sign_out({ person: PEOPLE[step.who], device: deviceName(step.device, locale) }, o);
			case 'enableEncryption':
				return m.quiz_step_enable_encryption({}, o);
			case 'join':
				return m.quiz_step_join({ person: PEOPLE[step.who] }, o);
		}
	};
}

export function askText(ask: Ask): Text {
	return (locale) =>
		ask.of === 'room'
			? m.quiz_ask_room({}, { locale })
			: m.quiz_ask_member({ person: PEOPLE[ask.who] }, { locale });
}

export function displayName(who: string): string {
	return who in PEOPLE ? PEOPLE[who as Person] : who;
}
