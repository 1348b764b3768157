/**
 * Lesson 4 as a learner does it: a room made without encryption is explained and tried again, then a private room
 * with "Enable end-to-end encryption" on, Bob invited, a message written.
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 4: create an encrypted room', () => {
	test('a public room is explained; a private encrypted room, Bob invited, a message written', async ({
		page,
		learner
	}, testInfo) => {
		const { nav } = await learner.startLesson('create-encrypted-room', 'Create an encrypted room', 3);

		// First a public room: the switch disappears, and the room is not encrypted.
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'New room' }).click();
		let dialog = page.getByRole('dialog', { name: 'Create a private room' });
		await expect(dialog.getByRole('switch', { name: 'Enable end-to-end encryption' })).toHaveAttribute(
			'aria-checked',
			'true'
		);
		await dialog.getByLabel('Visibility').selectOption({ label: 'Public room' });
		dialog = page.getByRole('dialog', { name: 'Create a public room' });
		await expect(dialog.getByRole('switch', { name: 'Enable end-to-end encryption' })).toHaveCount(0);
		await dialog.getByLabel('Name').fill('Open chat');
		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Open chat' })).toBeVisible();
		await learner.expectMistakeThenRetry(['This room is not encrypted']);
		await learner.expectStep(1, 3);

		// Now a private room, the switch left on.
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'New room' }).click();
		dialog = page.getByRole('dialog', { name: 'Create a private room' });
		await dialog.getByLabel('Name').fill('Project team');
		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Project team' })).toBeVisible();
		await expect(page.getByText('Encryption enabled', { exact: true })).toBeVisible();
		await learner.expectStep(2, 3);

		await page.getByRole('button', { name: 'People', exact: true }).click();
		await learner.panel().getByRole('button', { name: 'Invite to this room' }).click();
		await page
			.getByRole('dialog', { name: 'Invite to Project team' })
			.getByRole('button', { name: /Bob/ })
			.click();
		await expect(learner.panel().getByRole('button', { name: /^Bob/ })).toBeVisible();
		await learner.expectStep(3, 3);
		await page.screenshot({ path: testInfo.outputPath('lesson-4-in-progress.png') });

		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Welcome to the team, Bob!');
		await composer.press('Enter');

		await learner.expectLessonComplete();
		await learner.expectSummaryShields('Grey shield');
		await page.screenshot({ path: testInfo.outputPath('lesson-4-summary.png') });
		await learner.expectNoAxeViolations();
	});

	test('2026: “New conversation” → “New room”, Bob invited, “Send a message…”', async ({ page, learner }) => {
		const { nav } = await learner.startLesson(
			'create-encrypted-room',
			'Create an encrypted room',
			3,
			'“+” (“New conversation”) → “New room”'
		);
		await nav.getByRole('button', { name: 'New conversation' }).click();
		await page.getByRole('menuitem', { name: 'New room' }).click();
		const dialog = page.getByRole('dialog', { name: 'Create a private room' });
		await dialog.getByLabel('Name').fill('Project team');
		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Project team' })).toBeVisible();
		await learner.expectStep(2, 3);
		await learner.expectStepSays('“Room info” → “People” → “Invite to this room”');

		await page.getByRole('button', { name: 'Room info' }).click();
		await learner
			.panel()
			.getByRole('button', { name: /^People/ })
			.click();
		await learner.panel().getByRole('button', { name: 'Invite to this room' }).click();
		await page
			.getByRole('dialog', { name: 'Invite to Project team' })
			.getByRole('button', { name: /Bob/ })
			.click();
		await learner.expectStep(3, 3);

		const composer = page.getByRole('textbox', { name: 'Send a message…' });
		await composer.fill('Welcome to the team, Bob!');
		await composer.press('Enter');
		await learner.expectSummarySays('no shield on a group room');
	});
});
