/**
 * The workshop model over the room's events: who is where, the stuck rules, MSC3381's counting rules for the live
 * quiz, the scoreboard, and a CSV a spreadsheet cannot be tricked by.
 */
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, WorkshopModel, csvCell, type WorkshopEvent } from './model';
import {
	POLL_END,
	POLL_RESPONSE,
	POLL_START,
	STUCK_IDLE_MS,
	WORKSHOP_PROGRESS,
	WORKSHOP_SETTINGS,
	emptyProgress,
	pollEndContent,
	pollResponseContent,
	pollStartContent,
	progressContent,
	settingsContent,
	workshopPowerLevels,
	type LearnerProgress,
	type WorkshopSettings
} from './protocol';

const INSTRUCTOR = '@instructor:classroom.local';
const ANN = '@learner-ann-abcd:classroom.local';
const BEN = '@learner-ben-efgh:classroom.local';
const T0 = 1_800_000_000_000;

let ids = 0;
function event(type: string, sender: string, content: unknown, ts: number, stateKey?: string): WorkshopEvent {
	return {
		type,
		sender,
		content,
		event_id: `$e${++ids}`,
		origin_server_ts: ts,
		...(stateKey !== undefined ? { state_key: stateKey } : {})
	};
}

const member = (user: string, name: string, ts = T0) =>
	event('m.room.member', user, { membership: 'join', displayname: name }, ts, user);

function room(): WorkshopModel {
	const model = new WorkshopModel();
	model.apply({
		state: {
			events: [
				event('m.room.create', INSTRUCTOR, { creator: INSTRUCTOR }, T0, ''),
				member(INSTRUCTOR, 'Instructor'),
				event('m.room.power_levels', INSTRUCTOR, workshopPowerLevels(INSTRUCTOR), T0, ''),
				member(ANN, 'Ann'),
				member(BEN, 'Ben')
			]
		}
	});
	return model;
}

function progress(user: string, p: Partial<LearnerProgress>, ts: number): WorkshopEvent {
	return event(WORKSHOP_PROGRESS, user, progressContent({ ...emptyProgress(ts), ...p }), ts, user);
}

const QUIZ = { set: 'SET1', question: 'q1', edition: 'classic' as const };
const ANSWERS = [
	{ id: 'a', text: 'A' },
	{ id: 'b', text: 'B' },
	{ id: 'c', text: 'C' }
];

function withPoll(model: WorkshopModel, ts = T0 + 1000): string {
	const start = event(
		POLL_START,
		INSTRUCTOR,
		pollStartContent({ question: 'Q?', answers: ANSWERS, quiz: QUIZ }),
		ts
	);
	const settings: WorkshopSettings = {
		lesson: null,
		quiz: { ...QUIZ, questions: ['q1', 'q2'], index: 0, poll: start.event_id!, phase: 'asking' },
		scoreboard: false
	};
	model.apply({
		timeline: { events: [start, event(WORKSHOP_SETTINGS, INSTRUCTOR, settingsContent(settings), ts, '')] }
	});
	return start.event_id!;
}

const vote = (user: string, poll: string, answer: string, ts: number) =>
	event(POLL_RESPONSE, user, pollResponseContent(poll, answer), ts);

describe('learners', () => {
	it('lists joined members other than the instructor, with their progress and names', () => {
		const model = room();
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 2, stepCount: 5, hints: 1 }, T0 + 10));
		const rows = model.learners(T0 + 20);
		expect(rows.map((r) => r.displayName)).toEqual(['Ann', 'Ben']);
		expect(rows[0]).toMatchObject({
			userId: ANN,
			lesson: 'dm',
			step: 2,
			stepCount: 5,
			hints: 1,
			stuck: false
		});
		expect(rows[1]).toMatchObject({ userId: BEN, lesson: null, step: 0, stuck: false });
	});

	it('leaves out members who left', () => {
		const model = room();
		model.applyTimeline(event('m.room.member', BEN, { membership: 'leave' }, T0 + 5, BEN));
		expect(model.learners(T0).map((r) => r.userId)).toEqual([ANN]);
	});

	it('ignores progress written under someone else’s state key, and bad content', () => {
		const model = room();
		model.applyTimeline(
			event(
				WORKSHOP_PROGRESS,
				BEN,
				progressContent({ ...emptyProgress(), lesson: 'x', step: 1, stepCount: 3 }),
				T0,
				ANN
			)
		);
		model.applyTimeline(event(WORKSHOP_PROGRESS, ANN, { lesson: 'x', step: 'two' }, T0, ANN));
		expect(model.learners(T0)[0]).toMatchObject({ userId: ANN, lesson: null });
	});

	it('applies an event seen twice once', () => {
		const model = room();
		const e = progress(ANN, { lesson: 'dm', step: 1, stepCount: 3 }, T0);
		expect(model.applyTimeline(e)).toBe(true);
		expect(model.applyTimeline(e)).toBe(false);
	});
});

describe('stuck', () => {
	it('is idle after three minutes without a finished step, whatever else the learner reports', () => {
		const model = room();
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 1, stepCount: 4 }, T0));
		expect(model.learners(T0 + STUCK_IDLE_MS - 1)[0]?.stuck).toBe(false);
		// A hint is no progress: the clock keeps running from the last step.
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 1, stepCount: 4, hints: 1 }, T0 + 60_000));
		expect(model.learners(T0 + STUCK_IDLE_MS)[0]).toMatchObject({ stuck: true, stuckReason: 'idle' });
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 2, stepCount: 4, hints: 1 }, T0 + STUCK_IDLE_MS));
		expect(model.learners(T0 + STUCK_IDLE_MS + 1000)[0]?.stuck).toBe(false);
	});

	it('is never stuck outside a lesson or after its last step', () => {
		const model = room();
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 4, stepCount: 4 }, T0));
		expect(model.learners(T0 + 10 * STUCK_IDLE_MS).every((r) => !r.stuck)).toBe(true);
	});

	it('is stuck after the same wrong move twice in the current step, not in an earlier one', () => {
		const model = room();
		const twice = [
			{ step: 1, move: 'wrong-room' },
			{ step: 1, move: 'wrong-room' }
		];
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 1, stepCount: 4, wrongMoves: twice }, T0));
		expect(model.learners(T0 + 1000)[0]).toMatchObject({ stuck: true, stuckReason: 'repeated-wrong-move' });
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 2, stepCount: 4, wrongMoves: twice }, T0 + 2000));
		expect(model.learners(T0 + 3000)[0]?.stuck).toBe(false);
		const different = [
			{ step: 2, move: 'a' },
			{ step: 2, move: 'b' }
		];
		model.applyTimeline(
			progress(ANN, { lesson: 'dm', step: 2, stepCount: 4, wrongMoves: different }, T0 + 4000)
		);
		expect(model.learners(T0 + 5000)[0]?.stuck).toBe(false);
	});
});

describe('the class', () => {
	it('counts how many finished each step, counting a finished lesson as all its steps', () => {
		const model = room();
		model.applyTimeline(progress(ANN, { lesson: 'dm', step: 2, stepCount: 4 }, T0));
		model.applyTimeline(progress(BEN, { lesson: 'other', step: 1, stepCount: 2, done: ['dm'] }, T0));
		expect(model.stepCounts('dm')).toEqual([2, 2, 1, 1]);
		expect(model.stepCounts('other', 2)).toEqual([1, 0]);
		expect(model.stepCounts('unknown')).toEqual([]);
	});

	it('lists who verified whom', () => {
		const model = room();
		model.applyTimeline(progress(ANN, { verified: [BEN] }, T0));
		model.applyTimeline(progress(BEN, { verified: [ANN] }, T0));
		expect(model.verifications()).toEqual([
			{ from: ANN, to: BEN },
			{ from: BEN, to: ANN }
		]);
	});

	it('keeps the last valid settings', () => {
		const model = room();
		model.applyTimeline(
			event(WORKSHOP_SETTINGS, INSTRUCTOR, { lesson: 'dm', quiz: null, scoreboard: true }, T0, '')
		);
		model.applyTimeline(event(WORKSHOP_SETTINGS, INSTRUCTOR, { lesson: 42 }, T0 + 1, ''));
		expect(model.settings()).toEqual({ lesson: 'dm', quiz: null, scoreboard: true });
	});
});

describe('the live poll', () => {
	it('is the poll the settings name, with the quiz question it asks', () => {
		const model = room();
		const poll = withPoll(model);
		expect(model.currentPoll()).toEqual({ eventId: poll, ...QUIZ, answers: ANSWERS, closed: false });
	});

	it('counts one answer per learner: the latest by server time, then stream order', () => {
		const model = room();
		const poll = withPoll(model);
		model.apply({
			timeline: {
				events: [
					vote(ANN, poll, 'a', T0 + 2000),
					vote(BEN, poll, 'b', T0 + 2000),
					vote(ANN, poll, 'c', T0 + 3000),
					// Older by its timestamp than Ann's second answer, though delivered later: it does not replace it.
					vote(ANN, poll, 'b', T0 + 2500),
					// Same timestamp: stream order decides.
					vote(BEN, poll, 'a', T0 + 2000)
				]
			}
		});
		expect(model.tally(poll)).toEqual({ counts: { a: 1, b: 0, c: 1 }, answered: 2 });
		expect(model.myAnswer(poll, ANN)).toBe('c');
		expect(model.myAnswer(poll, BEN)).toBe('a');
	});

	it('does not count spoiled answers, answers after the end, or the instructor’s', () => {
		const model = room();
		const poll = withPoll(model);
		model.apply({
			timeline: {
				events: [
					vote(ANN, poll, 'b', T0 + 2000),
					// Ann's latest answer names no answer of the poll: her vote is spoiled.
					vote(ANN, poll, 'purple', T0 + 2100),
					event(
						POLL_RESPONSE,
						BEN,
						{
							'm.relates_to': { rel_type: 'm.reference', event_id: poll },
							[POLL_RESPONSE]: { answers: ['a', 'b'] }
						},
						T0 + 2200
					),
					vote(INSTRUCTOR, poll, 'a', T0 + 2300)
				]
			}
		});
		expect(model.tally(poll).answered).toBe(0);
		model.applyTimeline(vote(BEN, poll, 'c', T0 + 2400));
		// Only the instructor ends the poll; a learner's end is ignored.
		model.applyTimeline(event(POLL_END, BEN, pollEndContent(poll, 'ended'), T0 + 2450));
		expect(model.currentPoll()?.closed).toBe(false);
		model.applyTimeline(
			event(POLL_END, INSTRUCTOR, pollEndContent(poll, 'ended', { ...QUIZ, correct: 'c' }), T0 + 2500)
		);
		model.applyTimeline(vote(ANN, poll, 'c', T0 + 2600));
		model.applyTimeline(vote(BEN, poll, 'a', T0 + 2700));
		expect(model.currentPoll()?.closed).toBe(true);
		expect(model.tally(poll)).toEqual({ counts: { a: 0, b: 0, c: 1 }, answered: 1 });
		expect(model.correctAnswer(poll)).toBe('c');
	});

	it('counts answers that arrived before their poll start', () => {
		const model = room();
		const early = vote(ANN, '$later', 'a', T0 + 5);
		model.applyTimeline(early);
		const start = {
			...event(POLL_START, INSTRUCTOR, pollStartContent({ question: 'Q', answers: ANSWERS, quiz: QUIZ }), T0),
			event_id: '$later'
		};
		model.applyTimeline(start);
		expect(model.tally('$later').answered).toBe(1);
	});

	it('scores right answers of ended polls, leaving anonymous learners out', () => {
		const model = room();
		const poll = withPoll(model);
		model.applyTimeline(vote(ANN, poll, 'a', T0 + 2000));
		model.applyTimeline(vote(BEN, poll, 'b', T0 + 2000));
		expect(model.scoreboard().map((r) => r.right)).toEqual([0, 0]);
		model.applyTimeline(
			event(POLL_END, INSTRUCTOR, pollEndContent(poll, 'ended', { ...QUIZ, correct: 'b' }), T0 + 3000)
		);
		expect(model.scoreboard()).toEqual([
			{ userId: BEN, displayName: 'Ben', right: 1 },
			{ userId: ANN, displayName: 'Ann', right: 0 }
		]);
		model.applyTimeline(progress(BEN, { anonymous: true }, T0 + 4000));
		expect(model.scoreboard().map((r) => r.displayName)).toEqual(['Ann']);
	});
});

describe('csv', () => {
	it('quotes what needs quoting and makes formulas text', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell('+1')).toBe("'+1");
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
		expect(csvCell(3)).toBe('3');
	});

	it('has a header and one row per learner, names from the room', () => {
		const model = new WorkshopModel();
		model.apply({
			state: {
				events: [
					event('m.room.power_levels', INSTRUCTOR, workshopPowerLevels(INSTRUCTOR), T0, ''),
					member(INSTRUCTOR, 'Instructor'),
					member(ANN, '=cmd|"/c calc"!A1'),
					member(BEN, 'Ben, Jr.')
				]
			}
		});
		model.applyTimeline(
			progress(BEN, { lesson: 'dm', step: 1, stepCount: 3, hints: 2, done: ['a', 'b'] }, T0)
		);
		const lines = model.csv(T0).split('\r\n');
		expect(lines[0]).toBe(CSV_HEADER.join(','));
		expect(lines).toHaveLength(4);
		expect(lines[1]).toBe(`'${ANN},"'=cmd|""/c calc""!A1",,0,0,,0,0,,`);
		expect(lines[2]).toBe(`'${BEN},"Ben, Jr.",dm,1,3,,2,0,a b,`);
		expect(lines[3]).toBe('');
	});
});
