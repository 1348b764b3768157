import { error } from '@sveltejs/kit';
import { LESSON_IDS, lessonById } from '$lib/lessons/catalog';
import type { EntryGenerator, PageLoad } from './$types';

/** Every lesson is prerendered. */
export const entries: EntryGenerator = () => LESSON_IDS.map((id) => ({ id }));

export const load: PageLoad = ({ params }) => {
	if (!lessonById(params.id)) error(404, 'There is no such lesson.');
	return { id: params.id };
};
