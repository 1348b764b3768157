/**
 * The question pool: what a shield means, which shield a situation ends in, what to do, and whether two emoji rows
 * match. Situation answers come from answer-key.json (computed in real worlds); emoji answers are computed from
 * the two rows; the rest are written by hand, each with its explanation.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { sasEmoji } from '../device/sas-emoji';
import type { MemberShield, RoomShield } from '../device/trust';
import answerKey from './answer-key.json';
import { explainSituation } from './explain';
import { SITUATIONS, askText, roomName, setupText, stepText, story } from './situations';
import type { Topic } from './topics';
import type {
	ActionQuestion,
	AnswerKey,
	BannerScene,
	Choice,
	EmojiQuestion,
	MeaningQuestion,
	MessageShieldCode,
	Question,
	ShieldScene,
	SituationQuestion,
	Text
} from './types';

type Msg = (inputs: Record<string, never>, options: { locale?: Locale }) => string;
/** A message without inputs as a Text. */
const t =
	(msg: Msg): Text =>
	(locale) =>
		msg({}, { locale });

// ---------------------------------------------------------------------------------------------------------------
// What does this shield mean?

const ROOM_MEANINGS: Choice[] = [
	{ id: 'room-none', text: t(m.quiz_mean_room_none) },
	{ id: 'room-normal', text: t(m.quiz_mean_room_normal) },
	{ id: 'room-warning', text: t(m.quiz_mean_room_warning) },
	{ id: 'room-verified', text: t(m.quiz_mean_room_verified) },
	{ id: 'room-server', text: t(m.quiz_mean_room_server) }
];
const MEMBER_MEANINGS: Choice[] = [
	{ id: 'member-normal', text: t(m.quiz_mean_member_normal) },
	{ id: 'member-warning', text: t(m.quiz_mean_member_warning) },
	{ id: 'member-verified', text: t(m.quiz_mean_member_verified) },
	{ id: 'member-verified-you', text: t(m.quiz_mean_member_verified_you) }
];
const MESSAGE_MEANINGS: Choice[] = [
	{ id: 'message-grey', text: t(m.quiz_mean_message_grey) },
	{ id: 'message-red-unsigned', text: t(m.quiz_mean_message_red_unsigned) },
	{ id: 'message-red-not-encrypted', text: t(m.quiz_mean_message_red_not_encrypted) },
	{ id: 'message-utd', text: t(m.quiz_mean_message_utd) },
	{ id: 'message-edited', text: t(m.quiz_mean_message_edited) }
];

const MEANING_WHY: Record<string, Text> = {
	'room-none': t(m.quiz_mean_why_room_none),
	'room-normal': t(m.quiz_mean_why_room_normal),
	'room-warning': t(m.quiz_mean_why_room_warning),
	'room-verified': t(m.quiz_mean_why_room_verified),
	'member-normal': t(m.quiz_mean_why_member_normal),
	'member-warning': t(m.quiz_mean_why_member_warning),
	'member-verified': t(m.quiz_mean_why_member_verified),
	'message-grey': t(m.quiz_mean_why_message_grey),
	'message-red-unsigned': t(m.quiz_mean_why_message_red_unsigned),
	'message-red-not-encrypted': t(m.quiz_mean_why_message_red_not_encrypted),
	'message-utd': t(m.quiz_mean_why_message_utd)
};

function meaning(id: string, scene: ShieldScene, topic: Topic): MeaningQuestion {
	const correct = `${scene.place}-${scene.shield}`;
	const why = MEANING_WHY[correct];
	if (!why) throw new Error(`No explanation for the meaning ${correct}.`);
	let prompt: Text;
	let choices: Choice[];
	if (scene.place === 'room') {
		const room = scene.room;
		prompt =
			scene.shield === 'none'
				? (locale) => m.quiz_mean_prompt_room_none({ room: room(locale) }, { locale })
				: (locale) => m.quiz_mean_prompt_room({ room: room(locale) }, { locale });
		choices = ROOM_MEANINGS;
	} else if (scene.place === 'member') {
		const person = scene.person;
		prompt = (locale) => m.quiz_mean_prompt_member({ person }, { locale });
		choices = MEMBER_MEANINGS;
	} else {
		const person = scene.person;
		prompt = (locale) => m.quiz_mean_prompt_message({ person }, { locale });
		choices = MESSAGE_MEANINGS;
	}
	return {
		id,
		kind: 'meaning',
		scene,
		prompt,
		choices,
		correct,
		explanation: why,
		shuffleChoices: true,
		topic
	};
}

const message = (shield: MessageShieldCode, person: string, body: Msg): ShieldScene => ({
	place: 'message',
	shield,
	person,
	body: t(body)
});

export const MEANING_QUESTIONS: MeaningQuestion[] = [
	meaning('mean-room-normal', { place: 'room', shield: 'normal', room: roomName('project') }, 'room-grey'),
	meaning(
		'mean-room-warning',
		{ place: 'room', shield: 'warning', room: roomName('project') },
		'new-session'
	),
	meaning(
		'mean-room-verified',
		{ place: 'room', shield: 'verified', room: roomName('book-club') },
		'room-green'
	),
	meaning('mean-room-none', { place: 'room', shield: 'none', room: roomName('lobby') }, 'room-no-shield'),
	meaning('mean-member-normal', { place: 'member', shield: 'normal', person: 'Erin' }, 'verify-person'),
	meaning('mean-member-warning', { place: 'member', shield: 'warning', person: 'Dave' }, 'new-session'),
	meaning('mean-member-verified', { place: 'member', shield: 'verified', person: 'Bob' }, 'verify-person'),
	meaning('mean-message-grey', message('grey', 'Erin', m.quiz_message_body_meeting), 'message-unverified'),
	meaning(
		'mean-message-red-unsigned',
		message('red-unsigned', 'Dave', m.quiz_message_body_slides),
		'new-session'
	),
	meaning(
		'mean-message-red-not-encrypted',
		message('red-not-encrypted', 'Bob', m.quiz_message_body_bot),
		'message-unencrypted'
	),
	meaning('mean-message-utd', message('utd', 'Carol', m.quiz_message_body_meeting), 'message-undecryptable')
];

// ---------------------------------------------------------------------------------------------------------------
// Which shield will it show?

const ROOM_SHIELDS: RoomShield[] = ['none', 'normal', 'warning', 'verified'];
const MEMBER_SHIELDS: MemberShield[] = ['normal', 'warning', 'verified'];

export const SHIELD_NAMES: Record<RoomShield, Text> = {
	none: t(m.quiz_shield_none),
	normal: t(m.quiz_shield_normal),
	warning: t(m.quiz_shield_warning),
	verified: t(m.quiz_shield_verified)
};

export function situationQuestions(key: AnswerKey): SituationQuestion[] {
	return SITUATIONS.map((spec) => {
		const answer = key[spec.id];
		if (!answer) throw new Error(`answer-key.json has no answer for ${spec.id}: run npm run quiz:answers.`);
		const s = story(spec.story);
		const choices: Choice[] =
			spec.ask.of === 'room'
				? ROOM_SHIELDS.map((code) => ({
						id: code,
						text: SHIELD_NAMES[code],
						shield: { place: 'room', code }
					}))
				: MEMBER_SHIELDS.map((code) => ({
						id: code,
						text: SHIELD_NAMES[code],
						shield: { place: 'member', code }
					}));
		return {
			id: spec.id,
			kind: 'situation',
			prompt: askText(spec.ask),
			setup: setupText(s),
			steps: s.steps.slice(0, spec.after).map(stepText),
			choices,
			correct: answer.shield,
			explanation: explainSituation(answer, s, spec.after),
			shuffleChoices: false,
			topic: spec.topic
		};
	});
}

// ---------------------------------------------------------------------------------------------------------------
// What should you do?

function action(
	id: string,
	topic: Topic,
	prompt: Msg,
	right: Msg,
	wrong: Msg[],
	why: Msg,
	scene?: ShieldScene | BannerScene
): ActionQuestion {
	const choices: Choice[] = [
		{ id: 'right', text: t(right) },
		...wrong.map((w, i) => ({ id: `wrong-${i + 1}`, text: t(w) }))
	];
	return {
		id,
		kind: 'action',
		prompt: t(prompt),
		choices,
		correct: 'right',
		explanation: t(why),
		shuffleChoices: true,
		topic,
		scene
	};
}

export const ACTION_QUESTIONS: ActionQuestion[] = [
	action(
		'act-red-room',
		'new-session',
		m.quiz_act_red_room_prompt,
		m.quiz_act_red_room_right,
		[m.quiz_act_red_room_wrong1, m.quiz_act_red_room_wrong2, m.quiz_act_red_room_wrong3],
		m.quiz_act_red_room_why,
		{ place: 'room', shield: 'warning', room: roomName('project') }
	),
	action(
		'act-grey-after-verify',
		'room-grey',
		m.quiz_act_grey_prompt,
		m.quiz_act_grey_right,
		[m.quiz_act_grey_wrong1, m.quiz_act_grey_wrong2, m.quiz_act_grey_wrong3],
		m.quiz_act_grey_why,
		{ place: 'room', shield: 'normal', room: roomName('project') }
	),
	action(
		'act-mismatch',
		'emoji-mismatch',
		m.quiz_act_mismatch_prompt,
		m.quiz_act_mismatch_right,
		[m.quiz_act_mismatch_wrong1, m.quiz_act_mismatch_wrong2, m.quiz_act_mismatch_wrong3],
		m.quiz_act_mismatch_why
	),
	action(
		'act-reset-verified',
		'identity-reset',
		m.quiz_act_reset_verified_prompt,
		m.quiz_act_reset_verified_right,
		[m.quiz_act_reset_verified_wrong1, m.quiz_act_reset_verified_wrong2, m.quiz_act_reset_verified_wrong3],
		m.quiz_act_reset_verified_why,
		{ place: 'identity-reset', person: 'Carol', wasVerified: true }
	),
	action(
		'act-reset-unverified',
		'identity-reset',
		m.quiz_act_reset_unverified_prompt,
		m.quiz_act_reset_unverified_right,
		[
			m.quiz_act_reset_unverified_wrong1,
			m.quiz_act_reset_unverified_wrong2,
			m.quiz_act_reset_unverified_wrong3
		],
		m.quiz_act_reset_unverified_why,
		{ place: 'identity-reset', person: 'Erin', wasVerified: false }
	),
	action(
		'act-no-backup',
		'key-backup',
		m.quiz_act_no_backup_prompt,
		m.quiz_act_no_backup_right,
		[m.quiz_act_no_backup_wrong1, m.quiz_act_no_backup_wrong2, m.quiz_act_no_backup_wrong3],
		m.quiz_act_no_backup_why
	),
	action(
		'act-new-device',
		'own-new-device',
		m.quiz_act_new_device_prompt,
		m.quiz_act_new_device_right,
		[m.quiz_act_new_device_wrong1, m.quiz_act_new_device_wrong2, m.quiz_act_new_device_wrong3],
		m.quiz_act_new_device_why
	),
	action(
		'act-unexpected-request',
		'own-new-device',
		m.quiz_act_unexpected_prompt,
		m.quiz_act_unexpected_right,
		[m.quiz_act_unexpected_wrong1, m.quiz_act_unexpected_wrong2, m.quiz_act_unexpected_wrong3],
		m.quiz_act_unexpected_why
	),
	action(
		'act-compare-how',
		'emoji-compare',
		m.quiz_act_compare_prompt,
		m.quiz_act_compare_right,
		[m.quiz_act_compare_wrong1, m.quiz_act_compare_wrong2, m.quiz_act_compare_wrong3],
		m.quiz_act_compare_why
	)
];

// ---------------------------------------------------------------------------------------------------------------
// Do these emoji match?

/** Positions (0-based) where two emoji rows differ, compared by index as the protocol does. */
export function differingPositions(mine: readonly number[], theirs: readonly number[]): number[] {
	const out: number[] = [];
	for (let i = 0; i < Math.max(mine.length, theirs.length); i++) if (mine[i] !== theirs[i]) out.push(i);
	return out;
}

function emoji(id: string, person: string, mine: number[], theirs: number[]): EmojiQuestion {
	const differ = differingPositions(mine, theirs);
	const explanation: Text = (locale) => {
		const o = { locale };
		if (!differ.length) return m.quiz_emoji_why_match({ person }, o);
		const lang = locale ?? getLocale();
		const lines = differ.map((i) => {
			const a = sasEmoji(mine[i]!, lang);
			const b = sasEmoji(theirs[i]!, lang);
			return m.quiz_emoji_why_position({ position: String(i + 1), mine: a.name, theirs: b.name, person }, o);
		});
		return [...lines, m.quiz_emoji_why_differ({}, o)].join(' ');
	};
	return {
		id,
		kind: 'emoji',
		person,
		mine,
		theirs,
		prompt: (locale) => m.quiz_emoji_prompt({ person }, { locale }),
		// Element's order: "They don't match" first.
		choices: [
			{ id: 'mismatch', text: t(m.quiz_emoji_choice_mismatch) },
			{ id: 'match', text: t(m.quiz_emoji_choice_match) }
		],
		correct: differ.length ? 'mismatch' : 'match',
		explanation,
		shuffleChoices: false,
		topic: differ.length ? 'emoji-mismatch' : 'emoji-compare'
	};
}

export const EMOJI_QUESTIONS: EmojiQuestion[] = [
	emoji('emoji-bob-match', 'Bob', [31, 54, 12, 44, 2, 59, 25], [31, 54, 12, 44, 2, 59, 25]),
	// Rocket or aeroplane: both fly.
	emoji('emoji-carol-plane', 'Carol', [0, 16, 47, 53, 28, 39, 60], [0, 16, 47, 54, 28, 39, 60]),
	// Horse or unicorn, in second place.
	emoji('emoji-dave-unicorn', 'Dave', [3, 22, 36, 11, 41, 50, 8], [3, 4, 36, 11, 41, 50, 8]),
	emoji('emoji-erin-match', 'Erin', [57, 19, 5, 45, 20, 33, 14], [57, 19, 5, 45, 20, 33, 14]),
	// Clock or hourglass, in the very last place.
	emoji('emoji-bob-hourglass', 'Bob', [10, 27, 61, 15, 42, 7, 39], [10, 27, 61, 15, 42, 7, 38]),
	// The same seven, but two swapped: the order counts too.
	emoji('emoji-carol-order', 'Carol', [46, 24, 9, 62, 30, 55, 17], [46, 24, 9, 62, 30, 17, 55])
];

// ---------------------------------------------------------------------------------------------------------------

export function buildQuestions(key: AnswerKey): Question[] {
	return [...MEANING_QUESTIONS, ...situationQuestions(key), ...ACTION_QUESTIONS, ...EMOJI_QUESTIONS];
}

/** The pool the pages use, with the committed answer key. */
export const QUESTIONS: readonly Question[] = buildQuestions(answerKey as AnswerKey);

export function questionById(id: string): Question | undefined {
	return QUESTIONS.find((q) => q.id === id);
}
