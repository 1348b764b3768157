import { describe, expect, it } from 'vitest';
import { questionById } from '$lib/quiz/questions';
import { choicesInOrder } from '$lib/quiz/sets';
import type { Question } from '$lib/quiz/types';
import { QuizRun } from './quiz-run.svelte';

const q = (id: string): Question => questionById(id)!;
const wrongChoice = (question: Question) => question.choices.find((c) => c.id !== question.correct)!.id;
const QUESTIONS = [q('mean-room-warning'), q('sit-team-4-room'), q('act-mismatch')];

/** Answers the current question with `choice` and goes on. */
function answerWith(run: QuizRun, choice: string) {
	run.selected = choice;
	expect(run.check()).toBe(true);
	run.goOn();
}

describe('QuizRun', () => {
	it('shows the start screen until a run begins', () => {
		const run = new QuizRun();
		expect(run.running).toBe(false);
		expect(run.question).toBeUndefined();
		expect(run.over).toBe(false);
		expect(run.check()).toBe(false);
	});

	it('asks the questions in order, with the choices in the order of the set code', () => {
		const run = new QuizRun();
		run.begin('ABC123', QUESTIONS);
		expect(run.running).toBe(true);
		expect(run.question).toBe(QUESTIONS[0]);
		expect(run.number).toBe(1);
		expect(run.done).toBe(0);
		expect(run.total).toBe(3);
		expect(run.code).toBe('ABC123');
		expect(run.choices).toEqual(choicesInOrder('ABC123', QUESTIONS[0]!));
	});

	it('tells the score once, when the run ends', () => {
		const told: { right: number; total: number }[] = [];
		const run = new QuizRun((score) => told.push(score));
		run.begin('ABC123', QUESTIONS);
		answerWith(run, QUESTIONS[0]!.correct);
		answerWith(run, wrongChoice(QUESTIONS[1]!));
		expect(told).toEqual([]);
		answerWith(run, QUESTIONS[2]!.correct);
		expect(told).toEqual([{ right: 2, total: 3 }]);
		run.goOn();
		expect(told).toHaveLength(1);
	});

	it('asks for a choice before checking, and locks the question once checked', () => {
		const run = new QuizRun();
		run.begin('ABC123', QUESTIONS);
		expect(run.check()).toBe(false);
		expect(run.mustChoose).toBe(true);
		run.goOn(); // not checked yet: stays
		expect(run.number).toBe(1);
		run.selected = wrongChoice(QUESTIONS[0]!);
		expect(run.check()).toBe(true);
		expect(run.checked).toBe(true);
		expect(run.given).toMatchObject({ questionId: 'mean-room-warning', correct: false });
		run.goOn();
		expect(run.number).toBe(2);
		expect(run.done).toBe(1);
		expect(run.checked).toBe(false);
		expect(run.selected).toBeUndefined();
		expect(run.mustChoose).toBe(false);
	});

	it('ends with the score and the wrong ones, and retries just those', () => {
		const run = new QuizRun();
		run.begin('ABC123', QUESTIONS);
		answerWith(run, wrongChoice(QUESTIONS[0]!));
		answerWith(run, QUESTIONS[1]!.correct);
		answerWith(run, wrongChoice(QUESTIONS[2]!));
		expect(run.over).toBe(true);
		expect(run.question).toBeUndefined();
		expect(run.score).toEqual({ right: 1, total: 3 });
		expect(run.wrong.map((x) => x.id)).toEqual(['mean-room-warning', 'act-mismatch']);
		expect(run.answerTo(QUESTIONS[2]!)?.choiceId).toBe(wrongChoice(QUESTIONS[2]!));

		run.begin(run.code, run.wrong);
		expect(run.total).toBe(2);
		answerWith(run, QUESTIONS[0]!.correct);
		answerWith(run, QUESTIONS[2]!.correct);
		expect(run.score).toEqual({ right: 2, total: 2 });
		expect(run.wrong).toEqual([]);
	});

	it('goes back to the start screen when stopped', () => {
		const run = new QuizRun();
		run.begin('ABC123', QUESTIONS);
		run.stop();
		expect(run.running).toBe(false);
		expect(run.question).toBeUndefined();
	});
});
