import { describe, expect, it } from 'vitest';
import { LESSON_IDS } from '$lib/lessons/catalog';
import { emptyProgress, recordStep } from '$lib/lessons/progress';
import { parseLmsConfig } from './config';
import { courseResult, decodeState, encodeState, SUSPEND_DATA_LIMIT, type LmsState } from './state';

const ATTEMPT = Date.UTC(2099, 11, 31, 23, 59, 59, 999);

function everyLesson(step: number, attempt = ATTEMPT): LmsState {
	let progress = emptyProgress();
	for (const id of LESSON_IDS) progress = recordStep(progress, id, step, 999, 0, attempt);
	return { progress, quiz: { right: 999, total: 999 } };
}

describe('suspend data', () => {
	it('keeps the progress and the quiz through a round trip', () => {
		let progress = recordStep(emptyProgress(), 'first-encrypted-chat', 3, 3, 5);
		progress = recordStep(progress, 'secure-backup', 1, 4, 6, 1_764_000_000_000);
		const state = decodeState(encodeState({ progress, quiz: { right: 7, total: 12 } }));
		expect(state.quiz).toEqual({ right: 7, total: 12 });
		expect(state.progress.lessons['first-encrypted-chat']).toMatchObject({ status: 'done', step: 3 });
		expect(state.progress.lessons['secure-backup']).toMatchObject({
			status: 'in-progress',
			step: 1,
			attempt: 1_764_000_000_000
		});
	});

	it('fits SCORM 1.2’s 4,096 characters with every lesson at its longest', () => {
		const data = encodeState(everyLesson(998));
		expect(data.length).toBeLessThanOrEqual(SUSPEND_DATA_LIMIT);
		// Room for three times as many lessons.
		expect(data.length * 3).toBeLessThanOrEqual(SUSPEND_DATA_LIMIT);
	});

	it('reads anything else as an empty state, and drops only the bad entries', () => {
		for (const raw of [null, '', '{', '[]', '{"v":99,"l":{}}', '{"v":1}'])
			expect(decodeState(raw)).toEqual({ progress: emptyProgress() });
		const state = decodeState('{"v":1,"l":{"a":"d3","b":"x1","c":7},"q":[5,2]}');
		expect(Object.keys(state.progress.lessons)).toEqual(['a']);
		expect(state.quiz).toBeUndefined();
	});
});

describe('the status a platform is told', () => {
	const done = (ids: string[]) => {
		let progress = emptyProgress();
		for (const id of ids) progress = recordStep(progress, id, 3, 3, 0);
		return progress;
	};
	const course = ['a', 'b', 'c'];

	it('is incomplete until the chosen lessons and the quiz are done, then completed', () => {
		const config = parseLmsConfig('{"target":"scorm12","lessons":["a","b"]}')!;
		expect(courseResult({ progress: done(['a']) }, config, course).status).toBe('incomplete');
		expect(courseResult({ progress: done(['a', 'b']) }, config, course).status).toBe('incomplete');
		const result = courseResult(
			{ progress: done(['a', 'b']), quiz: { right: 3, total: 12 } },
			config,
			course
		);
		expect(result).toEqual({ status: 'completed', score: 25, required: ['a', 'b'], done: 2 });
	});

	it('is passed or failed by the mastery score', () => {
		const config = parseLmsConfig('{"target":"cmi5","quiz":true,"mastery":75}')!;
		const progress = done(course);
		expect(courseResult({ progress, quiz: { right: 9, total: 12 } }, config, course).status).toBe('passed');
		expect(courseResult({ progress, quiz: { right: 8, total: 12 } }, config, course).status).toBe('failed');
	});

	it('without the quiz, the lessons alone complete it; a lesson not in the learner’s version does not count', () => {
		const config = parseLmsConfig('{"target":"scorm12","quiz":false,"lessons":["a","z"]}')!;
		expect(courseResult({ progress: done(['a']) }, config, course)).toEqual({
			status: 'completed',
			score: undefined,
			required: ['a'],
			done: 1
		});
	});

	it('a package of the quiz alone is completed by the quiz', () => {
		const config = parseLmsConfig('{"target":"cmi5","lessons":[]}')!;
		expect(courseResult({ progress: emptyProgress() }, config, course).status).toBe('incomplete');
		const result = courseResult({ progress: emptyProgress(), quiz: { right: 1, total: 2 } }, config, course);
		expect(result).toEqual({ status: 'completed', score: 50, required: [], done: 0 });
	});

	it('reads no configuration from a page that has none', () => {
		expect(parseLmsConfig(undefined)).toBeUndefined();
		expect(parseLmsConfig('{"target":"aicc"}')).toBeUndefined();
		expect(parseLmsConfig('not json')).toBeUndefined();
	});
});
