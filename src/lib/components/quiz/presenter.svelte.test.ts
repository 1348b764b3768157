import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '$lib/quiz/questions';
import { buildSet } from '$lib/quiz/sets';
import { Presenter, presenterKey } from './presenter.svelte';
import { SetCode } from './set-code.svelte';

function presenterFor(link: string | null) {
	const setCode = new SetCode();
	setCode.fromLink(link);
	return { setCode, presenter: new Presenter(setCode) };
}

describe('presenterKey', () => {
	it('reads the keys of a keyboard and a presentation clicker', () => {
		expect(presenterKey(' ', false)).toBe('reveal-or-next');
		expect(presenterKey('Enter', false)).toBe('reveal-or-next');
		for (const key of ['ArrowRight', 'PageDown', 'n']) expect(presenterKey(key, false)).toBe('next');
		for (const key of ['ArrowLeft', 'PageUp', 'p']) expect(presenterKey(key, false)).toBe('previous');
		expect(presenterKey('Home', false)).toBe('first');
		expect(presenterKey('x', false)).toBeUndefined();
	});

	it('leaves Space and Enter to a focused button or link, but not the arrows', () => {
		expect(presenterKey(' ', true)).toBeUndefined();
		expect(presenterKey('Enter', true)).toBeUndefined();
		expect(presenterKey('ArrowRight', true)).toBe('next');
	});
});

describe('Presenter', () => {
	it('steps through the set in the learners’ order, to an end slide and no further', () => {
		const { presenter } = presenterFor('ABC123');
		const questions = buildSet('ABC123', QUESTIONS).questions;
		expect(presenter.question).toBeUndefined();
		expect(presenter.start()).toBe('ABC123');
		expect(presenter.question).toBe(questions[0]);
		expect(presenter.go(-1)).toBe(false);
		expect(presenter.go(1)).toBe(true);
		expect(presenter.question).toBe(questions[1]);
		expect(presenter.go(presenter.total + 5)).toBe(true);
		expect(presenter.index).toBe(presenter.total);
		expect(presenter.question).toBeUndefined();
		expect(presenter.go(presenter.total + 1)).toBe(false);
		expect(presenter.go(0)).toBe(true);
		expect(presenter.question).toBe(questions[0]);
	});

	it('shows the answer once per slide, and hides it again on the next', () => {
		const { presenter } = presenterFor('ABC123');
		presenter.start();
		expect(presenter.revealed).toBe(false);
		expect(presenter.reveal()).toBe(true);
		expect(presenter.reveal()).toBe(false);
		expect(presenter.choices[presenter.rightIndex]?.id).toBe(presenter.question?.correct);
		presenter.go(1);
		expect(presenter.revealed).toBe(false);
		presenter.go(presenter.total);
		expect(presenter.reveal()).toBe(false);
		expect(presenter.rightIndex).toBe(-1);
	});

	it('starts with a typed code, and refuses one that does not exist', () => {
		const { setCode, presenter } = presenterFor('nope');
		expect(presenter.start()).toBeUndefined();
		setCode.input = 'zz';
		expect(presenter.start()).toBeUndefined();
		expect(setCode.invalid).toBe(true);
		expect(presenter.started).toBe(false);
		setCode.input = 'abc123';
		expect(presenter.start()).toBe('ABC123');
		expect(presenter.started).toBe(true);
		expect(setCode.linkCode).toBeUndefined();
	});

	it('lays out short choices two by two and sentences one below the other', () => {
		const { presenter } = presenterFor('ABC123');
		presenter.start();
		for (let i = 0; i < presenter.total; i++, presenter.go(i)) {
			const kind = presenter.question?.kind;
			if (kind === 'situation') expect(presenter.shortChoices).toBe(true);
			if (kind === 'action') expect(presenter.shortChoices).toBe(false);
		}
	});
});
