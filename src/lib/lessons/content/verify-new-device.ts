/** Lesson 3: Verify your own new device. (Placeholder: steps to come.) */
import { m } from '../../paraglide/messages';
import { sandboxScenario } from '../../world/sandbox-scenario';
import type { LessonSolution } from '../driver';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	id: 'verify-new-device',
	minutes: 5,
	title: m.l03_title,
	goal: m.l03_goal,
	scenario: (locale) => sandboxScenario(locale),
	steps: [],
	summary: []
};

export const solution: LessonSolution = { steps: {} };
