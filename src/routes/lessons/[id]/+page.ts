import { error } from '@sveltejs/kit';
import { loadLessonModule } from '$lib/lessons/lesson-modules';
import { OUTLINE } from '$lib/lessons/outline';
import type { EntryGenerator, PageLoad } from './$types';

/** Every lesson is prerendered. */
export const entries: EntryGenerator = () => OUTLINE.map(({ id }) => ({ id }));

/** Only the lesson shown is loaded (see lesson-modules.ts). */
export const load: PageLoad = async ({ params }) => {
	const loaded = await loadLessonModule(params.id);
	if (!loaded) error(404, 'There is no such lesson.');
	return { lesson: loaded.lesson };
};
