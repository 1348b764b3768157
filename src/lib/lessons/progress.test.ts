import { describe, expect, it } from 'vitest';
import {
	emptyProgress,
	lessonStatus,
	mergeProgress,
	nextLesson,
	parseProgress,
	PROGRESS_VERSION,
	recordStep,
	resumePoint,
	serializeProgress,
	type Progress
} from './progress';

const entry = (status: string, step: unknown, extra: object = {}) => ({
	status,
	step,
	updatedAt: 1,
	...extra
});
const save = (lessons: object, version: unknown = PROGRESS_VERSION) => JSON.stringify({ version, lessons });

describe('saved progress', () => {
	it('starts empty, records steps and finished lessons, and reads back what it saved', () => {
		expect(parseProgress(null)).toEqual({ progress: emptyProgress(), readOnly: false, repaired: false });
		let p = recordStep(emptyProgress(), 'first-chat', 1, 3, 1000);
		expect(lessonStatus(p, 'first-chat')).toBe('in-progress');
		p = recordStep(p, 'first-chat', 3, 3, 2000);
		expect(lessonStatus(p, 'first-chat')).toBe('done');
		// Going back into a finished lesson (a new attempt) does not undo it.
		p = recordStep(p, 'first-chat', 0, 3, 3000, 3000);
		expect(lessonStatus(p, 'first-chat')).toBe('done');
		expect(p.lessons['first-chat']).toEqual({ status: 'done', step: 0, updatedAt: 3000, attempt: 3000 });
		expect(parseProgress(serializeProgress(p))).toEqual({ progress: p, readOnly: false, repaired: false });
		expect(nextLesson(p, ['first-chat', 'backup', 'own-device'])).toBe('backup');
		expect(nextLesson(p, ['first-chat'])).toBeUndefined();
	});

	it('never lowers the step of the same attempt (a redo, or a tab that is behind)', () => {
		let p = recordStep(emptyProgress(), 'x', 2, 3, 1000);
		p = recordStep(p, 'x', 0, 3, 2000);
		expect(p.lessons.x).toMatchObject({ status: 'in-progress', step: 2 });
		// A restart is a new attempt: it starts again from 0.
		p = recordStep(p, 'x', 0, 3, 3000, 3000);
		expect(p.lessons.x).toMatchObject({ step: 0, attempt: 3000 });
		// The old attempt (another tab still on it) no longer counts.
		p = recordStep(p, 'x', 2, 3, 4000);
		expect(p.lessons.x).toMatchObject({ step: 0, attempt: 3000 });
	});

	it('resumes where the learner left, also in a finished lesson they went through again', () => {
		expect(resumePoint(undefined, 3, 50)).toEqual({ step: 0, attempt: 0 });
		expect(resumePoint(entry('in-progress', 2) as never, 3, 50)).toEqual({ step: 2, attempt: 0 });
		// Finished: a new attempt from the beginning…
		expect(resumePoint(entry('done', 3) as never, 3, 50)).toEqual({ step: 0, attempt: 50 });
		// …and left midway, it resumes there.
		expect(resumePoint(entry('done', 1, { attempt: 50 }) as never, 3, 90)).toEqual({ step: 1, attempt: 50 });
	});

	it('merges two tabs: the furthest step per lesson, done stays done, lessons of both kept', () => {
		const a: Progress = {
			version: 1,
			lessons: { x: entry('in-progress', 2), y: entry('done', 4) } as Progress['lessons']
		};
		const b: Progress = {
			version: 1,
			lessons: { x: entry('in-progress', 1), z: entry('in-progress', 1) } as Progress['lessons']
		};
		const merged = mergeProgress(a, b);
		expect(merged.lessons).toEqual({
			x: entry('in-progress', 2),
			y: entry('done', 4),
			z: entry('in-progress', 1)
		});
		expect(mergeProgress(b, a)).toEqual(merged);
	});

	it.each([
		['not JSON', '{"version": 1, "lessons": {'],
		['a string', '"hello"'],
		['an array', '[1,2,3]'],
		['no version and no lessons', '{}'],
		['bad lessons', '{"version": 1, "lessons": []}'],
		['only a bad entry', save({ x: entry('finished', 1) })]
	])('resets a save with nothing usable (%s), with a notice', (_, raw) => {
		expect(parseProgress(raw)).toEqual({
			progress: emptyProgress(),
			notice: 'corrupt',
			readOnly: false,
			repaired: true
		});
	});

	it.each([
		['a step as a string', entry('in-progress', '2')],
		['a negative step', entry('done', -1)],
		['an unknown status', entry('finished', 1)],
		['no time', { status: 'done', step: 3 }],
		['an attempt that is not a number', entry('done', 3, { attempt: 'x' })],
		['not an object', 7]
	])('drops only the bad entry (%s) and keeps the others, finished ones included', (_, bad) => {
		const loaded = parseProgress(save({ good: entry('done', 3), bad, other: entry('in-progress', 1) }));
		expect(loaded.notice).toBe('partly-corrupt');
		expect(loaded.repaired).toBe(true);
		expect(loaded.readOnly).toBe(false);
		expect(loaded.progress.lessons).toEqual({ good: entry('done', 3), other: entry('in-progress', 1) });
	});

	it('reads a save from a newer version as far as it can, and never writes over it', () => {
		const loaded = parseProgress(
			save({ x: entry('done', 3, { stars: 5 }), y: { status: 'mastered', level: 2 } }, 99)
		);
		expect(loaded).toEqual({
			progress: { version: PROGRESS_VERSION, lessons: { x: entry('done', 3) } },
			notice: 'newer-version',
			readOnly: true,
			repaired: false
		});
		expect(parseProgress(JSON.stringify({ version: 2, courses: [] }))).toMatchObject({
			notice: 'newer-version',
			readOnly: true
		});
	});

	it('treats a save of no known version (older, or not a number) as damaged: keeps what it can read', () => {
		expect(parseProgress(save({ x: entry('done', 3) }, '1'))).toEqual({
			progress: { version: 1, lessons: { x: entry('done', 3) } },
			notice: 'partly-corrupt',
			readOnly: false,
			repaired: true
		});
		expect(parseProgress(save({}, 0)).notice).toBe('corrupt');
	});
});
