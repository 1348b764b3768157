import { describe, expect, it } from 'vitest';
import {
	emptyProgress,
	lessonStatus,
	loadProgress,
	nextLesson,
	PROGRESS_KEY,
	PROGRESS_VERSION,
	recordStep,
	saveProgress,
	type KeyValueStore
} from './progress';

function memoryStore(initial?: string): KeyValueStore & { data: Map<string, string> } {
	const data = new Map<string, string>();
	if (initial !== undefined) data.set(PROGRESS_KEY, initial);
	return {
		data,
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v),
		removeItem: (k) => void data.delete(k)
	};
}

describe('saved progress', () => {
	it('starts empty, records steps and finished lessons, and reads back what it saved', () => {
		const store = memoryStore();
		expect(loadProgress(store)).toEqual({ progress: emptyProgress() });
		let p = recordStep(emptyProgress(), 'first-chat', 1, 3, 1000);
		expect(lessonStatus(p, 'first-chat')).toBe('in-progress');
		p = recordStep(p, 'first-chat', 3, 3, 2000);
		expect(lessonStatus(p, 'first-chat')).toBe('done');
		// Going back into a finished lesson does not undo it.
		p = recordStep(p, 'first-chat', 0, 3, 3000);
		expect(lessonStatus(p, 'first-chat')).toBe('done');
		saveProgress(store, p);
		expect(loadProgress(store)).toEqual({ progress: p });
		expect(nextLesson(p, ['first-chat', 'backup', 'own-device'])).toBe('backup');
		expect(nextLesson(p, ['first-chat'])).toBeUndefined();
	});

	it.each([
		['not JSON', '{"version": 1, "lessons": {'],
		['a string', '"hello"'],
		['an array', '[1,2,3]'],
		['no version', '{"lessons": {}}'],
		['bad lessons', '{"version": 1, "lessons": []}'],
		['a bad entry', '{"version": 1, "lessons": {"x": {"status": "finished", "step": 1, "updatedAt": 1}}}'],
		['a negative step', '{"version": 1, "lessons": {"x": {"status": "done", "step": -1, "updatedAt": 1}}}'],
		['a version that is not a number', '{"version": "1", "lessons": {}}']
	])('resets a corrupt save (%s) with a notice, and stores a clean one', (_, raw) => {
		const store = memoryStore(raw);
		const { progress, notice } = loadProgress(store);
		expect(notice).toBe('corrupt');
		expect(progress).toEqual(emptyProgress());
		expect(JSON.parse(store.data.get(PROGRESS_KEY)!)).toEqual(emptyProgress());
	});

	it('resets a save from an unknown (newer) version with its own notice', () => {
		const { progress, notice } = loadProgress(memoryStore('{"version": 99, "lessons": {}}'));
		expect(notice).toBe('unknown-version');
		expect(progress.version).toBe(PROGRESS_VERSION);
	});

	it('works without storage (private mode): nothing saved, nothing broken', () => {
		const broken: KeyValueStore = {
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			},
			removeItem: () => undefined
		};
		expect(loadProgress(broken)).toEqual({ progress: emptyProgress() });
		expect(() => saveProgress(broken, emptyProgress())).not.toThrow();
	});
});
