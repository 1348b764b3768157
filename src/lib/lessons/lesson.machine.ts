/**
 * A lesson's step machine, made from its data: one state per step (working on it, or looking at a wrong move),
 * then the summary. The machine never looks at the world itself: a judge says which steps the latest view
 * completes and which wrong move it shows, so the same machine runs on real snapshots in the page and on
 * abstract views when its paths are enumerated (lesson-paths.test.ts runs each path against a real world).
 */
import { assign, setup } from 'xstate';

/** How a machine reads a view: the lesson's predicates (real snapshots) or a stand-in (graph walks). */
export interface LessonJudge<V> {
	done(step: number, view: V): boolean;
	/** The step is finished the other way `altId` in `view`. */
	alternative(step: number, altId: string, view: V): boolean;
	/** A key for the wrong move `mistakeId` of `step` seen in `view` (which attempt it was), or undefined. */
	mistake(step: number, mistakeId: string, view: V): string | undefined;
	/** The room shields the learner can see in this view (for the summary). */
	shields(view: V): string[];
}

/** The machine's shape: step count, and per step its wrong moves with where a retry goes back to. */
export interface LessonShape {
	id: string;
	steps: { id: string; alternatives?: string[]; mistakes: { id: string; retryFrom?: number }[] }[];
}

export interface LessonContext {
	judge: LessonJudge<unknown>;
	view: unknown;
	/** Hints shown for the current step. */
	hints: number;
	/** A minute passed without progress on the current step: the panel offers a hint. */
	hintOffered: boolean;
	/** Wrong moves already explained (`mistakeId:key`), so an old one is not explained twice. */
	explained: string[];
	/** Room shields seen during the lesson. */
	shields: string[];
	/** How often a wrong move was retried. */
	retries: number;
	/** Steps finished another way than their main one: step id → alternative id. */
	taken: Record<string, string>;
}

/**
 * Where a kept lesson was when its world was stored (its step, and what the learner had met and been told on the way),
 * to go on from there in the restored world without redoing anything.
 */
export interface LessonPlace {
	step: number;
	explained: string[];
	shields: string[];
	retries: number;
	taken: Record<string, string>;
}

export type LessonEvent =
	| { type: 'WORLD'; view: unknown }
	| { type: 'HINT' }
	| { type: 'RETRY' }
	| { type: 'RESTART' }
	| ({ type: 'RESUME' } & LessonPlace);

/** How long without progress before a hint is offered. */
export const HINT_OFFER_MS = 60_000;

export const stepState = (i: number) => `s${i}`;
export const mistakeState = (id: string) => `mistake_${id}`;

export function createLessonMachine(shape: LessonShape) {
	const count = shape.steps.length;
	const base = setup({
		types: {
			context: {} as LessonContext,
			events: {} as LessonEvent,
			input: {} as { judge: LessonJudge<unknown> }
		},
		guards: {
			stepDone: ({ context }, p: { step: number }) =>
				context.view !== undefined && context.judge.done(p.step, context.view),
			alternativeDone: ({ context }, p: { step: number; alt: string }) =>
				context.view !== undefined && context.judge.alternative(p.step, p.alt, context.view),
			resumeAt: ({ event }, p: { step: number }) => event.type === 'RESUME' && event.step === p.step,
			mistakeSeen: ({ context }, p: { step: number; mistake: string }) => {
				if (context.view === undefined) return false;
				const key = context.judge.mistake(p.step, p.mistake, context.view);
				return key !== undefined && !context.explained.includes(`${p.mistake}:${key}`);
			}
		},
		actions: {
			storeView: assign(({ context, event }) => {
				if (event.type !== 'WORLD') return {};
				const seen = context.judge.shields(event.view).filter((s) => !context.shields.includes(s));
				return { view: event.view, shields: seen.length ? [...context.shields, ...seen] : context.shields };
			}),
			newStep: assign({ hints: 0, hintOffered: false }),
			showHint: assign(({ context }) => ({ hints: context.hints + 1, hintOffered: false })),
			offerHint: assign({ hintOffered: true }),
			noteMistake: assign(({ context }, p: { step: number; mistake: string }) => {
				const key =
					context.view === undefined ? undefined : context.judge.mistake(p.step, p.mistake, context.view);
				return { explained: [...context.explained, `${p.mistake}:${key ?? ''}`] };
			}),
			takeAlternative: assign(({ context }, p: { step: string; alt: string }) => ({
				taken: { ...context.taken, [p.step]: p.alt }
			})),
			countRetry: assign(({ context }) => ({ retries: context.retries + 1 })),
			/** A rebuilt world starts from nothing: what was explained and seen belongs to the old one. */
			forgetWorld: assign({
				view: undefined,
				explained: [] as string[],
				shields: [] as string[],
				taken: {} as Record<string, string>
			}),
			resume: assign(({ event }) =>
				event.type === 'RESUME'
					? {
							view: undefined,
							explained: [...event.explained],
							shields: [...event.shields],
							retries: event.retries,
							taken: { ...event.taken }
						}
					: {}
			),
			restart: assign({
				view: undefined,
				explained: [] as string[],
				shields: [] as string[],
				retries: 0,
				taken: {} as Record<string, string>
			})
		},
		delays: { hintOffer: HINT_OFFER_MS }
	});

	const states: Record<string, object> = {};
	shape.steps.forEach((step, i) => {
		const next = i + 1 < count ? `#${shape.id}.${stepState(i + 1)}` : `#${shape.id}.summary`;
		const substates: Record<string, object> = {
			working: {
				after: { hintOffer: { actions: 'offerHint' } },
				always: [
					{ guard: { type: 'stepDone', params: { step: i } }, target: next },
					...(step.alternatives ?? []).map((alt) => ({
						guard: { type: 'alternativeDone', params: { step: i, alt } },
						target: next,
						actions: { type: 'takeAlternative', params: { step: step.id, alt } }
					})),
					...step.mistakes.map((mk) => ({
						guard: { type: 'mistakeSeen', params: { step: i, mistake: mk.id } },
						target: mistakeState(mk.id),
						actions: { type: 'noteMistake', params: { step: i, mistake: mk.id } }
					}))
				]
			}
		};
		for (const mk of step.mistakes) {
			substates[mistakeState(mk.id)] = {
				on: {
					RETRY:
						mk.retryFrom === undefined
							? { target: 'working', actions: 'countRetry' }
							: {
									target: `#${shape.id}.${stepState(mk.retryFrom)}`,
									actions: ['countRetry', 'forgetWorld']
								}
				}
			};
		}
		states[stepState(i)] = { initial: 'working', entry: 'newStep', states: substates };
	});
	states.summary = {};

	return base.createMachine({
		id: shape.id,
		context: ({ input }) => ({
			judge: input.judge,
			view: undefined,
			hints: 0,
			hintOffered: false,
			explained: [],
			shields: [],
			retries: 0,
			taken: {}
		}),
		initial: count ? stepState(0) : 'summary',
		on: {
			WORLD: { actions: 'storeView' },
			HINT: { actions: 'showHint' },
			RESTART: { target: count ? `.${stepState(0)}` : '.summary', actions: 'restart', reenter: true },
			// A kept lesson going on in its restored world: straight to the step it was on (entered afresh).
			RESUME: shape.steps.map((_, i) => ({
				guard: { type: 'resumeAt', params: { step: i } },
				target: `.${stepState(i)}`,
				actions: 'resume',
				reenter: true
			}))
		},
		// The generated states are plain config objects; XState checks them when the machine is created.
		states: states as never
	});
}

/** The index of the step a machine snapshot is on (`count` once the summary shows). */
export function stepIndex(value: unknown, count: number): number {
	const top = typeof value === 'string' ? value : Object.keys(value as object)[0];
	if (top === 'summary') return count;
	return Number(top?.slice(1) ?? 0);
}

/**
 * Where the lesson is, to keep with its world: the step, and the wrong moves already explained (but not the one on
 * screen now, so that coming back explains it again and offers its "Try again").
 */
export function placeOf(snapshot: { value: unknown; context: LessonContext }, count: number): LessonPlace {
	const { context, value } = snapshot;
	const shown = mistakeOf(value);
	const explained = shown
		? context.explained.filter((e, i) => i !== context.explained.length - 1 || !e.startsWith(`${shown}:`))
		: context.explained;
	return {
		step: stepIndex(value, count),
		explained: [...explained],
		shields: [...context.shields],
		retries: context.retries,
		taken: { ...context.taken }
	};
}

/** The wrong move being explained, if any. */
export function mistakeOf(value: unknown): string | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const sub = Object.values(value as Record<string, unknown>)[0];
	return typeof sub === 'string' && sub.startsWith('mistake_') ? sub.slice('mistake_'.length) : undefined;
}

export type LessonMachine = ReturnType<typeof createLessonMachine>;
