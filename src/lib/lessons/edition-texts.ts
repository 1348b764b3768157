/**
 * A lesson in an Element edition: the one place that chooses between a lesson's classic texts and the ones for
 * today's Element (2026). Only texts change; the steps, their predicates, wrong moves and alternatives stay the very
 * same objects' functions, so a step completes on the same world in both editions. Pure.
 */
import type { Edition } from '../edition';
import type { LessonOutline } from './outline';
import type { Lesson, LessonStep } from './types';

/** `base` with each text `today` gives put in place of its own (a text left out, or undefined, stays). */
function overlay<T extends object>(base: T, today: Partial<NoInfer<T>> | undefined): T {
	if (!today) return base;
	const out = { ...base };
	for (const key of Object.keys(today) as (keyof T)[]) {
		const text = today[key];
		if (text !== undefined) out[key] = text as T[keyof T];
	}
	return out;
}

function stepIn2026(step: LessonStep): LessonStep {
	const out = overlay(step, step.today);
	if (step.alternatives) out.alternatives = step.alternatives.map((a) => overlay(a, a.today));
	if (step.mistakes) out.mistakes = step.mistakes.map((mk) => overlay(mk, mk.today));
	return out;
}

/** Each lesson's 2026 reading, made once (a page re-renders with the same objects). */
const in2026 = new WeakMap<Lesson, Lesson>();

/**
 * The lesson as it reads in `edition`: in the classic edition the lesson itself; in 2026 a copy whose title, goal,
 * summary, step titles, whys and hints, wrong moves' explanations and alternatives' titles and summaries are the
 * `today` ones where the lesson has them.
 */
export function inEdition(lesson: Lesson, edition: Edition): Lesson {
	if (edition === 'classic') return lesson;
	let read = in2026.get(lesson);
	if (!read) {
		read = { ...overlay(lesson, lesson.today), steps: lesson.steps.map(stepIn2026) };
		in2026.set(lesson, read);
	}
	return read;
}

/** A lesson's entry on the course home (title and goal) as it reads in `edition`. */
export function outlineIn(outline: LessonOutline, edition: Edition): LessonOutline {
	return edition === 'classic' ? outline : overlay(outline, outline.today);
}
