/**
 * The course at a glance, for the course home: each lesson's id, time, number of steps, title and goal — without
 * the lessons' steps, scenarios and moves, so the home page stays small. A lesson takes its id, time, title and goal
 * from here (`headerOf`), so they are written once; `catalog.test.ts` keeps the step counts equal to the lessons'.
 */
import { m } from '../paraglide/messages';
import type { Edition } from '../edition';
import type { LessonToday, Text } from './types';

export interface LessonOutline {
	id: string;
	minutes: number;
	steps: number;
	title: Text;
	goal: Text;
	/** Title and goal for today's Element (2026), where they name what it no longer has. */
	today?: Pick<LessonToday, 'title' | 'goal'>;
	/** The editions whose course has the lesson (absent: every edition); see `editions` on `Lesson`. */
	editions?: readonly Edition[];
}

export const OUTLINE: readonly LessonOutline[] = [
	{
		id: 'first-encrypted-chat',
		minutes: 4,
		steps: 3,
		title: m.l01_title,
		goal: m.l01_goal,
		today: { goal: m.l01_goal_2026 }
	},
	{
		id: 'secure-backup',
		minutes: 5,
		steps: 3,
		title: m.l02_title,
		goal: m.l02_goal,
		today: { goal: m.l02_goal_2026 }
	},
	{
		id: 'recovery-key',
		minutes: 4,
		steps: 2,
		title: m.l15_title_2026,
		goal: m.l15_goal_2026,
		editions: ['2026']
	},
	{
		id: 'verify-new-device',
		minutes: 5,
		steps: 4,
		title: m.l03_title,
		goal: m.l03_goal,
		today: { goal: m.l03_goal_2026 }
	},
	{
		id: 'confirm-identity',
		minutes: 6,
		steps: 3,
		title: m.l14_title_2026,
		goal: m.l14_goal_2026,
		editions: ['2026']
	},
	{ id: 'create-encrypted-room', minutes: 4, steps: 3, title: m.l04_title, goal: m.l04_goal },
	{ id: 'enable-encryption', minutes: 4, steps: 3, title: m.l05_title, goal: m.l05_goal },
	{
		id: 'verify-contact',
		minutes: 5,
		steps: 3,
		title: m.l06_title,
		goal: m.l06_goal,
		today: { goal: m.l06_goal_2026 }
	},
	{
		id: 'verify-group',
		minutes: 7,
		steps: 5,
		title: m.l07_title,
		goal: m.l07_goal,
		today: { goal: m.l07_goal_2026 }
	},
	{
		id: 'red-shield',
		minutes: 4,
		steps: 2,
		title: m.l08_title,
		goal: m.l08_goal,
		today: { title: m.l08_title_2026, goal: m.l08_goal_2026 }
	},
	{ id: 'trust-first', minutes: 5, steps: 3, title: m.l09_title, goal: m.l09_goal },
	{ id: 'emoji-mismatch', minutes: 5, steps: 3, title: m.l10_title, goal: m.l10_goal },
	{
		id: 'restore-history',
		minutes: 6,
		steps: 3,
		title: m.l11_title,
		goal: m.l11_goal,
		today: { goal: m.l11_goal_2026 }
	},
	{ id: 'qr-code', minutes: 4, steps: 3, title: m.l12_title, goal: m.l12_goal },
	{
		id: 'insecure-devices',
		minutes: 6,
		steps: 4,
		title: m.l17_title_2026,
		goal: m.l17_goal_2026,
		editions: ['2026']
	},
	{
		id: 'identity-reset',
		minutes: 4,
		steps: 2,
		title: m.l13_title,
		goal: m.l13_goal,
		today: { goal: m.l13_goal_2026 }
	},
	{
		id: 'cant-confirm',
		minutes: 7,
		steps: 4,
		title: m.l18_title_2026,
		goal: m.l18_goal_2026,
		editions: ['2026']
	}
];

/**
 * A lesson's id, time, title and goal, as its file starts: `{ ...headerOf('qr-code'), scenario, steps, … }`; with
 * `today`, the lesson's other 2026 texts (its summary) beside the outline's 2026 title and goal.
 */
export function headerOf(
	id: string,
	today?: Pick<LessonToday, 'summary'>
): Omit<LessonOutline, 'steps' | 'today'> & { today?: LessonToday } {
	const outline = OUTLINE.find((o) => o.id === id);
	if (!outline) throw new Error(`No lesson ${id} in the outline.`);
	const { steps: _steps, ...header } = outline;
	if (!today && !header.today) return header;
	return { ...header, today: { ...header.today, ...today } };
}
