/** Lesson 13: Someone reset their identity. (Placeholder: steps to come.) */
import { m } from '../../paraglide/messages';
import { sandboxScenario } from '../../world/sandbox-scenario';
import type { LessonSolution } from '../driver';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	id: 'identity-reset',
	minutes: 5,
	title: m.l13_title,
	goal: m.l13_goal,
	scenario: (locale) => sandboxScenario(locale),
	steps: [],
	summary: []
};

export const solution: LessonSolution = { steps: {} };
