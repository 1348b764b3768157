/**
 * The quiz's data model. Everything here is plain data plus message functions (Paraglide), so that the pages, the
 * answer-key test and the presenter view all read the same questions.
 */
import type { Locale } from '$lib/paraglide/runtime';
import type { ComposerHint } from '../components/element/edition-view';
import type { MemberShield, RoomShield } from '../device/trust';
import type { UtdReason } from '../device/types';
import type { Header2026 } from './stories-2026';
import type { Topic } from './topics';

/** A text in the UI language; pass a locale to get it in that one (tests, both languages side by side). */
export type Text = (locale?: Locale) => string;

export type QuestionKind = 'meaning' | 'situation' | 'action' | 'emoji';
export const QUESTION_KINDS: readonly QuestionKind[] = ['meaning', 'situation', 'action', 'emoji'];

/** Where a shield is shown; each place has its own meanings (the classic mix-up, reference §9). */
export type ShieldPlace = 'room' | 'member' | 'message';

/** The message shields the quiz shows (a subset of trust.ts's MessageShield, by what the learner sees). */
export type MessageShieldCode = 'grey' | 'red-unsigned' | 'red-not-encrypted' | 'utd';

/** A shield shown in its real place: the room header, a member-list row or under a message. */
export type ShieldScene =
	| { place: 'room'; shield: RoomShield; room: Text }
	| { place: 'member'; shield: MemberShield; person: string }
	| { place: 'message'; shield: MessageShieldCode; person: string; body: Text };

/** A banner or notice of Element's that an action question shows (identity reset). */
export type BannerScene = { place: 'identity-reset'; person: string; wasVerified: boolean };

/** What today's Element (2026) shows, drawn from a view a real world computed (views-2026.json). */
export type Scene2026 =
	/** A room's header (a badge only on a DM) and its member list with each person's badge. */
	| {
			place: 'room-2026';
			room: Text;
			header: Header2026;
			/** Each person's mark as the 2026 member list draws it: none for someone not verified yet (no grey shield). */
			members: { person: string; shield: 'verified' | 'warning' | undefined }[];
	  }
	/** The message boxes of some chats, each with its hint. */
	| { place: 'composers-2026'; rooms: { room: Text; hint: ComposerHint }[] }
	/** A message the learner's device cannot read, with Element's notice for why. */
	| { place: 'notice-2026'; person: string; reason: UtdReason };

export interface Choice {
	id: string;
	text: Text;
	/** Situation questions answer with shields: the choice shows that shield beside its text. */
	shield?: { place: 'room'; code: RoomShield } | { place: 'member'; code: MemberShield };
}

interface QuestionBase {
	/** Stable across versions: set codes and saved answers refer to it. */
	id: string;
	kind: QuestionKind;
	prompt: Text;
	choices: Choice[];
	correct: string;
	/** Shown after answering: why the right answer is right. */
	explanation: Text;
	/** Shield choices keep their natural order; other choices are shuffled per set. */
	shuffleChoices: boolean;
	/** What it is about: a topic some lesson practises (topics.ts). */
	topic: Topic;
	/** Said above the prompt instead of the kind's own label (the 2026 set asks about signals, not shields). */
	kindText?: Text;
}

export interface MeaningQuestion extends QuestionBase {
	kind: 'meaning';
	scene: ShieldScene;
}

export interface SituationQuestion extends QuestionBase {
	kind: 'situation';
	/** The start, then the steps in order, as the learner reads them. */
	setup: Text;
	steps: Text[];
}

export interface ActionQuestion extends QuestionBase {
	kind: 'action';
	scene?: ShieldScene | BannerScene | Scene2026;
}

export interface EmojiQuestion extends QuestionBase {
	kind: 'emoji';
	/** The other person's display name. */
	person: string;
	/** SAS emoji indices (the spec's table): what your screen shows and what the other person reads out. */
	mine: number[];
	theirs: number[];
}

export type Question = MeaningQuestion | SituationQuestion | ActionQuestion | EmojiQuestion;

/** The shields a situation ends in, as a real world computed them (answer-key.json). */
export type SituationAnswer =
	| {
			of: 'room';
			shield: RoomShield;
			/** Who makes it red, and why (`me` for the viewer's own sessions). */
			culprits: { who: string; reason: 'identity-changed' | 'unsigned-device' | 'own-unsigned-device' }[];
			/** The other members the viewer has not verified. */
			unverified: string[];
	  }
	| {
			of: 'member';
			who: string;
			shield: MemberShield;
			verified: boolean;
			wasVerified: boolean;
			unsignedSessions: number;
	  };

export type AnswerKey = Record<string, SituationAnswer>;
