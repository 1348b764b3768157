/**
 * The workshop's events: what the instructor's dashboard, the learners' browsers and any Matrix client read and write
 * in the workshop room (issue #14). Plain data, no DOM, no crypto: the room is not encrypted (state events never are).
 *
 * Builders make the content to send; parsers read content that came from the network and never throw: content
 * that does not have the expected shape gives `undefined`.
 */

/** The room's alias localpart: `#workshop:<serverName>`. */
export const WORKSHOP_ALIAS_LOCALPART = 'workshop';

/** The workshop's settings, a state event with state_key `''` that only the instructor may send. */
export const WORKSHOP_SETTINGS = 'org.e2ee_trainer.workshop.settings';
/** A learner's progress, a state event whose state_key is the learner's own user id. */
export const WORKSHOP_PROGRESS = 'org.e2ee_trainer.workshop.progress';

/** MSC3381 polls, in the unstable names Element sends and reads. */
export const POLL_START = 'org.matrix.msc3381.poll.start';
export const POLL_RESPONSE = 'org.matrix.msc3381.poll.response';
export const POLL_END = 'org.matrix.msc3381.poll.end';
export const POLL_KIND_UNDISCLOSED = 'org.matrix.msc3381.poll.undisclosed';
/** MSC1767's text, as polls carry it. */
export const TEXT = 'org.matrix.msc1767.text';
/** The course's own key on a poll start or end: which quiz question it is, so the course can show it in full. */
export const QUIZ_KEY = 'org.e2ee_trainer.quiz';

/** Three minutes without a finished step make a learner "stuck". */
export const STUCK_IDLE_MS = 3 * 60 * 1000;
/** How many entries a progress report keeps in its lists (a report stays a small event). */
export const MAX_WRONG_MOVES = 20;
export const MAX_STEP_TIMES = 100;
export const MAX_LIST = 200;
/** Longest id or text we accept from content (ids, lesson names, moves). */
export const MAX_TEXT = 500;

/** The room's power levels: the instructor decides, learners write only their own progress and poll responses. */
export function workshopPowerLevels(instructor: string): Record<string, unknown> {
	return {
		users: { [instructor]: 100 },
		users_default: 0,
		events: {
			[WORKSHOP_SETTINGS]: 100,
			[POLL_START]: 100,
			[POLL_END]: 100,
			[WORKSHOP_PROGRESS]: 0,
			'm.room.message': 100,
			'm.room.name': 100,
			'm.room.power_levels': 100,
			'm.room.history_visibility': 100,
			'm.room.encryption': 100
		},
		events_default: 0,
		state_default: 100,
		ban: 100,
		kick: 100,
		redact: 100,
		invite: 100
	};
}

export type Edition = 'classic' | '2026';

export interface LiveQuiz {
	/** The quiz set's code, as in src/lib/quiz/sets.ts. */
	set: string;
	edition: Edition;
	/** The question ids, in the order they are asked. */
	questions: string[];
	/** The question being asked (an index into `questions`). */
	index: number;
	/** The event id of the current question's poll start. */
	poll: string | null;
	phase: 'asking' | 'revealed' | 'finished';
}

export interface WorkshopSettings {
	/** The lesson everyone should open. */
	lesson: string | null;
	quiz: LiveQuiz | null;
	scoreboard: boolean;
}

export interface WrongMove {
	/** The step the learner was on (0-based: the number of steps done then). */
	step: number;
	/** What the lesson calls the move (its wrong-move id). */
	move: string;
}

export interface LearnerProgress {
	lesson: string | null;
	/** Steps done in that lesson. */
	step: number;
	stepCount: number;
	/** Lessons finished. */
	done: string[];
	/** This lesson's wrong moves, the latest MAX_WRONG_MOVES. */
	wrongMoves: WrongMove[];
	/** Hints asked for in this lesson. */
	hints: number;
	/** Time per finished step of this lesson, in ms. */
	stepMs: number[];
	/** ms since the epoch, the learner's clock. */
	changedAt: number;
	/** Classmates' user ids this learner's classroom device has verified. */
	verified: string[];
	/** Keep my name off the scoreboard. */
	anonymous: boolean;
}

/** A quiz question as the course identifies it. */
export interface QuizRef {
	set: string;
	question: string;
	edition: Edition;
}

export interface PollAnswer {
	id: string;
	text: string;
}

/** A poll start as the course reads it. */
export interface PollStart {
	question: string;
	answers: PollAnswer[];
	maxSelections: number;
	/** Which quiz question it is; absent for a poll the course did not make. */
	quiz?: QuizRef;
}

export interface PollResponse {
	/** The poll start's event id. */
	poll: string;
	answers: string[];
}

export interface PollEnd {
	poll: string;
	/** The right answer's id, when the course ended its own poll. */
	correct?: string;
}

export function defaultSettings(): WorkshopSettings {
	return { lesson: null, quiz: null, scoreboard: false };
}

export function emptyProgress(changedAt = 0): LearnerProgress {
	return {
		lesson: null,
		step: 0,
		stepCount: 0,
		done: [],
		wrongMoves: [],
		hints: 0,
		stepMs: [],
		changedAt,
		verified: [],
		anonymous: false
	};
}

// --- reading untrusted content ---

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown): v is string {
	return typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;
}

function isCount(v: unknown): v is number {
	return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isEdition(v: unknown): v is Edition {
	return v === 'classic' || v === '2026';
}

function textList(v: unknown, max: number): string[] | undefined {
	if (!Array.isArray(v) || v.length > max || !v.every(isText)) return undefined;
	return [...(v as string[])];
}

function parseLiveQuiz(v: unknown): LiveQuiz | undefined {
	if (!isObject(v)) return undefined;
	const { set, edition, questions, index, poll, phase } = v;
	const ids = textList(questions, MAX_LIST);
	if (!isText(set) || !isEdition(edition) || !ids || ids.length === 0) return undefined;
	if (!isCount(index) || index >= ids.length) return undefined;
	if (poll !== null && !isText(poll)) return undefined;
	if (phase !== 'asking' && phase !== 'revealed' && phase !== 'finished') return undefined;
	return { set, edition, questions: ids, index, poll, phase };
}

export function settingsContent(settings: WorkshopSettings): Json {
	return {
		lesson: settings.lesson,
		quiz: settings.quiz && { ...settings.quiz, questions: [...settings.quiz.questions] },
		scoreboard: settings.scoreboard
	};
}

export function parseSettings(content: unknown): WorkshopSettings | undefined {
	if (!isObject(content)) return undefined;
	const { lesson, quiz, scoreboard } = content;
	if (lesson !== null && lesson !== undefined && !isText(lesson)) return undefined;
	let live: LiveQuiz | null = null;
	if (quiz !== null && quiz !== undefined) {
		const parsed = parseLiveQuiz(quiz);
		if (!parsed) return undefined;
		live = parsed;
	}
	if (scoreboard !== undefined && typeof scoreboard !== 'boolean') return undefined;
	return { lesson: lesson ?? null, quiz: live, scoreboard: scoreboard ?? false };
}

/** A progress report's content, with its lists cut to their caps (the latest entries kept). */
export function progressContent(progress: LearnerProgress): Json {
	return {
		lesson: progress.lesson,
		step: progress.step,
		stepCount: progress.stepCount,
		done: progress.done.slice(-MAX_LIST),
		wrongMoves: progress.wrongMoves.slice(-MAX_WRONG_MOVES).map((w) => ({ step: w.step, move: w.move })),
		hints: progress.hints,
		stepMs: progress.stepMs.slice(-MAX_STEP_TIMES).map((ms) => Math.max(0, Math.round(ms))),
		changedAt: Math.round(progress.changedAt),
		verified: progress.verified.slice(-MAX_LIST),
		anonymous: progress.anonymous
	};
}

export function parseProgress(content: unknown): LearnerProgress | undefined {
	if (!isObject(content)) return undefined;
	const c = content;
	if (c.lesson !== null && !isText(c.lesson)) return undefined;
	if (!isCount(c.step) || !isCount(c.stepCount) || !isCount(c.hints) || !isCount(c.changedAt))
		return undefined;
	if (c.step > c.stepCount && c.stepCount > 0) return undefined;
	const done = textList(c.done, MAX_LIST);
	const verified = textList(c.verified, MAX_LIST);
	if (!done || !verified) return undefined;
	if (!Array.isArray(c.wrongMoves) || c.wrongMoves.length > MAX_WRONG_MOVES) return undefined;
	const wrongMoves: WrongMove[] = [];
	for (const w of c.wrongMoves as unknown[]) {
		if (!isObject(w) || !isCount(w.step) || !isText(w.move)) return undefined;
		wrongMoves.push({ step: w.step, move: w.move });
	}
	if (!Array.isArray(c.stepMs) || c.stepMs.length > MAX_STEP_TIMES || !c.stepMs.every(isCount))
		return undefined;
	if (typeof c.anonymous !== 'boolean') return undefined;
	return {
		lesson: c.lesson,
		step: c.step,
		stepCount: c.stepCount,
		done,
		wrongMoves,
		hints: c.hints,
		stepMs: [...(c.stepMs as number[])],
		changedAt: c.changedAt,
		verified,
		anonymous: c.anonymous
	};
}

/** A quiz question as a poll, in the form Element sends (undisclosed: the count shows after the end). */
export function pollStartContent(poll: { question: string; answers: PollAnswer[]; quiz: QuizRef }): Json {
	const fallback = [poll.question, ...poll.answers.map((a, i) => `${i + 1}. ${a.text}`)].join('\n');
	return {
		[POLL_START]: {
			question: { [TEXT]: poll.question },
			kind: POLL_KIND_UNDISCLOSED,
			max_selections: 1,
			answers: poll.answers.map((a) => ({ id: a.id, [TEXT]: a.text }))
		},
		[TEXT]: fallback,
		[QUIZ_KEY]: { set: poll.quiz.set, question: poll.quiz.question, edition: poll.quiz.edition }
	};
}

/** The text of an MSC1767 text block: a string, or the plain entry of a list of representations. */
function msc1767Text(v: unknown): string | undefined {
	if (typeof v === 'string') return v;
	if (Array.isArray(v)) {
		const plain = v.find(
			(r) => isObject(r) && typeof r.body === 'string' && (!r.mimetype || r.mimetype === 'text/plain')
		);
		return isObject(plain) ? (plain.body as string) : undefined;
	}
	return undefined;
}

function parseQuizRef(v: unknown): QuizRef | undefined {
	if (!isObject(v) || !isText(v.set) || !isText(v.question) || !isEdition(v.edition)) return undefined;
	return { set: v.set, question: v.question, edition: v.edition };
}

export function parsePollStart(content: unknown): PollStart | undefined {
	if (!isObject(content) || !isObject(content[POLL_START])) return undefined;
	const start = content[POLL_START];
	const question = isObject(start.question)
		? msc1767Text(start.question[TEXT] ?? start.question.body)
		: undefined;
	if (question === undefined || !Array.isArray(start.answers) || start.answers.length === 0) return undefined;
	if (start.answers.length > 20) return undefined;
	const answers: PollAnswer[] = [];
	for (const a of start.answers as unknown[]) {
		if (!isObject(a) || !isText(a.id)) return undefined;
		const text = msc1767Text(a[TEXT] ?? a.body);
		if (text === undefined || answers.some((b) => b.id === a.id)) return undefined;
		answers.push({ id: a.id, text });
	}
	const max = start.max_selections;
	const maxSelections =
		max === undefined ? 1 : isCount(max) && max > 0 ? Math.min(max, answers.length) : undefined;
	if (maxSelections === undefined) return undefined;
	const quiz = parseQuizRef(content[QUIZ_KEY]);
	return { question, answers, maxSelections, ...(quiz ? { quiz } : {}) };
}

export function pollResponseContent(poll: string, answer: string): Json {
	return {
		'm.relates_to': { rel_type: 'm.reference', event_id: poll },
		[POLL_RESPONSE]: { answers: [answer] }
	};
}

function referenced(content: Json): string | undefined {
	const rel = content['m.relates_to'];
	if (!isObject(rel) || rel.rel_type !== 'm.reference' || !isText(rel.event_id)) return undefined;
	return rel.event_id;
}

/** A response; `answers` may be empty or name unknown answers (a spoiled vote, which the tally leaves out). */
export function parsePollResponse(content: unknown): PollResponse | undefined {
	if (!isObject(content)) return undefined;
	const poll = referenced(content);
	const body = content[POLL_RESPONSE];
	if (!poll || !isObject(body)) return undefined;
	const answers = Array.isArray(body.answers)
		? body.answers.filter((a): a is string => typeof a === 'string')
		: [];
	// A response whose answers are not a list of strings is spoiled, not ignored: it replaces an earlier one.
	const spoiled = !Array.isArray(body.answers) || answers.length !== body.answers.length;
	return { poll, answers: spoiled ? [] : answers };
}

export function pollEndContent(poll: string, text: string, quiz?: QuizRef & { correct: string }): Json {
	return {
		'm.relates_to': { rel_type: 'm.reference', event_id: poll },
		[POLL_END]: {},
		[TEXT]: text,
		...(quiz ? { [QUIZ_KEY]: { ...quiz } } : {})
	};
}

export function parsePollEnd(content: unknown): PollEnd | undefined {
	if (!isObject(content) || !isObject(content[POLL_END])) return undefined;
	const poll = referenced(content);
	if (!poll) return undefined;
	const quiz = content[QUIZ_KEY];
	const correct = isObject(quiz) && isText(quiz.correct) ? quiz.correct : undefined;
	return { poll, ...(correct ? { correct } : {}) };
}
