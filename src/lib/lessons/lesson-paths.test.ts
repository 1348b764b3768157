/**
 * Every lesson's step machine, walked: `xstate/graph` enumerates the simple paths (each step done, each wrong move
 * made once and retried), and each path runs against a real world. For every event of a path the learner's moves
 * (the lesson's solution) are made in a world built from the lesson's scenario, with real crypto and the scripted
 * contacts on a simulated clock; the real snapshot goes to a real actor of the machine, which must then be in the
 * state the graph says. Paths that are the start of a longer path run as part of it.
 *
 * Both Element editions walk together: the same snapshots go to a second actor made from the lesson's 2026 reading
 * (`inEdition`), which must be in the same state at every event, and at every state the texts the lesson panel shows
 * (steps, the current step's why and hints, a wrong move's explanation, the summary of the path taken) are read in
 * both editions and both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, type AnyEventObject } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { LESSONS, SOLUTIONS } from './catalog';
import { editions } from '../edition';
import { replaySteps } from './driver';
import { inEdition } from './edition-texts';
import { lessonJudge, shapeOf } from './judge';
import {
	createLessonMachine,
	mistakeOf,
	stepIndex,
	type LessonContext,
	type LessonJudge
} from './lesson.machine';
import { lessonWorld, type LessonWorld } from './test-support';
import { stepTitle, summaryOf, type Lesson, type Text } from './types';

/** The graph's stand-in for a world: "step i is done (the other way `alt`)" or "wrong move m was made". */
interface AbstractView {
	done?: number;
	alt?: string;
	mistake?: string;
}

const abstractJudge: LessonJudge<AbstractView> = {
	done: (step, v) => v.done === step && v.alt === undefined,
	alternative: (step, id, v) => v.done === step && v.alt === id,
	mistake: (_step, id, v) => (v.mistake === id ? 'attempt' : undefined),
	shields: () => []
};

interface GraphState {
	value: unknown;
	context: LessonContext;
}

function eventsFor(lesson: Lesson) {
	return (state: GraphState): AnyEventObject[] => {
		const step = stepIndex(state.value, lesson.steps.length);
		if (step >= lesson.steps.length) return [];
		if (mistakeOf(state.value)) return [{ type: 'RETRY' }];
		const events: AnyEventObject[] = [{ type: 'WORLD', view: { done: step } }];
		for (const alt of lesson.steps[step]!.alternatives ?? [])
			events.push({ type: 'WORLD', view: { done: step, alt: alt.id } });
		// Each wrong move once per path: then the path goes on, retried.
		if (state.context.retries === 0) {
			for (const mk of lesson.steps[step]!.mistakes ?? [])
				events.push({ type: 'WORLD', view: { mistake: mk.id } });
		}
		return events;
	};
}

type Path = { steps: { event: AnyEventObject; state: GraphState }[] };

function pathsOf(lesson: Lesson): Path[] {
	const machine = createLessonMachine(shapeOf(lesson));
	const all = getSimplePaths(machine, {
		events: eventsFor(lesson) as never,
		input: { judge: abstractJudge as LessonJudge<unknown> },
		serializeState: ((s: GraphState) => `${JSON.stringify(s.value)}|${s.context.retries}`) as never
	}) as unknown as Path[];
	const name = (p: Path) => p.steps.map((s) => JSON.stringify(s.event)).join(' ');
	// A path that is the start of a longer one runs as part of it.
	return all.filter(
		(p) => !all.some((q) => q !== p && q.steps.length > p.steps.length && name(q).startsWith(name(p)))
	);
}

const describePath = (lesson: Lesson, path: Path) =>
	path.steps
		.slice(1)
		.map(({ event }) => {
			const v = (event as { view?: AbstractView }).view;
			if (v?.done !== undefined) return lesson.steps[v.done]!.id + (v.alt ? `(${v.alt})` : '');
			if (v?.mistake) return `mistake:${v.mistake}`;
			return event.type.toLowerCase();
		})
		.join(' → ');

/** What the lesson panel shows in a state of the step machine: the texts of `lesson` (one edition's reading). */
function panelTexts(lesson: Lesson, value: unknown, context: LessonContext): Text[] {
	const step = stepIndex(value, lesson.steps.length);
	const texts = lesson.steps.map((s, i) => (i < step ? stepTitle(s, context.taken) : s.title));
	const current = lesson.steps[step];
	if (!current) return [...texts, ...summaryOf(lesson, context.taken)];
	const wrong = current.mistakes?.find((mk) => mk.id === mistakeOf(value));
	return [...texts, current.why, ...current.hints, ...(wrong ? [wrong.explain] : [])];
}

/** Every text the panel shows, read in both languages, is there (not empty, not a message key). */
function expectReadable(lesson: Lesson, value: unknown, context: LessonContext, edition: string) {
	for (const text of panelTexts(lesson, value, context)) {
		for (const locale of ['en', 'de'] as const) {
			const read = text({}, { locale });
			expect(read.trim(), `${lesson.id} (${edition}, ${locale}) in ${JSON.stringify(value)}`).not.toBe('');
			expect(read).not.toMatch(/^l\d\d_\w+$/);
		}
	}
}

let lw: LessonWorld | undefined;
afterEach(() => {
	lw?.world.close();
	lw = undefined;
});

async function runPath(lesson: Lesson, path: Path) {
	const solution = SOLUTIONS[lesson.id]!;
	lw = await lessonWorld(lesson);
	// One actor per edition's reading of the lesson, fed the same snapshots (the first one answers the walk).
	const readings = editions.map((edition) => ({ edition, lesson: inEdition(lesson, edition) }));
	const actors = readings.map((r) =>
		createActor(createLessonMachine(shapeOf(r.lesson)), {
			input: { judge: lessonJudge(r.lesson) as LessonJudge<unknown> }
		}).start()
	);
	const actor = {
		getSnapshot: () => actors[0]!.getSnapshot(),
		send: (event: AnyEventObject) => actors.forEach((a) => a.send(event as never)),
		stop: () => actors.forEach((a) => a.stop())
	};
	for (const { event, state } of path.steps.slice(1)) {
		const v = (event as { view?: AbstractView }).view;
		const driver = lw.driver;
		if (v?.done !== undefined) {
			const step = lesson.steps[v.done]!;
			const alt = step.alternatives?.find((a) => a.id === v.alt);
			// Just before the learner's move the step is not done, nor any way of finishing it: a predicate that
			// holds without the move credits the learner with something they did not do.
			const before = await driver.view();
			expect(step.done(before), `${step.id} is done before the learner's move`).toBe(false);
			for (const a of step.alternatives ?? [])
				expect(a.done(before), `${step.id} (${a.id}) is done before the learner's move`).toBe(false);
			if (alt) {
				const move = solution.alternatives?.[alt.id];
				expect(move, `a move that finishes ${step.id} the other way ${alt.id}`).toBeDefined();
				await move!(driver);
				const after = await driver.waitFor(`${step.id} (${alt.id})`, alt.done);
				expect(step.done(after), `${alt.id} is not also ${step.id}`).toBe(false);
				actor.send({ type: 'WORLD', view: after });
			} else {
				await solution.steps[step.id]!(driver);
				actor.send({ type: 'WORLD', view: await driver.waitFor(step.id, step.done) });
			}
		} else if (v?.mistake) {
			const step = lesson.steps[stepIndex(actor.getSnapshot().value, lesson.steps.length)]!;
			const mk = step.mistakes!.find((x) => x.id === v.mistake)!;
			const move = solution.mistakes?.[mk.id];
			expect(move, `a move that makes the mistake ${mk.id}`).toBeDefined();
			await move!(driver);
			actor.send({
				type: 'WORLD',
				view: await driver.waitFor(mk.id, (view) => mk.happened(view) !== undefined)
			});
		} else {
			const current = mistakeOf(actor.getSnapshot().value);
			const step = lesson.steps[stepIndex(actor.getSnapshot().value, lesson.steps.length)]!;
			const mk = step.mistakes?.find((x) => x.id === current);
			if (mk?.rebuild) {
				// The move cannot be undone: the lesson sets its situation up afresh and the learner does the steps
				// before the retried one again.
				lw.world.close();
				lw = await lessonWorld(lesson);
				await replaySteps(lesson, solution, lw.driver, mk.rebuild.retryFrom);
			}
			actor.send({ type: 'RETRY' });
		}
		readings.forEach((r, i) => {
			const snapshot = actors[i]!.getSnapshot();
			expect(snapshot.value, `${r.edition} reading`).toEqual(state.value);
			expectReadable(r.lesson, snapshot.value, snapshot.context, r.edition);
		});
	}
	readings.forEach((r, i) => expect(actors[i]!.getSnapshot().value, r.edition).toBe('summary'));
	actor.stop();
}

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
	it('has steps, each with a solution, and every wrong move with a move that makes it', () => {
		expect(lesson.steps.length).toBeGreaterThan(0);
		for (const step of lesson.steps) {
			expect(SOLUTIONS[lesson.id]?.steps[step.id], step.id).toBeDefined();
			for (const mk of step.mistakes ?? [])
				expect(SOLUTIONS[lesson.id]?.mistakes?.[mk.id], mk.id).toBeDefined();
			for (const alt of step.alternatives ?? [])
				expect(SOLUTIONS[lesson.id]?.alternatives?.[alt.id], alt.id).toBeDefined();
		}
	});

	const paths = lesson.steps.length ? pathsOf(lesson) : [];
	for (const path of paths) {
		it(`path: ${describePath(lesson, path)}`, { timeout: 120_000 }, () => runPath(lesson, path));
	}
});
