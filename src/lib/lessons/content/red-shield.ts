/** Lesson 8: A red shield. (Placeholder: steps to come.) */
import { m } from '../../paraglide/messages';
import { sandboxScenario } from '../../world/sandbox-scenario';
import type { LessonSolution } from '../driver';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	id: 'red-shield',
	minutes: 5,
	title: m.l08_title,
	goal: m.l08_goal,
	scenario: (locale) => sandboxScenario(locale),
	steps: [],
	summary: []
};

export const solution: LessonSolution = { steps: {} };
