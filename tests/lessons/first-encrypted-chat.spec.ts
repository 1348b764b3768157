/**
 * Lesson 1 as a learner does it: start a chat with Bob, write to him, read his answer and the grey shield. Also in
 * German, and leaving in the middle and coming back.
 */
import {
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openLesson,
	test,
	useGerman
} from '../lesson-fixtures';

test.describe('lesson 1: your first encrypted chat', () => {
	test('a learner starts a chat with Bob, writes, reads his answer and the grey shield', async ({ page }) => {
		const nav = await openLesson(page, 'first-encrypted-chat');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Your first encrypted chat' })).toBeVisible();
		await expectStep(page, 1, 3);
		await expectNoAxeViolations(page);

		// Hints come on request, one at a time.
		await lesson.getByRole('button', { name: 'Show a hint' }).click();
		await expect(lesson.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);

		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'Start new chat' }).click();
		const dialog = page.getByRole('dialog', { name: 'Start chat' });
		await dialog.getByRole('button', { name: /Bob/ }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Bob' })).toBeVisible();
		await expectStep(page, 2, 3);
		// The chat is encrypted without anyone switching it on.
		await expect(page.getByText('Encryption enabled', { exact: true })).toBeVisible();

		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Hello Bob, can you read this?');
		await composer.press('Enter');
		await expectStep(page, 3, 3);

		await expectLessonComplete(page);
		const summary = lesson.getByRole('region', { name: 'Lesson complete' });
		await expect(summary.getByRole('img', { name: 'Grey shield' })).toBeVisible();
		await expect(summary.getByRole('link', { name: /Next lesson: Protect your keys/ })).toBeVisible();
		await expectNoAxeViolations(page);

		// The course home knows it is done, and "Continue" leads to the next lesson.
		await page.goto('/');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem').first()).toContainText('Done');
		await course.getByRole('link', { name: 'Continue: Protect your keys' }).click();
		await expect(page).toHaveURL(/\/lessons\/secure-backup$/);
	});

	test('after a minute without progress a hint is offered', async ({ page }) => {
		await page.clock.install();
		await openLesson(page, 'first-encrypted-chat');
		const lesson = lessonPanel(page);
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toHaveCount(0);
		await page.clock.fastForward(61_000);
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toBeVisible();
		await lesson.getByRole('button', { name: 'Show a hint' }).click();
		await expect(lesson.getByRole('list', { name: 'Hints' })).toContainText('The “Add room” button');
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toHaveCount(0);
	});

	test('leaving in the middle and coming back finds the lesson at the same step', async ({ page }) => {
		const nav = await openLesson(page, 'first-encrypted-chat');
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'Start new chat' }).click();
		await page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
		await expectStep(page, 2, 3);

		await page.goto('/');
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first()).toContainText(
			'In progress, step 2 of 3'
		);
		await page
			.getByRole('region', { name: 'Lessons' })
			.getByRole('link', { name: /Continue: Your first/ })
			.click();
		await expect(
			page.getByText('Welcome back: the steps you had already done were redone for you.')
		).toBeVisible({
			timeout: 30_000
		});
		await expectStep(page, 2, 3);
		await expect(
			page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Bob/ })
		).toBeVisible();

		// Restarting begins again from nothing.
		await lessonPanel(page).getByRole('button', { name: 'Restart lesson' }).click();
		await expectStep(page, 1, 3);
		await expect(page.getByText('The lesson starts again from the beginning.')).toBeVisible();
	});

	test('auf Deutsch: ein Chat mit Bob', async ({ page }) => {
		await useGerman(page);
		const nav = await openLesson(page, 'first-encrypted-chat', 'Räume');
		const lesson = lessonPanel(page, 'Lektion');
		await expect(
			lesson.getByRole('heading', { level: 1, name: 'Dein erster verschlüsselter Chat' })
		).toBeVisible();
		await expectStep(page, 1, 3, 'Schritt {step} von {total}');
		await nav.getByRole('button', { name: 'Raum hinzufügen' }).click();
		await page.getByRole('menuitem', { name: 'Neue Unterhaltung beginnen' }).click();
		await page
			.getByRole('dialog', { name: 'Unterhaltung beginnen' })
			.getByRole('button', { name: /Bob/ })
			.click();
		await expectStep(page, 2, 3, 'Schritt {step} von {total}');
		const composer = page.getByPlaceholder('Verschlüsselte Nachricht senden …');
		await composer.fill('Hallo Bob!');
		await composer.press('Enter');
		await expectLessonComplete(page, 'Lektion geschafft', 'Lektion');
		await expect(lesson.getByRole('img', { name: 'Graues Schild' })).toBeVisible();
		await expectNoAxeViolations(page);
	});
});
