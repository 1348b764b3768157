/** Lesson 6: Verify a contact by emoji. (Placeholder: steps to come.) */
import { m } from '../../paraglide/messages';
import { sandboxScenario } from '../../world/sandbox-scenario';
import type { LessonSolution } from '../driver';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	id: 'verify-contact',
	minutes: 6,
	title: m.l06_title,
	goal: m.l06_goal,
	scenario: (locale) => sandboxScenario(locale),
	steps: [],
	summary: []
};

export const solution: LessonSolution = { steps: {} };
