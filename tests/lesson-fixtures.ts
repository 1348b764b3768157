/**
 * For the lesson tests: the sandbox fixtures (every request and error watched, axe, learner helpers) plus the lesson
 * page's own parts, found by role and label as a learner would.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export * from './sandbox-fixtures';

/** The lesson panel beside the client (a region named "Lesson"; "Lektion" in German). */
export const lessonPanel = (page: Page, name = 'Lesson'): Locator =>
	page.getByRole('region', { name, exact: true });

/** Opens a lesson and waits until its client is there (in German: pass 'Räume' for the room list). */
export async function openLesson(page: Page, id: string, rooms = 'Rooms'): Promise<Locator> {
	await page.goto(`/lessons/${id}`);
	const nav = page.getByRole('navigation', { name: rooms });
	await expect(nav).toBeVisible({ timeout: 90_000 });
	return nav;
}

/** The lesson says which step the learner is on ("Step 2 of 3"). */
export async function expectStep(page: Page, step: number, total: number, text = 'Step {step} of {total}') {
	await expect(
		lessonPanel(page, text.startsWith('Schritt') ? 'Lektion' : 'Lesson')
			.getByRole('status')
			.first()
	).toHaveText(text.replace('{step}', String(step)).replace('{total}', String(total)), { timeout: 30_000 });
}

/** The lesson ends with its summary ("Lesson complete"; "Lektion geschafft" in German). */
export async function expectLessonComplete(page: Page, heading = 'Lesson complete', panel = 'Lesson') {
	await expect(lessonPanel(page, panel).getByRole('heading', { name: heading })).toBeVisible({
		timeout: 60_000
	});
}

/** Switches the course to German (the header's language switch); the choice is kept for the next pages. */
export async function useGerman(page: Page) {
	await page.goto('/');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}
