/**
 * The step machine on its own (a stand-in judge): steps complete in order and can complete several at once, a hint
 * is offered after a minute without progress, a wrong move is explained once per attempt and retried, a rebuild
 * goes back to its step, restart begins again, and the shields seen add up.
 */
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
	createLessonMachine,
	HINT_OFFER_MS,
	mistakeOf,
	placeOf,
	stepIndex,
	type LessonJudge
} from './lesson.machine';

interface View {
	done: number;
	/** Step `alt.step` finished the other way `alt.id`. */
	alt?: { step: number; id: string };
	mistake?: { id: string; key: string };
	shields?: string[];
}

const judge: LessonJudge<View> = {
	done: (step, v) => v.done > step,
	alternative: (step, id, v) => v.alt?.step === step && v.alt.id === id,
	mistake: (_step, id, v) => (v.mistake?.id === id ? v.mistake.key : undefined),
	shields: (v) => v.shields ?? []
};

const shape = {
	id: 'test',
	steps: [
		{ id: 'a', mistakes: [] },
		{ id: 'b', mistakes: [{ id: 'wrong' }, { id: 'fatal', retryFrom: 0 }] },
		{ id: 'c', alternatives: ['other'], mistakes: [] }
	]
};

function start() {
	const clock = new SimulatedClock();
	const actor = createActor(createLessonMachine(shape), {
		input: { judge: judge as LessonJudge<unknown> },
		clock
	}).start();
	const at = () => stepIndex(actor.getSnapshot().value, 3);
	const world = (view: View) => actor.send({ type: 'WORLD', view });
	return { actor, clock, at, world, mistake: () => mistakeOf(actor.getSnapshot().value) };
}

describe('the lesson step machine', () => {
	it('moves on only when the world shows a step done, several at once if the world is ahead', () => {
		const { at, world } = start();
		expect(at()).toBe(0);
		world({ done: 0 });
		expect(at()).toBe(0);
		world({ done: 1 });
		expect(at()).toBe(1);
		world({ done: 3 });
		expect(at()).toBe(3);
	});

	it('offers a hint after a minute without progress, and counts the hints shown per step', () => {
		const { actor, clock, world } = start();
		clock.increment(HINT_OFFER_MS - 1);
		expect(actor.getSnapshot().context.hintOffered).toBe(false);
		clock.increment(1);
		expect(actor.getSnapshot().context.hintOffered).toBe(true);
		actor.send({ type: 'HINT' });
		actor.send({ type: 'HINT' });
		expect(actor.getSnapshot().context).toMatchObject({ hints: 2, hintOffered: false });
		world({ done: 1 });
		expect(actor.getSnapshot().context).toMatchObject({ hints: 0, hintOffered: false });
	});

	it('explains a wrong move once per attempt; "Try again" returns to the step', () => {
		const { actor, at, world, mistake } = start();
		world({ done: 1 });
		world({ done: 1, mistake: { id: 'wrong', key: 'flow1' } });
		expect(mistake()).toBe('wrong');
		actor.send({ type: 'RETRY' });
		expect(mistake()).toBeUndefined();
		// The same old attempt is not explained again; a new one is.
		world({ done: 1, mistake: { id: 'wrong', key: 'flow1' } });
		expect(mistake()).toBeUndefined();
		world({ done: 1, mistake: { id: 'wrong', key: 'flow2' } });
		expect(mistake()).toBe('wrong');
		actor.send({ type: 'RETRY' });
		world({ done: 2 });
		expect(at()).toBe(2);
		expect(actor.getSnapshot().context.retries).toBe(2);
	});

	it('a move that cannot be undone goes back to the step the retry names, with the old world forgotten', () => {
		const { actor, at, world, mistake } = start();
		world({ done: 1 });
		world({ done: 1, mistake: { id: 'fatal', key: 'x' }, shields: ['verified'] });
		expect(mistake()).toBe('fatal');
		actor.send({ type: 'RETRY' });
		expect(at()).toBe(0);
		// The green shield of the world given up on was no real one: the summary does not list it.
		expect(actor.getSnapshot().context).toMatchObject({ view: undefined, explained: [], shields: [] });
	});

	it('credits a step finished another way as that way, and forgets it on restart', () => {
		const { actor, at, world } = start();
		world({ done: 2 });
		expect(at()).toBe(2);
		world({ done: 2, alt: { step: 2, id: 'other' } });
		expect(at()).toBe(3);
		expect(actor.getSnapshot().context.taken).toEqual({ c: 'other' });
		actor.send({ type: 'RESTART' });
		expect(actor.getSnapshot().context.taken).toEqual({});
		world({ done: 3 });
		expect(actor.getSnapshot().context.taken).toEqual({});
	});

	it('adds up the shields seen, and restarts from the first step', () => {
		const { actor, at, world } = start();
		world({ done: 0, shields: ['normal'] });
		world({ done: 3, shields: ['normal', 'verified'] });
		expect(at()).toBe(3);
		expect(actor.getSnapshot().context.shields).toEqual(['normal', 'verified']);
		actor.send({ type: 'RESTART' });
		expect(at()).toBe(0);
		expect(actor.getSnapshot().context.shields).toEqual([]);
	});

	it('resumes at a kept place: straight to its step with what was seen and explained, a shown wrong move explained again', () => {
		const first = start();
		first.world({ done: 1, shields: ['grey'] });
		first.world({ done: 1, mistake: { id: 'wrong', key: 'k1' } });
		first.actor.send({ type: 'RETRY' });
		first.world({ done: 1, mistake: { id: 'wrong', key: 'k2' } });
		expect(first.mistake()).toBe('wrong');
		const place = placeOf(first.actor.getSnapshot(), 3);
		// The wrong move on screen is not kept as explained: coming back shows it again, with its "Try again".
		expect(place).toEqual({ step: 1, explained: ['wrong:k1'], shields: ['grey'], retries: 1, taken: {} });

		const again = start();
		again.actor.send({ type: 'RESUME', ...place });
		expect(again.at()).toBe(1);
		expect(again.actor.getSnapshot().context).toMatchObject({ shields: ['grey'], retries: 1 });
		// The step is entered afresh: a hint is offered after a minute there.
		again.clock.increment(HINT_OFFER_MS);
		expect(again.actor.getSnapshot().context.hintOffered).toBe(true);
		again.world({ done: 1, mistake: { id: 'wrong', key: 'k1' } });
		expect(again.mistake()).toBeUndefined();
		again.world({ done: 1, mistake: { id: 'wrong', key: 'k2' } });
		expect(again.mistake()).toBe('wrong');
		// The world moves it on as usual.
		again.actor.send({ type: 'RETRY' });
		again.world({ done: 3 });
		expect(again.at()).toBe(3);
	});
});
