/** Lesson titles and step titles as the instructor's page names them, in its language and Element edition. */
import type { Edition } from '$lib/edition';
import { lessonById, lessonsIn } from '$lib/lessons/catalog';
import { inEdition } from '$lib/lessons/edition-texts';

/** The lesson's title, or its id when this version of the course does not know it (a learner's newer course). */
export function lessonTitle(id: string, edition: Edition): string {
	const lesson = lessonById(id);
	return lesson ? inEdition(lesson, edition).title() : id;
}

/** The lesson's step titles in order (none for a lesson this course does not know). */
export function stepTitles(id: string, edition: Edition): string[] {
	const lesson = lessonById(id);
	return lesson ? inEdition(lesson, edition).steps.map((s) => s.title()) : [];
}

/** The lessons the instructor can ask for: the edition's course, in order. */
export function lessonChoices(edition: Edition): { id: string; title: string }[] {
	return lessonsIn(edition).map((l) => ({ id: l.id, title: inEdition(l, edition).title() }));
}
