import { describe, expect, it } from 'vitest';
import { questionById } from './questions';
import { answer, answerTo, current, isOver, next, score, startRun, wrongQuestions } from './session';
import type { Question } from './types';

const q = (id: string): Question => questionById(id)!;
const wrongChoice = (question: Question) => question.choices.find((c) => c.id !== question.correct)!.id;

describe('a quiz run', () => {
	const questions = [q('mean-room-warning'), q('sit-team-4-room'), q('act-mismatch'), q('emoji-bob-match')];

	it('asks in order, records answers and counts the score', () => {
		let run = startRun(questions);
		expect(current(run)).toBe(questions[0]);
		expect(next(run)).toBe(run); // cannot skip an unanswered question
		run = answer(run, questions[0]!.correct);
		expect(run.checked).toBe(true);
		expect(answer(run, wrongChoice(questions[0]!))).toBe(run); // the first answer counts
		run = next(run);
		run = next(answer(run, wrongChoice(questions[1]!)));
		run = next(answer(run, questions[2]!.correct));
		expect(isOver(run)).toBe(false);
		run = next(answer(run, wrongChoice(questions[3]!)));
		expect(isOver(run)).toBe(true);
		expect(current(run)).toBeUndefined();
		expect(score(run)).toEqual({ right: 2, total: 4 });
		expect(wrongQuestions(run).map((x) => x.id)).toEqual(['sit-team-4-room', 'emoji-bob-match']);
		expect(answerTo(run, 'sit-team-4-room')).toEqual({
			questionId: 'sit-team-4-room',
			choiceId: wrongChoice(questions[1]!),
			correct: false
		});
	});

	it('retries the wrong ones as a new run', () => {
		let run = startRun(questions);
		for (const question of questions) run = next(answer(run, wrongChoice(question)));
		const retry = startRun(wrongQuestions(run));
		expect(retry.questions).toHaveLength(4);
		expect(score(retry)).toEqual({ right: 0, total: 4 });
	});

	it('refuses a choice the question does not have', () => {
		expect(() => answer(startRun(questions), 'nonsense')).toThrow();
	});
});
