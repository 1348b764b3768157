/**
 * What a learning platform keeps for a learner: the course progress (the same shape as the browser's save) and the
 * quiz's best score, written compactly enough for SCORM 1.2's `cmi.suspend_data` (at most 4,096 characters), and
 * the status and score the platform is told. Pure.
 */
import {
	emptyProgress,
	lessonStatus,
	parseProgress,
	type LessonProgress,
	type Progress
} from '$lib/lessons/progress';
import type { LmsConfig } from './config';
import { parseJsonObject } from './json';

/** The best whole run through the quiz set. */
export interface QuizResult {
	right: number;
	total: number;
}

export interface LmsState {
	progress: Progress;
	quiz?: QuizResult;
}

export const SUSPEND_DATA_LIMIT = 4096;

/** Bump when the compact form changes; an unknown version is read as nothing (the browser's save still counts). */
const FORMAT = 1;

const STATUS_CODE = { 'not-started': 'n', 'in-progress': 'i', done: 'd' } as const;
const CODE_STATUS = { n: 'not-started', i: 'in-progress', d: 'done' } as const;

/**
 * `{"v":1,"l":{"<lesson id>":"<status><step>[@<attempt, base 36>]"},"q":[right,total]}`: a lesson in a few
 * characters (16 lessons fit in well under 1,000). The save's times are not kept: only the attempt orders saves.
 */
export function encodeState(state: LmsState): string {
	const lessons: Record<string, string> = {};
	for (const [id, p] of Object.entries(state.progress.lessons)) {
		lessons[id] = `${STATUS_CODE[p.status]}${p.step}${p.attempt ? `@${p.attempt.toString(36)}` : ''}`;
	}
	const data: Record<string, unknown> = { v: FORMAT, l: lessons };
	if (state.quiz) data.q = [state.quiz.right, state.quiz.total];
	return JSON.stringify(data);
}

/** Reads what `encodeState` wrote; anything else (empty, cut, another format) is an empty state. Never throws. */
export function decodeState(raw: string | null | undefined): LmsState {
	const empty: LmsState = { progress: emptyProgress() };
	const data = parseJsonObject(raw);
	if (!data) return empty;
	const { v, l, q } = data;
	if (v !== FORMAT || typeof l !== 'object' || l === null) return empty;
	const lessons: Record<string, LessonProgress> = {};
	for (const [id, code] of Object.entries(l as Record<string, unknown>)) {
		const match = typeof code === 'string' ? /^([nid])(\d{1,3})(?:@([0-9a-z]{1,12}))?$/.exec(code) : null;
		if (!match) continue;
		const entry: LessonProgress = {
			status: CODE_STATUS[match[1] as keyof typeof CODE_STATUS],
			step: Number(match[2]),
			updatedAt: 0
		};
		if (match[3]) entry.attempt = parseInt(match[3], 36);
		lessons[id] = entry;
	}
	// Through the browser save's own reader, so that the same rules hold for both.
	const state: LmsState = {
		progress: parseProgress(JSON.stringify({ ...emptyProgress(), lessons })).progress
	};
	if (
		Array.isArray(q) &&
		q.length === 2 &&
		q.every((n) => Number.isInteger(n) && n >= 0) &&
		(q[0] as number) <= (q[1] as number) &&
		(q[1] as number) > 0
	)
		state.quiz = { right: q[0] as number, total: q[1] as number };
	return state;
}

/** The better of two quiz results (by share of right answers; the later one when equal). */
export function betterQuiz(a: QuizResult | undefined, b: QuizResult | undefined): QuizResult | undefined {
	if (!a) return b;
	if (!b) return a;
	return b.right / b.total >= a.right / a.total ? b : a;
}

export type LmsStatus = 'incomplete' | 'completed' | 'passed' | 'failed';

export interface CourseResult {
	status: LmsStatus;
	/** The quiz's best score in percent (0–100), once a whole set was answered. */
	score?: number;
	/** The lessons that count, and how many of them are done. */
	required: string[];
	done: number;
}

/** The quiz result in whole percent. */
export function quizPercent(quiz: QuizResult): number {
	return Math.round((100 * quiz.right) / quiz.total);
}

/**
 * The status to report: incomplete until the chosen lessons are done (and the quiz answered, when it is part of the
 * package); then completed, or passed/failed by the mastery score when there is one. `courseLessons`: the lessons of
 * the learner's Element version (a chosen lesson of the other version only does not count).
 */
export function courseResult(
	state: LmsState,
	config: LmsConfig,
	courseLessons: readonly string[],
	mastery: number | undefined = config.mastery
): CourseResult {
	const required = config.lessons
		? courseLessons.filter((id) => config.lessons!.includes(id))
		: [...courseLessons];
	const done = required.filter((id) => lessonStatus(state.progress, id) === 'done').length;
	const score = config.quiz && state.quiz ? quizPercent(state.quiz) : undefined;
	const lessonsDone = done === required.length;
	const quizDone = !config.quiz || score !== undefined;
	let status: LmsStatus = 'incomplete';
	if (lessonsDone && quizDone) {
		status =
			mastery === undefined || score === undefined ? 'completed' : score >= mastery ? 'passed' : 'failed';
	}
	return { status, score, required, done };
}
