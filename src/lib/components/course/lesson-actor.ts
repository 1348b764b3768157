/**
 * The lesson's step machine, made and started for a lesson session. Its own module, loaded by the session after the
 * page is shown and hydrated: the machine (and XState with it) is no part of the script a lesson page runs before its
 * first paint, and building it is no part of the hydration task (see LessonSession).
 */
import { createActor } from 'xstate';
import { lessonJudge, shapeOf } from '$lib/lessons/judge';
import { createLessonMachine, type LessonJudge, type LessonMachine } from '$lib/lessons/lesson.machine';
import type { Lesson } from '$lib/lessons/types';

export { mistakeOf, placeOf, stepIndex } from '$lib/lessons/lesson.machine';

/** The step machine of `lesson` (its states built: the larger part of the work). */
export const lessonMachine = (lesson: Lesson) => createLessonMachine(shapeOf(lesson));

/** An actor of `machine` (its first snapshot computed), judged on real snapshots of `lesson`'s world; not started. */
export const lessonActor = (machine: LessonMachine, lesson: Lesson) =>
	createActor(machine, { input: { judge: lessonJudge(lesson) as LessonJudge<unknown> } });
