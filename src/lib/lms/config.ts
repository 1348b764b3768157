/**
 * What a learning-platform package was built with (`npm run build:lms`, scripts/build-lms.mjs): which standard it
 * speaks, which lessons count, whether the quiz is part of it, and its mastery score. The build writes it into the
 * package's page as a `<meta name="e2ee-trainer-lms">` tag (JSON), so it is there before any script runs, needs no
 * request, and leaves the Content-Security-Policy as it is. Pure: reading the tag is the caller's.
 */
import { parseJsonObject } from './json';

export const LMS_META_NAME = 'e2ee-trainer-lms';

export type LmsTarget = 'scorm12' | 'cmi5';

export interface LmsConfig {
	target: LmsTarget;
	/**
	 * The lessons that must be done (ids); undefined: every lesson of the learner's Element version; none: the quiz
	 * alone.
	 */
	lessons?: string[];
	/** The quiz is part of the package (and its score is reported). */
	quiz: boolean;
	/** A fixed quiz set code (every learner gets the same questions); undefined: a set made up per learner. */
	quizSet?: string;
	/** Ask only the first N questions of the set. */
	quizQuestions?: number;
	/** Percent (0–100) of right answers that passes; undefined: no mastery score (completed, never passed/failed). */
	mastery?: number;
}

const TARGETS: readonly LmsTarget[] = ['scorm12', 'cmi5'];

/** The tag's content, or undefined when there is none or it is not a configuration (the normal site). */
export function parseLmsConfig(raw: string | null | undefined): LmsConfig | undefined {
	const v = parseJsonObject(raw);
	if (!v) return undefined;
	if (!TARGETS.includes(v.target as LmsTarget)) return undefined;
	const config: LmsConfig = { target: v.target as LmsTarget, quiz: v.quiz !== false };
	if (Array.isArray(v.lessons) && v.lessons.every((id) => typeof id === 'string'))
		config.lessons = v.lessons as string[];
	if (typeof v.quizSet === 'string' && v.quizSet) config.quizSet = v.quizSet;
	if (Number.isInteger(v.quizQuestions) && (v.quizQuestions as number) > 0)
		config.quizQuestions = v.quizQuestions as number;
	if (typeof v.mastery === 'number' && v.mastery >= 0 && v.mastery <= 100) config.mastery = v.mastery;
	return config;
}
