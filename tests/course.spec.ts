/**
 * The course as a whole: the home page lists every lesson with its state and time, and a corrupt or foreign save is
 * reset with a notice and the home page still works. (Each lesson's own test runs axe on its page.)
 */
import { expect, expectNoAxeViolations, test } from './lesson-fixtures';

const KEY = 'e2ee-trainer.progress';

test.describe('course home and progress', () => {
	test('lists the thirteen lessons with their state and time; Start leads to the first', async ({ page }) => {
		await page.goto('/');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem')).toHaveCount(13);
		await expect(course.getByRole('listitem').first()).toContainText('Not started');
		await expect(course.getByRole('listitem').first()).toContainText(/\d+ min/);
		await expect(page.getByRole('link', { name: /sandbox/i })).toBeVisible();
		await expect(page.getByRole('link', { name: /quiz/i })).toBeVisible();
		await expectNoAxeViolations(page);
		await course.getByRole('link', { name: 'Start the course' }).click();
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
	});

	test('a corrupt save is reset with a notice, and the course home works', async ({ page }) => {
		await page.addInitScript((key) => {
			if (!sessionStorage.getItem('seeded')) {
				localStorage.setItem(key, '{"version":1,"lessons":{"first-encrypted-chat":{"status":"wat"');
				sessionStorage.setItem('seeded', '1');
			}
		}, KEY);
		await page.goto('/');
		const notice = page.getByRole('alert');
		await expect(notice).toContainText('Your saved progress could not be read, so it was reset.');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem')).toHaveCount(13);
		await expectNoAxeViolations(page);
		await notice.getByRole('button', { name: 'Dismiss' }).click();
		await expect(notice).toBeHidden();
		// The save is usable again: a reload shows no notice.
		expect(JSON.parse((await page.evaluate((key) => localStorage.getItem(key), KEY)) ?? 'null')).toEqual({
			version: 1,
			lessons: {}
		});
		await page.reload();
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(13);
		await expect(page.getByRole('alert')).toHaveCount(0);
		await course.getByRole('link', { name: 'Start the course' }).click();
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
	});

	test('a save from another version is reset with its own notice', async ({ page }) => {
		await page.addInitScript((key) => {
			if (!sessionStorage.getItem('seeded')) {
				localStorage.setItem(key, JSON.stringify({ version: 99, lessons: {} }));
				sessionStorage.setItem('seeded', '1');
			}
		}, KEY);
		await page.goto('/');
		await expect(page.getByRole('alert')).toContainText('came from a different version of the course');
	});
});
