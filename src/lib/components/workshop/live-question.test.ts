import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '$lib/quiz/questions';
import { QUESTIONS_2026 } from '$lib/quiz/questions-2026';
import { choicesInOrder } from '$lib/quiz/sets';
import { liveQuestion, questionText } from './live-question';

describe('a live quiz poll’s question', () => {
	it('is the quiz question the poll names, in its edition, with the set’s order of choices', () => {
		const classic = QUESTIONS[0]!;
		const live = liveQuestion({ set: 'ABC234', question: classic.id, edition: 'classic' });
		expect(live?.question).toBe(classic);
		expect(live?.choices.map((c) => c.id)).toEqual(choicesInOrder('ABC234', classic).map((c) => c.id));
		const today = QUESTIONS_2026[0]!;
		expect(liveQuestion({ set: '26ABCD', question: today.id, edition: '2026' })?.question).toBe(today);
	});

	it('is none for a question this course does not have (or one of the other edition)', () => {
		expect(liveQuestion({ set: 'ABC234', question: 'no-such-question', edition: 'classic' })).toBeUndefined();
		const today = QUESTIONS_2026.find((q) => !QUESTIONS.some((c) => c.id === q.id))!;
		expect(liveQuestion({ set: 'ABC234', question: today.id, edition: 'classic' })).toBeUndefined();
	});
});

describe('a quiz question’s poll text', () => {
	it('asks the prompt with the choices in the set’s order, their ids as the answer ids, and names the right one', () => {
		const question = QUESTIONS.find((q) => q.choices.length > 2)!;
		const text = questionText('ABC234', 'classic', question.id);
		expect(text?.question).toBe(question.prompt());
		expect(text?.answers).toEqual(
			choicesInOrder('ABC234', question).map((c) => ({ id: c.id, text: c.text() }))
		);
		expect(text?.correct).toBe(question.correct);
		expect(questionText('ABC234', 'classic', 'no-such-question')).toBeUndefined();
	});
});
