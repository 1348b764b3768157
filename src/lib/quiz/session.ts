/**
 * One run through a list of questions: answers, score and the wrong ones to review and retry. Pure functions over
 * plain data; the page keeps a run in $state.
 */
import type { Question } from './types';

export interface Answer {
	questionId: string;
	choiceId: string;
	correct: boolean;
}

export interface Run {
	questions: Question[];
	/** Index of the question being asked; equals questions.length when the run is over. */
	position: number;
	answers: Answer[];
	/** Whether the current question's answer has been checked (its explanation is showing). */
	checked: boolean;
}

export function startRun(questions: readonly Question[]): Run {
	return { questions: [...questions], position: 0, answers: [], checked: false };
}

export function current(run: Run): Question | undefined {
	return run.questions[run.position];
}

export function isOver(run: Run): boolean {
	return run.position >= run.questions.length;
}

/** Records the answer to the current question and shows its explanation. Answering twice changes nothing. */
export function answer(run: Run, choiceId: string): Run {
	const q = current(run);
	if (!q || run.checked) return run;
	if (!q.choices.some((c) => c.id === choiceId)) throw new Error(`${q.id} has no choice ${choiceId}.`);
	return {
		...run,
		answers: [...run.answers, { questionId: q.id, choiceId, correct: choiceId === q.correct }],
		checked: true
	};
}

/** Goes on to the next question, once the current one is answered. */
export function next(run: Run): Run {
	if (!run.checked) return run;
	return { ...run, position: run.position + 1, checked: false };
}

export function answerTo(run: Run, questionId: string): Answer | undefined {
	return run.answers.find((a) => a.questionId === questionId);
}

export function score(run: Run): { right: number; total: number } {
	return { right: run.answers.filter((a) => a.correct).length, total: run.questions.length };
}

/** The questions answered wrongly, in the order they were asked. */
export function wrongQuestions(run: Run): Question[] {
	return run.questions.filter((q) => answerTo(run, q.id)?.correct === false);
}
