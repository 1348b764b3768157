/**
 * What the workshop room says, as the instructor's dashboard and projector show it: fed with the room's events as a
 * sync delivers them, it answers who is where, who is stuck, the live poll and its tally (MSC3381's counting rules).
 * Pure: no DOM, no network, no clock (the caller passes `now`).
 */
import {
	POLL_END,
	POLL_RESPONSE,
	POLL_START,
	STUCK_IDLE_MS,
	WORKSHOP_PROGRESS,
	WORKSHOP_SETTINGS,
	defaultSettings,
	parsePollEnd,
	parsePollResponse,
	parsePollStart,
	parseProgress,
	parseSettings,
	type Edition,
	type LearnerProgress,
	type PollAnswer,
	type PollStart,
	type WorkshopSettings,
	type WrongMove
} from './protocol';

/** A room event as the Client-Server API's sync delivers it (only what the model reads). */
export interface WorkshopEvent {
	type: string;
	sender: string;
	content: unknown;
	event_id?: string;
	state_key?: string;
	origin_server_ts?: number;
}

/** A joined room's part of a sync response (`rooms.join[roomId]`). */
export interface SyncRoom {
	state?: { events?: WorkshopEvent[] };
	timeline?: { events?: WorkshopEvent[] };
}

export type StuckReason = 'idle' | 'repeated-wrong-move';

export interface LearnerRow {
	userId: string;
	displayName: string;
	lesson: string | null;
	step: number;
	stepCount: number;
	stuck: boolean;
	stuckReason?: StuckReason;
	hints: number;
	wrongMoves: WrongMove[];
	done: string[];
	verified: string[];
}

export interface CurrentPoll {
	eventId: string;
	set: string;
	question: string;
	edition: Edition;
	answers: PollAnswer[];
	closed: boolean;
}

export interface Tally {
	counts: Record<string, number>;
	answered: number;
}

interface Stamp {
	ts: number;
	order: number;
}

interface Poll extends Stamp {
	sender: string;
	start: PollStart;
	end?: Stamp & { correct?: string };
}

interface Response extends Stamp {
	answers: string[];
}

interface Learner {
	progress?: LearnerProgress;
	/** When (server time) the learner last finished a step or changed lesson, as this model saw it. */
	advancedAt: number;
}

/** The default CSV header (the dashboard passes its own, translated). */
export const CSV_HEADER = [
	'user id',
	'name',
	'lesson',
	'steps done',
	'steps',
	'stuck',
	'hints',
	'wrong moves',
	'lessons done',
	'verified'
];

function before(a: Stamp, b: Stamp): boolean {
	return a.ts < b.ts || (a.ts === b.ts && a.order < b.order);
}

function isStr(v: unknown): v is string {
	return typeof v === 'string';
}

/** One CSV cell: text that a spreadsheet would run as a formula is made text; quotes where CSV needs them. */
export function csvCell(value: string | number | boolean): string {
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export class WorkshopModel {
	#order = 0;
	#seen = new Set<string>();
	#settings: WorkshopSettings = defaultSettings();
	#members = new Map<string, { displayName?: string; joined: boolean }>();
	#powers = new Map<string, number>();
	#creator: string | undefined;
	#learners = new Map<string, Learner>();
	#polls = new Map<string, Poll>();
	/** Responses by poll id, then by sender, in arrival order: kept even before their poll start arrives. */
	#responses = new Map<string, Map<string, Response[]>>();

	/** The room's events of one sync (`rooms.join[roomId]`); true if anything changed. */
	apply(room: SyncRoom): boolean {
		let changed = false;
		for (const event of room.state?.events ?? []) changed = this.applyState(event) || changed;
		for (const event of room.timeline?.events ?? []) changed = this.applyTimeline(event) || changed;
		return changed;
	}

	/** A state event (from a sync's `state` block, or a timeline event with a state_key). */
	applyState(event: WorkshopEvent): boolean {
		if (!this.#fresh(event) || !isStr(event.state_key) || !isStr(event.sender)) return false;
		const content = event.content;
		const ts = event.origin_server_ts ?? 0;
		const obj = typeof content === 'object' && content !== null ? (content as Record<string, unknown>) : {};
		switch (event.type) {
			case 'm.room.create':
				this.#creator = event.sender;
				return true;
			case 'm.room.power_levels': {
				this.#powers.clear();
				const users = obj.users;
				if (typeof users === 'object' && users !== null) {
					for (const [user, level] of Object.entries(users)) {
						if (typeof level === 'number') this.#powers.set(user, level);
					}
				}
				return true;
			}
			case 'm.room.member': {
				const joined = obj.membership === 'join';
				const name = isStr(obj.displayname) && obj.displayname.trim() ? obj.displayname : undefined;
				this.#members.set(event.state_key, { displayName: name, joined });
				return true;
			}
			case WORKSHOP_SETTINGS: {
				if (event.state_key !== '') return false;
				this.#settings = parseSettings(content) ?? this.#settings;
				return true;
			}
			case WORKSHOP_PROGRESS: {
				// The homeserver lets only the user named by the state key write it; a copy that says otherwise is ignored.
				if (event.state_key !== event.sender) return false;
				const progress = parseProgress(content);
				if (!progress) return false;
				const before = this.#learners.get(event.sender);
				const old = before?.progress;
				const advanced =
					!old ||
					old.lesson !== progress.lesson ||
					old.step !== progress.step ||
					old.done.length !== progress.done.length;
				this.#learners.set(event.sender, {
					progress,
					advancedAt: advanced || !before ? ts : before.advancedAt
				});
				return true;
			}
			default:
				return false;
		}
	}

	/** A timeline event: polls, and state events that arrive in the timeline. */
	applyTimeline(event: WorkshopEvent): boolean {
		if (isStr(event.state_key)) return this.applyState(event);
		if (!this.#fresh(event) || !isStr(event.sender)) return false;
		const stamp: Stamp = { ts: event.origin_server_ts ?? 0, order: ++this.#order };
		switch (event.type) {
			case POLL_START: {
				const start = parsePollStart(event.content);
				if (!start || !event.event_id) return false;
				this.#polls.set(event.event_id, { ...stamp, sender: event.sender, start });
				return true;
			}
			case POLL_RESPONSE: {
				const response = parsePollResponse(event.content);
				if (!response) return false;
				let bySender = this.#responses.get(response.poll);
				if (!bySender) this.#responses.set(response.poll, (bySender = new Map()));
				const list = bySender.get(event.sender) ?? [];
				list.push({ ...stamp, answers: response.answers });
				bySender.set(event.sender, list);
				return true;
			}
			case POLL_END: {
				const end = parsePollEnd(event.content);
				const poll = end && this.#polls.get(end.poll);
				if (!end || !poll || poll.end) return false;
				// Only the poll's author (or a room administrator) can end it.
				if (event.sender !== poll.sender && !this.#isInstructor(event.sender)) return false;
				poll.end = { ...stamp, ...(end.correct ? { correct: end.correct } : {}) };
				return true;
			}
			default:
				return false;
		}
	}

	/** Events seen before (a re-sync repeats some) are applied once. */
	#fresh(event: WorkshopEvent): boolean {
		if (typeof event !== 'object' || event === null || !isStr(event.type)) return false;
		if (!event.event_id) return true;
		if (this.#seen.has(event.event_id)) return false;
		this.#seen.add(event.event_id);
		return true;
	}

	#isInstructor(user: string): boolean {
		return (this.#powers.get(user) ?? 0) >= 100 || (this.#powers.size === 0 && user === this.#creator);
	}

	settings(): WorkshopSettings {
		return structuredClone(this.#settings);
	}

	displayName(userId: string): string {
		return this.#members.get(userId)?.displayName ?? userId.replace(/^@/, '').replace(/:.*$/, '');
	}

	/** The learners: joined members who are not the instructor, in the order of their names. */
	learners(now: number): LearnerRow[] {
		const rows: LearnerRow[] = [];
		for (const [userId, member] of this.#members) {
			if (!member.joined || this.#isInstructor(userId)) continue;
			const learner = this.#learners.get(userId);
			const p = learner?.progress;
			const row: LearnerRow = {
				userId,
				displayName: this.displayName(userId),
				lesson: p?.lesson ?? null,
				step: p?.step ?? 0,
				stepCount: p?.stepCount ?? 0,
				stuck: false,
				hints: p?.hints ?? 0,
				wrongMoves: p ? p.wrongMoves.map((w) => ({ ...w })) : [],
				done: p ? [...p.done] : [],
				verified: p ? [...p.verified] : []
			};
			const reason = learner && p ? this.#stuck(p, learner.advancedAt, now) : undefined;
			if (reason) {
				row.stuck = true;
				row.stuckReason = reason;
			}
			rows.push(row);
		}
		return rows.sort(
			(a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId)
		);
	}

	#stuck(p: LearnerProgress, advancedAt: number, now: number): StuckReason | undefined {
		if (p.lesson === null || (p.stepCount > 0 && p.step >= p.stepCount)) return undefined;
		const moves = p.wrongMoves.filter((w) => w.step === p.step).map((w) => w.move);
		if (moves.some((m, i) => moves.indexOf(m) !== i)) return 'repeated-wrong-move';
		if (now - advancedAt >= STUCK_IDLE_MS) return 'idle';
		return undefined;
	}

	/** How many learners finished each step of a lesson (index i: step i + 1 done). */
	stepCounts(lessonId: string, stepCount?: number): number[] {
		const learners = [...this.#learners]
			.filter(([id]) => this.#members.get(id)?.joined && !this.#isInstructor(id))
			.map(([, l]) => l.progress)
			.filter((p): p is LearnerProgress => p !== undefined);
		const count =
			stepCount ?? Math.max(0, ...learners.filter((p) => p.lesson === lessonId).map((p) => p.stepCount));
		const counts = new Array<number>(count).fill(0);
		for (const p of learners) {
			const steps = p.lesson === lessonId ? p.step : p.done.includes(lessonId) ? count : 0;
			for (let i = 0; i < Math.min(steps, count); i++) counts[i] = (counts[i] ?? 0) + 1;
		}
		return counts;
	}

	/** Who verified whom in the Classmates exercise (as each learner's own device says). */
	verifications(): { from: string; to: string }[] {
		const pairs: { from: string; to: string }[] = [];
		for (const [from, learner] of this.#learners) {
			if (!this.#members.get(from)?.joined) continue;
			for (const to of learner.progress?.verified ?? []) pairs.push({ from, to });
		}
		return pairs;
	}

	/** The poll the settings name as the quiz's current question, once its start event is known. */
	currentPoll(): CurrentPoll | undefined {
		const quiz = this.#settings.quiz;
		if (!quiz?.poll) return undefined;
		return this.poll(quiz.poll);
	}

	/** A poll the course made (one with a quiz reference). */
	poll(eventId: string): CurrentPoll | undefined {
		const poll = this.#polls.get(eventId);
		if (!poll?.start.quiz) return undefined;
		const { set, question, edition } = poll.start.quiz;
		return {
			eventId,
			set,
			question,
			edition,
			answers: poll.start.answers.map((a) => ({ ...a })),
			closed: poll.end !== undefined
		};
	}

	/** Whether the poll's start event has arrived. */
	hasPoll(eventId: string): boolean {
		return this.#polls.has(eventId);
	}

	/** The right answer, as the poll's end says it (undefined while the poll is open). */
	correctAnswer(eventId: string): string | undefined {
		return this.#polls.get(eventId)?.end?.correct;
	}

	/** Each sender's counted answer: the latest response before the end, not spoiled, not the instructor's. */
	#votes(eventId: string): Map<string, string> {
		const votes = new Map<string, string>();
		const poll = this.#polls.get(eventId);
		if (!poll) return votes;
		const valid = new Set(poll.start.answers.map((a) => a.id));
		for (const [sender, responses] of this.#responses.get(eventId) ?? []) {
			if (sender === poll.sender || this.#isInstructor(sender)) continue;
			// The latest response by origin_server_ts, then stream order, before the end (if any) is the sender's vote.
			let response: Response | undefined;
			for (const r of responses) {
				if (poll.end && !before(r, poll.end)) continue;
				if (!response || before(response, r)) response = r;
			}
			if (!response) continue;
			const answers = response.answers;
			if (answers.length === 0 || answers.length > poll.start.maxSelections) continue;
			const [first] = answers;
			if (first === undefined || !answers.every((a) => valid.has(a))) continue;
			votes.set(sender, first);
		}
		return votes;
	}

	/** The count per answer id, and how many learners' votes count. */
	tally(eventId: string): Tally {
		const counts: Record<string, number> = {};
		for (const a of this.#polls.get(eventId)?.start.answers ?? []) counts[a.id] = 0;
		const votes = this.#votes(eventId);
		for (const answer of votes.values()) counts[answer] = (counts[answer] ?? 0) + 1;
		return { counts, answered: votes.size };
	}

	/** The answer of this user that counts (undefined if none, or spoiled). */
	myAnswer(eventId: string, userId: string): string | undefined {
		return this.#votes(eventId).get(userId);
	}

	/** Right answers per learner over the ended polls of the current quiz; anonymous learners left out. */
	scoreboard(): { userId: string; displayName: string; right: number }[] {
		const quiz = this.#settings.quiz;
		const polls = [...this.#polls].filter(
			([, p]) => p.end?.correct !== undefined && p.start.quiz && (!quiz || p.start.quiz.set === quiz.set)
		);
		const right = new Map<string, number>();
		for (const [eventId, poll] of polls) {
			for (const [sender, answer] of this.#votes(eventId)) {
				if (answer === poll.end?.correct) right.set(sender, (right.get(sender) ?? 0) + 1);
			}
		}
		const rows: { userId: string; displayName: string; right: number }[] = [];
		for (const [userId, member] of this.#members) {
			if (!member.joined || this.#isInstructor(userId)) continue;
			if (this.#learners.get(userId)?.progress?.anonymous) continue;
			rows.push({ userId, displayName: this.displayName(userId), right: right.get(userId) ?? 0 });
		}
		return rows.sort((a, b) => b.right - a.right || a.displayName.localeCompare(b.displayName));
	}

	/** One row per learner, a header first; `header` gives translated column names (10 of them). */
	csv(now: number, header: readonly string[] = CSV_HEADER): string {
		const lines = [header.map(csvCell).join(',')];
		for (const row of this.learners(now)) {
			lines.push(
				[
					row.userId,
					row.displayName,
					row.lesson ?? '',
					row.step,
					row.stepCount,
					row.stuckReason ?? '',
					row.hints,
					row.wrongMoves.length,
					row.done.join(' '),
					row.verified.join(' ')
				]
					.map(csvCell)
					.join(',')
			);
		}
		return lines.join('\r\n') + '\r\n';
	}
}
