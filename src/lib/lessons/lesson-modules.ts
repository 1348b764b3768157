/**
 * Each lesson's module (its steps, scenario, texts and solution), loaded on its own: a lesson page loads the lesson
 * it shows and nothing of the other sixteen, whose texts in both languages were most of its script (the whole
 * catalog is `catalog.ts`, for the tests and the workshop pages). `lesson-modules.test.ts` keeps this list equal to
 * the catalog.
 */
import type { LessonSolution } from './driver';
import type { Lesson } from './types';

export interface LessonModule {
	lesson: Lesson;
	solution: LessonSolution;
}

// One import() per lesson, written out, so that the bundler makes one chunk of each.
const LOADERS: Readonly<Record<string, () => Promise<LessonModule>>> = {
	'first-encrypted-chat': () => import('./content/first-encrypted-chat'),
	'secure-backup': () => import('./content/secure-backup'),
	'recovery-key': () => import('./content/recovery-key'),
	'verify-new-device': () => import('./content/verify-new-device'),
	'confirm-identity': () => import('./content/confirm-identity'),
	'create-encrypted-room': () => import('./content/create-encrypted-room'),
	'enable-encryption': () => import('./content/enable-encryption'),
	'verify-contact': () => import('./content/verify-contact'),
	'verify-group': () => import('./content/verify-group'),
	'red-shield': () => import('./content/red-shield'),
	'trust-first': () => import('./content/trust-first'),
	'emoji-mismatch': () => import('./content/emoji-mismatch'),
	'restore-history': () => import('./content/restore-history'),
	'qr-code': () => import('./content/qr-code'),
	'insecure-devices': () => import('./content/insecure-devices'),
	'identity-reset': () => import('./content/identity-reset'),
	'cant-confirm': () => import('./content/cant-confirm')
};

export const LESSON_MODULE_IDS: readonly string[] = Object.keys(LOADERS);

/** The lesson with this id and its solution, or undefined if the course has no such lesson. */
export async function loadLessonModule(id: string): Promise<LessonModule | undefined> {
	const load = Object.hasOwn(LOADERS, id) ? LOADERS[id] : undefined;
	return load ? await load() : undefined;
}
