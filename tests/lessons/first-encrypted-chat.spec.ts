/**
 * Lesson 1 as a learner does it: start a chat with Bob, write to him, read his answer and the grey shield. Also in
 * German, and leaving in the middle and coming back.
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 1: your first encrypted chat', () => {
	test('a learner starts a chat with Bob, writes, reads his answer and the grey shield', async ({
		page,
		learner
	}) => {
		const { nav, lesson } = await learner.startLesson('first-encrypted-chat', 'Your first encrypted chat', 3);
		await learner.expectNoAxeViolations();

		// Hints come on request, one at a time.
		await lesson.getByRole('button', { name: 'Show a hint' }).click();
		await expect(lesson.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);

		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'Start new chat' }).click();
		const dialog = page.getByRole('dialog', { name: 'Start chat' });
		await dialog.getByRole('button', { name: /Bob/ }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Bob' })).toBeVisible();
		await learner.expectStep(2, 3);
		// The chat is encrypted without anyone switching it on.
		await expect(page.getByText('Encryption enabled', { exact: true })).toBeVisible();

		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Hello Bob, can you read this?');
		await composer.press('Enter');
		await learner.expectStep(3, 3);

		await learner.expectLessonComplete();
		const summary = await learner.expectSummaryShields('Grey shield');
		await expect(summary.getByRole('link', { name: /Next lesson: Protect your keys/ })).toBeVisible();
		await learner.expectNoAxeViolations();

		// The course home knows it is done, and "Continue" leads to the next lesson.
		await page.goto('/');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem').first()).toContainText('Done');
		await course.getByRole('link', { name: 'Continue: Protect your keys' }).click();
		await expect(page).toHaveURL(/\/lessons\/secure-backup$/);
	});

	test('after a minute without progress a hint is offered', async ({ page, learner }) => {
		await page.clock.install();
		const { lesson } = await learner.openLesson('first-encrypted-chat');
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toHaveCount(0);
		await page.clock.fastForward(61_000);
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toBeVisible();
		await lesson.getByRole('button', { name: 'Show a hint' }).click();
		await expect(lesson.getByRole('list', { name: 'Hints' })).toContainText('The “Add room” button');
		await expect(lesson.getByText('Stuck for a minute? A hint is ready.')).toHaveCount(0);
	});

	test('leaving in the middle and coming back finds the lesson at the same step', async ({
		page,
		learner
	}) => {
		const { nav } = await learner.openLesson('first-encrypted-chat');
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'Start new chat' }).click();
		await page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
		await learner.expectStep(2, 3);

		await page.goto('/');
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first()).toContainText(
			'In progress, step 2 of 3'
		);
		await page
			.getByRole('region', { name: 'Lessons' })
			.getByRole('link', { name: /Continue: Your first/ })
			.click();
		await expect(
			// Restored from the kept world, or redone when the page left before it was kept (lesson-resume.spec.ts waits for that).
			page.getByText(
				/^Welcome back: the (lesson is as you left it|steps you had already done were redone for you)\.$/
			)
		).toBeVisible({
			timeout: 30_000
		});
		await learner.expectStep(2, 3);
		await expect(
			page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Bob/ })
		).toBeVisible();

		// Restarting begins again from nothing.
		await learner.lessonPanel().getByRole('button', { name: 'Restart lesson' }).click();
		await learner.expectStep(1, 3);
		await expect(page.getByText('The lesson starts again from the beginning.')).toBeVisible();
	});

	test('auf Deutsch: ein Chat mit Bob', async ({ page, learner }) => {
		await learner.useGerman();
		const { nav, lesson } = await learner.startLesson(
			'first-encrypted-chat',
			'Dein erster verschlüsselter Chat',
			3
		);
		await nav.getByRole('button', { name: 'Raum hinzufügen' }).click();
		await page.getByRole('menuitem', { name: 'Neue Unterhaltung beginnen' }).click();
		await page
			.getByRole('dialog', { name: 'Unterhaltung beginnen' })
			.getByRole('button', { name: /Bob/ })
			.click();
		await learner.expectStep(2, 3);
		const composer = page.getByPlaceholder('Verschlüsselte Nachricht senden …');
		await composer.fill('Hallo Bob!');
		await composer.press('Enter');
		await learner.expectLessonComplete();
		await expect(lesson.getByRole('img', { name: 'Graues Schild' })).toBeVisible();
		await learner.expectNoAxeViolations();
	});

	test('2026: “New conversation” → “Start chat”, “Send a message…”, and no “Verified” in the header', async ({
		page,
		learner
	}) => {
		const { nav } = await learner.startLesson(
			'first-encrypted-chat',
			'Your first encrypted chat',
			3,
			'“+” (“New conversation”) → “Start chat”'
		);
		await nav.getByRole('button', { name: 'New conversation' }).click();
		await page.getByRole('menuitem', { name: 'Start chat' }).click();
		await page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
		await learner.expectStep(2, 3);

		const composer = page.getByRole('textbox', { name: 'Send a message…' });
		await composer.fill('Hello Bob, can you read this?');
		await composer.press('Enter');
		await learner.expectStepSays('look at the chat');

		await learner.expectSummarySays('No “Verified” in the header');
		await expect(learner.headerMark('Bob')).toHaveCount(0);
	});
});
