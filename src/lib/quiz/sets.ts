/**
 * Quiz sets: a set code picks the questions and their order, and the order of each question's choices — the same
 * on every device and in both languages, so a group can take one set together.
 */
import { seeded, shuffle } from './prng';
import type { Choice, Question, QuestionKind } from './types';

/** How many questions of each kind a set has: a mix, with the computed situations as the core. */
export const SET_MIX: Readonly<Record<QuestionKind, number>> = {
	meaning: 3,
	situation: 5,
	action: 2,
	emoji: 2
};

export const SET_SIZE = Object.values(SET_MIX).reduce((a, b) => a + b, 0);

export interface QuizSet {
	code: string;
	questions: Question[];
}

export function buildSet(code: string, pool: readonly Question[], mix = SET_MIX): QuizSet {
	const picked: Question[] = [];
	for (const [kind, count] of Object.entries(mix) as [QuestionKind, number][]) {
		const ofKind = pool.filter((q) => q.kind === kind);
		picked.push(...shuffle(ofKind, seeded(code, `pick:${kind}`)).slice(0, count));
	}
	return { code, questions: shuffle(picked, seeded(code, 'order')) };
}

/** A question's choices in the order this set shows them. */
export function choicesInOrder(code: string, question: Question): Choice[] {
	return question.shuffleChoices
		? shuffle(question.choices, seeded(code, `choices:${question.id}`))
		: [...question.choices];
}
