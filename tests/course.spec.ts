/**
 * The course as a whole: the home page lists every lesson with its state and time; notices go once the learner moves
 * on; an unknown address has a page with the way back. (Each lesson's own test runs axe on its page; coming back to a
 * lesson is in lesson-resume.spec.ts.)
 */
import { test as plainTest } from '@playwright/test';
import {
	expect,
	expectNoAxeViolations,
	savedProgress,
	startChatWithBob,
	test,
	useGerman
} from './lesson-fixtures';

test.describe('course home and progress', () => {
	test('lists the thirteen lessons with their state and time; Start leads to the first', async ({
		page,
		learner
	}) => {
		await page.goto('/');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem')).toHaveCount(13);
		await expect(course.getByRole('listitem').first()).toContainText('Not started');
		await expect(course.getByRole('listitem').first()).toContainText(/\d+ min/);
		await expect(page.getByRole('link', { name: /sandbox/i })).toBeVisible();
		await expect(page.getByRole('link', { name: /quiz/i })).toBeVisible();
		await learner.expectNoAxeViolations();
		await course.getByRole('link', { name: 'Start the course' }).click();
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
	});

	test('"starts again from the beginning" goes once the learner moves on; Dismiss closes a notice', async ({
		page,
		learner
	}) => {
		await learner.openLesson('first-encrypted-chat');
		await learner.lessonPanel().getByRole('button', { name: 'Restart lesson' }).click();
		const restarted = page
			.getByRole('status')
			.filter({ hasText: 'The lesson starts again from the beginning.' });
		await expect(restarted).toBeVisible();
		await learner.expectStep(1, 3);
		await startChatWithBob(learner.page);
		await learner.expectStep(2, 3);
		await expect(restarted).toHaveCount(0);

		await learner.lessonPanel().getByRole('button', { name: 'Restart lesson' }).click();
		await expect(restarted).toBeVisible();
		await restarted.getByRole('button', { name: 'Dismiss' }).click();
		await expect(restarted).toHaveCount(0);
		// A restart is a new attempt: the save goes back to the first step.
		await expect.poll(() => savedProgress(page, 'first-encrypted-chat')).toMatchObject({ step: 0 });
	});

	test('a lesson address with a trailing slash opens the lesson', async ({ page }) => {
		await page.goto('/lessons/first-encrypted-chat/');
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
	});
});

// The 404 response itself is logged by the browser as a console error: this test watches page errors only.
plainTest.describe('an address with no page', () => {
	plainTest('says so, in the learner’s language, with the way back to the course', async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		const response = await page.goto('/lessons/no-such-lesson');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'Go to the course home' }).click();
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(13);

		await useGerman(page);
		await page.goto('/no/such/page');
		await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Zur Kursseite' })).toBeVisible();
		expect(errors).toEqual([]);
	});
});
