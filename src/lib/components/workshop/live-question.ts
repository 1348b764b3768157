/**
 * A live quiz poll's question as the course shows it: the poll names the quiz set, the question id and the edition
 * (`org.e2ee_trainer.quiz`), so each screen draws the question in its own language with the real scene, and the
 * choices in the set's order. The poll's answer ids are the question's choice ids.
 */
import type { Edition } from '$lib/edition';
import { QUESTIONS } from '$lib/quiz/questions';
import { QUESTIONS_2026 } from '$lib/quiz/questions-2026';
import { choicesInOrder } from '$lib/quiz/sets';
import type { Choice, Question } from '$lib/quiz/types';
import { m } from '$lib/paraglide/messages';
import type { QuestionText } from '$lib/workshop/connection';

export interface LiveQuestion {
	question: Question;
	/** The choices in the set's order (the same on every screen). */
	choices: Choice[];
}

/** The question a poll names, or undefined when this version of the course does not have it. */
export function liveQuestion(ref: {
	set: string;
	question: string;
	edition: Edition;
}): LiveQuestion | undefined {
	const pool = ref.edition === '2026' ? QUESTIONS_2026 : QUESTIONS;
	const question = pool.find((q) => q.id === ref.question);
	return question ? { question, choices: choicesInOrder(ref.set, question) } : undefined;
}

/** A quiz question's poll text, in the instructor's language (what clients other than the course show). */
export function questionText(set: string, edition: Edition, questionId: string): QuestionText | undefined {
	const live = liveQuestion({ set, question: questionId, edition });
	if (!live) return undefined;
	return {
		question: live.question.prompt(),
		answers: live.choices.map((c) => ({ id: c.id, text: c.text() })),
		correct: live.question.correct,
		ended: m.workshop_poll_ended()
	};
}
