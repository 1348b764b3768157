/** Lesson 4: Create an encrypted room. (Placeholder: steps to come.) */
import { m } from '../../paraglide/messages';
import { sandboxScenario } from '../../world/sandbox-scenario';
import type { LessonSolution } from '../driver';
import type { Lesson } from '../types';

export const lesson: Lesson = {
	id: 'create-encrypted-room',
	minutes: 4,
	title: m.l04_title,
	goal: m.l04_goal,
	scenario: (locale) => sandboxScenario(locale),
	steps: [],
	summary: []
};

export const solution: LessonSolution = { steps: {} };
