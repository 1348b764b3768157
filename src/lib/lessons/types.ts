/**
 * A lesson is data: what it is about, the scenario it starts from, and steps that complete when the world really
 * reached a state (a predicate over the snapshot), never by a "next" button.
 */
import type { Edition } from '../edition';
import type { Locale } from '../paraglide/runtime';
import type { Nudge } from '../contacts/types';
import type { WorldCommand } from '../world/commands';
import type { Scenario } from '../scenario/scenario';
import type { WorldSnapshot } from '../world/world';

/** A translated text: a Paraglide message function (it follows the page's language unless told one). */
export type Text = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/** What a step's predicate looks at: the world as the learner's devices see it. */
export interface LessonView {
	snapshot: WorldSnapshot;
	/** The learner's user id. */
	learner: string;
}

/** A wrong move the lesson recognises, explains, and lets the learner retry. */
export interface LessonMistake {
	id: string;
	/**
	 * Whether the view shows this wrong move: a key naming the attempt (a flow id, a room id), so that the same
	 * old attempt is not explained again after a retry; or undefined.
	 */
	happened: (view: LessonView) => string | undefined;
	/** What went wrong and why it matters, in a sentence or two. */
	explain: Text;
	/**
	 * The move cannot be undone in the world (trust given to an attacker): retrying sets up the lesson's situation
	 * afresh and goes back to `retryFrom` (a step index; every step before it is done again by the learner).
	 */
	rebuild?: { retryFrom: number };
	/** Today's Element (2026) says it differently: see `today` on `LessonStep`. */
	today?: Partial<Pick<LessonMistake, 'explain'>>;
}

/**
 * Another honest way to finish a step (withdrawing a verification instead of renewing it): the done step then reads
 * as what the learner did, and the lesson ends with this path's summary.
 */
export interface LessonStepAlternative {
	id: string;
	/** What the learner did instead, as the done step reads. */
	title: Text;
	done: (view: LessonView) => boolean;
	/** The summary when the lesson went this way (instead of the lesson's). */
	summary?: Text[];
	/** Today's Element (2026) says it differently: see `today` on `LessonStep`. */
	today?: Partial<Pick<LessonStepAlternative, 'title' | 'summary'>>;
}

/** What a step says: the instruction, why it matters, and hints. */
export interface StepWords {
	/** What to do, as a short instruction naming the controls. */
	title: Text;
	/** Why it matters, in a sentence or two. */
	why: Text;
	/** Hints, most general first. */
	hints: Text[];
}

/** What a lesson says for a step (the step's id and predicate may come from a shared builder). */
export interface StepTexts extends StepWords {
	/**
	 * The words for today's Element (2026), where it names other controls or shows other signals than the classic
	 * one: each text given replaces the classic one in that edition (`inEdition`), the rest stay. The step's
	 * predicate is the same in both editions: the world's truth does not depend on how the client shows it.
	 */
	today?: Partial<StepWords>;
}

export interface LessonStep extends StepTexts {
	id: string;
	done: (view: LessonView) => boolean;
	alternatives?: LessonStepAlternative[];
	mistakes?: LessonMistake[];
}

/** What the lesson page offers besides the client. */
export interface LessonFeatures {
	/** "Sign in on another device" (the learner's Laptop). */
	laptop?: boolean;
}

/** Ids the lesson's start commands need (the learner's and the contacts' user ids). */
export type UserIdOf = (localpart: string) => string;

export interface Lesson {
	/** The URL slug: /lessons/‹id›. */
	id: string;
	/** About how long it takes, in minutes (3–8). */
	minutes: number;
	title: Text;
	/** What the learner will be able to do afterwards. */
	goal: Text;
	scenario: (locale: Locale) => Scenario;
	/** Commands sent once the world is ready (a contact's nudge, say). */
	start?: (userIdOf: UserIdOf) => WorldCommand[];
	features?: LessonFeatures;
	steps: LessonStep[];
	/** What was learned, a few short points. */
	summary: Text[];
	/** Today's Element (2026) says it differently: see `today` on `LessonStep`. */
	today?: LessonToday;
	/**
	 * The editions whose course has this lesson (absent: every edition). A lesson about a control only today's
	 * Element has ("Confirm your digital identity", "Get recovery key") is in the 2026 course alone; its texts are
	 * then written for that edition, and the classic list stays as it was.
	 */
	editions?: readonly Edition[];
}

/** The lesson (or its outline) is in the course of this edition. */
export function inCourse(item: { editions?: readonly Edition[] }, edition: Edition): boolean {
	return !item.editions || item.editions.includes(edition);
}

/** A lesson's own texts for today's Element (2026), where they differ from the classic ones. */
export type LessonToday = Partial<Pick<Lesson, 'title' | 'goal' | 'summary'>>;

/** A lesson's start: a contact's nudge as the lesson begins (Dave's new tablet, Erin's reset). */
export function nudgeAtStart(contact: string, nudge: Nudge): NonNullable<Lesson['start']> {
	return (userIdOf) => [{ type: 'nudgeContact', contactUserId: userIdOf(contact), nudge }];
}

/** Which alternative each step was finished by (step id → alternative id); steps done the main way are absent. */
export type TakenAlternatives = Readonly<Record<string, string>>;

/** The step's title as the learner finished it. */
export function stepTitle(step: LessonStep, taken: TakenAlternatives = {}): Text {
	return step.alternatives?.find((a) => a.id === taken[step.id])?.title ?? step.title;
}

/** The summary for the path the learner took. */
export function summaryOf(lesson: Lesson, taken: TakenAlternatives = {}): Text[] {
	for (const step of lesson.steps) {
		const alt = step.alternatives?.find((a) => a.id === taken[step.id]);
		if (alt?.summary) return alt.summary;
	}
	return lesson.summary;
}
