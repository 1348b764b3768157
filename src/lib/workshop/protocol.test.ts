/**
 * The workshop's events: builders and parsers agree, parsers never throw on hostile content, and matrix-js-sdk
 * 37.5.0's own poll parsers (what Element Web builds on) read the course's polls as polls.
 */
import fc from 'fast-check';
import { PollEndEvent } from 'matrix-js-sdk/lib/extensible_events_v1/PollEndEvent.js';
import { PollResponseEvent } from 'matrix-js-sdk/lib/extensible_events_v1/PollResponseEvent.js';
import { PollStartEvent } from 'matrix-js-sdk/lib/extensible_events_v1/PollStartEvent.js';
import { M_POLL_KIND_UNDISCLOSED } from 'matrix-js-sdk/lib/@types/polls.js';
import { describe, expect, it } from 'vitest';
import {
	MAX_WRONG_MOVES,
	POLL_END,
	POLL_RESPONSE,
	POLL_START,
	emptyProgress,
	parsePollEnd,
	parsePollResponse,
	parsePollStart,
	parseProgress,
	parseSettings,
	pollEndContent,
	pollResponseContent,
	pollStartContent,
	progressContent,
	settingsContent,
	workshopPowerLevels,
	WORKSHOP_PROGRESS,
	WORKSHOP_SETTINGS,
	type LearnerProgress,
	type WorkshopSettings
} from './protocol';

const question = {
	question: 'Which shield does the room show?',
	answers: [
		{ id: 'grey', text: 'Grey' },
		{ id: 'red', text: 'Red' },
		{ id: 'green', text: 'Green' }
	],
	quiz: { set: 'ABC123', question: 'situation-1', edition: 'classic' as const }
};

describe('poll events as matrix-js-sdk reads them', () => {
	it('reads our poll start as an undisclosed single-choice poll with our answers', () => {
		const content = pollStartContent(question);
		const poll = new PollStartEvent({ type: POLL_START, content: content as never });
		expect(poll.question.text).toBe(question.question);
		expect(poll.kind).toBe(M_POLL_KIND_UNDISCLOSED);
		expect(poll.maxSelections).toBe(1);
		expect(poll.answers.map((a) => [a.id, a.text])).toEqual([
			['grey', 'Grey'],
			['red', 'Red'],
			['green', 'Green']
		]);
		// Clients that do not show polls show the fallback text: the question and its answers.
		expect(content['org.matrix.msc1767.text']).toContain('Which shield');
		expect(content['org.matrix.msc1767.text']).toContain('3. Green');
	});

	it('reads our response as a valid vote for that poll, and spoils one naming an unknown answer', () => {
		const start = new PollStartEvent({ type: POLL_START, content: pollStartContent(question) as never });
		const response = new PollResponseEvent({
			type: POLL_RESPONSE,
			content: pollResponseContent('$poll', 'red') as never
		});
		response.validateAgainst(start);
		expect(response.pollEventId).toBe('$poll');
		expect(response.spoiled).toBe(false);
		expect(response.answerIds).toEqual(['red']);
		const bad = new PollResponseEvent({
			type: POLL_RESPONSE,
			content: pollResponseContent('$poll', 'purple') as never
		});
		bad.validateAgainst(start);
		expect(bad.spoiled).toBe(true);
	});

	it('reads our end as the end of that poll', () => {
		const end = new PollEndEvent({
			type: POLL_END,
			content: pollEndContent('$poll', 'The poll has ended.', { ...question.quiz, correct: 'red' }) as never
		});
		expect(end.pollEventId).toBe('$poll');
		expect(end.closingMessage.text).toBe('The poll has ended.');
	});

	it('and we read what the SDK itself builds', () => {
		const sdk = PollStartEvent.from('Which?', ['One', 'Two'], M_POLL_KIND_UNDISCLOSED).serialize();
		const parsed = parsePollStart(sdk.content);
		expect(parsed?.question).toBe('Which?');
		expect(parsed?.answers.map((a) => a.text)).toEqual(['One', 'Two']);
		expect(parsed?.quiz).toBeUndefined();
	});
});

describe('builders and parsers', () => {
	it('round-trip a poll start, a response and an end', () => {
		expect(parsePollStart(pollStartContent(question))).toEqual({
			question: question.question,
			answers: question.answers,
			maxSelections: 1,
			quiz: question.quiz
		});
		expect(parsePollResponse(pollResponseContent('$p', 'grey'))).toEqual({ poll: '$p', answers: ['grey'] });
		expect(parsePollEnd(pollEndContent('$p', 'Ended', { ...question.quiz, correct: 'grey' }))).toEqual({
			poll: '$p',
			correct: 'grey'
		});
	});

	it('round-trip settings and progress', () => {
		const settings: WorkshopSettings = {
			lesson: 'encrypted-dm',
			quiz: { set: 'ABC', edition: '2026', questions: ['q1', 'q2'], index: 1, poll: '$p', phase: 'revealed' },
			scoreboard: true
		};
		expect(parseSettings(settingsContent(settings))).toEqual(settings);
		const progress: LearnerProgress = {
			...emptyProgress(1_700_000_000_000),
			lesson: 'encrypted-dm',
			step: 2,
			stepCount: 5,
			done: ['first'],
			wrongMoves: [{ step: 1, move: 'sent-too-early' }],
			hints: 3,
			stepMs: [1200, 3400],
			verified: ['@learner-ann-abcd:classroom.local'],
			anonymous: true
		};
		expect(parseProgress(progressContent(progress))).toEqual(progress);
	});

	it('cap the lists of a progress report, keeping the latest', () => {
		const moves = Array.from({ length: 50 }, (_, i) => ({ step: 0, move: `m${i}` }));
		const parsed = parseProgress(
			progressContent({ ...emptyProgress(), lesson: 'x', stepCount: 3, wrongMoves: moves })
		);
		expect(parsed?.wrongMoves).toHaveLength(MAX_WRONG_MOVES);
		expect(parsed?.wrongMoves.at(-1)?.move).toBe('m49');
	});

	it('give undefined for content of the wrong shape', () => {
		expect(parseSettings({ lesson: 5 })).toBeUndefined();
		expect(
			parseSettings({
				quiz: { set: 'A', edition: 'x', questions: ['q'], index: 0, poll: null, phase: 'asking' }
			})
		).toBeUndefined();
		expect(
			parseSettings({
				quiz: { set: 'A', edition: '2026', questions: ['q'], index: 1, poll: null, phase: 'asking' }
			})
		).toBeUndefined();
		expect(parseProgress({ ...progressContent(emptyProgress()), step: -1 })).toBeUndefined();
		expect(parseProgress({ ...progressContent(emptyProgress()), verified: [7] })).toBeUndefined();
		expect(parseProgress({ ...progressContent(emptyProgress()), anonymous: 'yes' })).toBeUndefined();
		expect(parsePollStart({ [POLL_START]: { question: {}, answers: [] } })).toBeUndefined();
		expect(parsePollResponse({ [POLL_RESPONSE]: { answers: ['a'] } })).toBeUndefined();
		expect(parsePollEnd({ 'm.relates_to': { rel_type: 'm.reference', event_id: '$p' } })).toBeUndefined();
	});

	it('never throw, whatever the content', () => {
		fc.assert(
			fc.property(fc.anything(), (content) => {
				for (const parse of [parseSettings, parseProgress, parsePollStart, parsePollResponse, parsePollEnd]) {
					expect(() => parse(content)).not.toThrow();
				}
			})
		);
	});

	it('give power levels where only the instructor asks questions and sets the workshop', () => {
		const levels = workshopPowerLevels('@instructor:classroom.local') as {
			users: Record<string, number>;
			events: Record<string, number>;
			users_default: number;
			state_default: number;
			events_default: number;
		};
		expect(levels.users['@instructor:classroom.local']).toBe(100);
		expect(levels.users_default).toBe(0);
		expect(levels.state_default).toBe(100);
		expect(levels.events_default).toBe(0);
		expect(levels.events[WORKSHOP_SETTINGS]).toBe(100);
		expect(levels.events[POLL_START]).toBe(100);
		expect(levels.events[POLL_END]).toBe(100);
		expect(levels.events[WORKSHOP_PROGRESS]).toBe(0);
		expect(levels.events['m.room.message']).toBe(100);
	});
});
