import { describe, expect, it } from 'vitest';
import { LESSON_IDS, lessonById, SOLUTIONS } from './catalog';
import { LESSON_MODULE_IDS, loadLessonModule } from './lesson-modules';
import { OUTLINE } from './outline';

describe('lesson modules, loaded one by one', () => {
	it('are the lessons of the catalog and its outline, in the same order', () => {
		expect(LESSON_MODULE_IDS).toEqual(LESSON_IDS);
		expect(OUTLINE.map((o) => o.id)).toEqual(LESSON_IDS);
	});

	it('give each lesson and its solution, the very objects the catalog holds', async () => {
		for (const id of LESSON_IDS) {
			const loaded = await loadLessonModule(id);
			expect(loaded?.lesson, id).toBe(lessonById(id));
			expect(loaded?.solution, id).toBe(SOLUTIONS[id]);
		}
	});

	it('give nothing for an id that is no lesson, also not for an inherited property name', async () => {
		expect(await loadLessonModule('no-such-lesson')).toBeUndefined();
		expect(await loadLessonModule('constructor')).toBeUndefined();
		expect(await loadLessonModule('__proto__')).toBeUndefined();
	});
});
