/**
 * The 2026 set: today's Element's signals — the DM header's "Verified" / "Untrusted" (or nothing), no shield on a
 * group (the member list instead), the identity banner's two buttons, "Sent from an insecure device." and the flipped
 * composer hint. Every answer that depends on the world, and every picture a question shows, comes from
 * views-2026.json: what real worlds showed through the 2026 client's own rules (views-2026.test.ts checks it).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import views from './views-2026.json';
import { PEOPLE, listOfNames, roomName, type Person, type PlayStep, type RoomName } from './situations';
import { STORIES_2026, viewKey, type Header2026, type View2026, type Views2026 } from './stories-2026';

export { VIEWS_ASKED_2026 } from './stories-2026';
import type { Topic } from './topics';
import type { ActionQuestion, Choice, Question, SituationQuestion, Text } from './types';

type Msg = (inputs: Record<string, never>, options: { locale?: Locale }) => string;
const t =
	(msg: Msg): Text =>
	(locale) =>
		msg({}, { locale });

const name = (who: string): string => (who in PEOPLE ? PEOPLE[who as Person] : who);

function view(all: Views2026, key: string): View2026 {
	const found = all[key];
	if (!found) throw new Error(`views-2026.json has no view ${key}: run npm run quiz:answers.`);
	return found;
}

function story(id: string) {
	const found = STORIES_2026.find((s) => s.id === id);
	if (!found) throw new Error(`No 2026 quiz story "${id}".`);
	return found;
}

// ---------------------------------------------------------------------------------------------------------------
// What the learner reads

function setupText(id: string): Text {
	const r = story(id).room;
	return (locale) => {
		const o = { locale };
		if (r.kind === 'dm') return m.quiz26_setup_dm({ person: PEOPLE[r.with] }, o);
		if (r.kind !== 'group') throw new Error('The 2026 stories are DMs and groups.');
		const members = listOfNames(
			[m.quiz_you({}, o), ...r.members.map((p) => PEOPLE[p])],
			locale ?? getLocale()
		);
		return m.quiz26_setup_group({ members, room: roomName(r.name)(locale) }, o);
	};
}

function stepText(step: PlayStep): Text {
	return (locale) => {
		const o = { locale };
		const device = () =>
			'device' in step && step.device === 'laptop'
				? m.quiz_device_laptop({}, o)
				: m.quiz_device_tablet({}, o);
		switch (step.do) {
			case 'verify':
				return m.quiz26_step_verify({ person: PEOPLE[step.who] }, o);
			case 'newDevice':
				return m.quiz26_step_new_device({ person: name(step.who), device: device() }, o);
			case 'selfVerify':
				return m.quiz26_step_self_verify({ person: name(step.who), device: device() }, o);
			case 'resetIdentity':
				return m.quiz26_step_reset({ person: PEOPLE[step.who] }, o);
			case 'send':
				return m.quiz26_step_send({ person: PEOPLE[step.who], device: device() }, o);
			default:
				throw new Error(`No 2026 text for the step ${step.do}.`);
		}
	};
}

const HEADER_CHOICES: Choice[] = [
	{ id: 'verified', text: t(m.quiz26_header_verified) },
	{ id: 'untrusted', text: t(m.quiz26_header_untrusted) },
	{ id: 'none', text: t(m.quiz26_header_none) }
];

const BANNER_CHOICES: Choice[] = [
	{ id: 'withdraw', text: t(m.quiz26_banner_withdraw) },
	{ id: 'dismiss', text: t(m.quiz26_banner_dismiss) },
	{ id: 'verify-user', text: t(m.quiz26_banner_verify_user) },
	{ id: 'none', text: t(m.quiz26_banner_none) }
];

/** A "what will Element show?" question about a story after `after` of its steps. */
function situation(
	id: string,
	storyId: string,
	after: number,
	topic: Topic,
	prompt: Text,
	choices: Choice[],
	correct: string,
	explanation: Text
): SituationQuestion {
	return {
		id,
		kind: 'situation',
		kindText: t(m.quiz26_kind_show),
		prompt,
		setup: setupText(storyId),
		steps: story(storyId).steps.slice(0, after).map(stepText),
		choices,
		correct,
		explanation,
		shuffleChoices: false,
		topic
	};
}

/** Why a DM header (or a group's) shows what it shows, from the view. */
function explainHeader(v: View2026, room: RoomName | undefined): Text {
	return (locale) => {
		const o = { locale };
		if (!v.isDirect) {
			const verified = Object.entries(v.members)
				.filter(([, s]) => s === 'verified')
				.map(([p]) => name(p));
			const parts = [m.quiz26_why_group_none({ room: room ? roomName(room)(locale) : '' }, o)];
			if (verified.length)
				parts.push(m.quiz26_why_group_members({ people: listOfNames(verified, locale ?? getLocale()) }, o));
			return parts.join(' ');
		}
		const person = Object.keys(v.members).map(name)[0] ?? '';
		if (v.header === 'verified') return m.quiz26_why_dm_verified({ person }, o);
		if (v.header === 'none') return m.quiz26_why_dm_none({ person }, o);
		return v.untrustedBy
			.map((c) =>
				c.reason === 'identity-changed'
					? m.quiz26_why_dm_untrusted_identity({ person: name(c.who) }, o)
					: m.quiz26_why_dm_untrusted_device({ person: name(c.who) }, o)
			)
			.join(' ');
	};
}

function headerQuestion(storyId: string, after: number, topic: Topic, all: Views2026): SituationQuestion {
	const v = view(all, viewKey(storyId, after));
	const r = story(storyId).room;
	const prompt: Text =
		r.kind === 'dm'
			? (locale) => m.quiz26_ask_dm_header({ person: PEOPLE[r.with] }, { locale })
			: (locale) =>
					m.quiz26_ask_group_header({ room: r.kind === 'group' ? roomName(r.name)(locale) : '' }, { locale });
	const correct: Header2026 = v.header;
	return situation(
		`t26-header-${storyId}-${after}`,
		storyId,
		after,
		topic,
		prompt,
		HEADER_CHOICES,
		correct,
		explainHeader(v, r.kind === 'group' ? r.name : undefined)
	);
}

function bannerQuestion(storyId: string, after: number, all: Views2026): SituationQuestion {
	const v = view(all, viewKey(storyId, after));
	const banner = v.banner;
	const explanation: Text = (locale) => {
		const o = { locale };
		if (!banner) return m.quiz26_why_banner_none({}, o);
		const person = name(banner.who);
		return banner.action === 'withdraw'
			? m.quiz26_why_banner_withdraw({ person }, o)
			: m.quiz26_why_banner_dismiss({ person }, o);
	};
	return situation(
		`t26-banner-${storyId}-${after}`,
		storyId,
		after,
		'identity-reset',
		t(m.quiz26_ask_banner),
		BANNER_CHOICES,
		banner?.action ?? 'none',
		explanation
	);
}

/** "The group's header shows nothing: who, going by the member list, uses a device they have not verified?" */
function membersQuestion(all: Views2026): ActionQuestion {
	const key = viewKey('team', 4);
	const v = view(all, key);
	// What the 2026 member list draws: the world's shield, but nothing for someone not verified yet.
	const members = Object.entries(v.members).map(([p, shield]) => {
		// The rule of memberListShield('2026', …) (edition-view.ts, which the page may not import from here).
		const mark = shield === 'verified' || shield === 'warning' ? shield : undefined;
		return { person: name(p), shield: mark };
	});
	const red = members.filter((x) => x.shield === 'warning');
	if (red.length > 1) throw new Error(`${key}: the question expects at most one red badge.`);
	const choices: Choice[] = [
		...members.map((x) => ({ id: x.person, text: () => x.person })),
		{ id: 'nobody', text: t(m.quiz26_members_nobody) }
	];
	const culprit = red[0]?.person;
	return {
		id: 't26-group-members',
		kind: 'action',
		kindText: t(m.quiz26_kind_read),
		prompt: (locale) => m.quiz26_members_prompt({ room: roomName('project')(locale) }, { locale }),
		scene: {
			place: 'room-2026',
			room: roomName('project'),
			header: v.header,
			members
		},
		choices,
		correct: culprit ?? 'nobody',
		explanation: (locale) =>
			culprit
				? m.quiz26_members_why({ person: culprit }, { locale })
				: m.quiz26_members_why_nobody({}, { locale }),
		shuffleChoices: false,
		topic: 'new-session'
	};
}

/** "Which chat is not encrypted?", read off the composers' hints. */
function composerQuestion(all: Views2026): ActionQuestion {
	const shown: { room: RoomName; key: string }[] = [
		{ room: 'lobby', key: viewKey('lobby', 0) },
		{ room: 'project', key: viewKey('team', 0) }
	];
	const rooms = shown.map((s) => ({ name: s.room, hint: view(all, s.key).composer }));
	const plain = rooms.filter((r) => r.hint === 'send-unencrypted');
	const correct = plain.length === rooms.length ? 'both' : plain.length ? plain[0]!.name : 'neither';
	const plainNames: Text = (locale) =>
		listOfNames(
			plain.map((r) => roomName(r.name)(locale)),
			locale ?? getLocale()
		);
	return {
		id: 't26-composer',
		kind: 'action',
		kindText: t(m.quiz26_kind_read),
		prompt: t(m.quiz26_composer_prompt),
		scene: {
			place: 'composers-2026',
			rooms: rooms.map((r) => ({ room: roomName(r.name), hint: r.hint }))
		},
		choices: [
			...rooms.map((r) => ({ id: r.name, text: roomName(r.name) })),
			{ id: 'both', text: t(m.quiz26_composer_both) },
			{ id: 'neither', text: t(m.quiz26_composer_neither) }
		],
		correct,
		explanation: (locale) =>
			plain.length
				? m.quiz26_composer_why({ rooms: plainNames(locale) }, { locale })
				: m.quiz26_composer_why_none({}, { locale }),
		shuffleChoices: false,
		topic: 'room-no-shield'
	};
}

/** "Sent from an insecure device.": what it means and what helps. The notice itself comes from the world. */
function insecureQuestion(all: Views2026): ActionQuestion {
	const key = viewKey('insecure', 2);
	const notice = view(all, key).notices.find((n) => n.reason === 'insecure-device');
	if (!notice) throw new Error(`${key}: the world showed no insecure-device notice.`);
	const person = name(notice.who);
	const o = (locale?: Locale) => ({ locale });
	return {
		id: 't26-insecure-device',
		kind: 'action',
		prompt: (locale) => m.quiz26_insecure_prompt({ person }, o(locale)),
		scene: { place: 'notice-2026', person, reason: notice.reason },
		choices: [
			{ id: 'right', text: (locale) => m.quiz26_insecure_right({ person }, o(locale)) },
			{ id: 'wrong-1', text: t(m.quiz26_insecure_wrong1) },
			{ id: 'wrong-2', text: (locale) => m.quiz26_insecure_wrong2({ person }, o(locale)) },
			{ id: 'wrong-3', text: t(m.quiz26_insecure_wrong3) }
		],
		correct: 'right',
		explanation: (locale) => m.quiz26_insecure_why({ person }, o(locale)),
		shuffleChoices: true,
		topic: 'new-session'
	};
}

export function buildQuestions2026(all: Views2026): Question[] {
	return [
		headerQuestion('dm', 0, 'verify-person', all),
		headerQuestion('dm', 1, 'verify-person', all),
		headerQuestion('dm', 2, 'new-session', all),
		headerQuestion('dm', 3, 'new-session', all),
		headerQuestion('team', 3, 'room-green', all),
		membersQuestion(all),
		bannerQuestion('resets', 2, all),
		bannerQuestion('resets', 3, all),
		insecureQuestion(all),
		composerQuestion(all)
	];
}

/** The 2026 pool the pages use, with the committed views. */
export const QUESTIONS_2026: readonly Question[] = buildQuestions2026(views as Views2026);
