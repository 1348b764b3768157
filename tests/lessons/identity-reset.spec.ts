/**
 * Lesson 13 as a learner does it: Erin, verified earlier, resets her identity; the learner sees the red banner, asks
 * her with a suggested reply, and verifies her again by emoji, comparing both lists (theirs and the one Erin reads
 * out in the call). In German, the other way out: "Withdraw verification".
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 13: someone reset their identity', () => {
	test('a learner sees the banner, asks Erin, and verifies her again', async ({ page, learner }) => {
		// A whole emoji verification with Erin's human delays: room to spare on a busy machine.
		test.setTimeout(180_000);
		await learner.startLesson('identity-reset', 'Someone reset their identity', 2);

		await learner.openRoom('Erin');
		const banner = page.getByRole('status').filter({ hasText: "Erin's identity was reset." });
		await expect(banner).toBeVisible({ timeout: 30_000 });
		await expect(banner.getByRole('button', { name: 'Withdraw verification' })).toBeVisible();
		await learner.expectNoAxeViolations();

		await learner.reply('Did you reset your account?');
		await learner.expectStep(2, 2);
		await expect(page.getByText('Yes, that was really me.', { exact: false })).toBeVisible();
		await page.screenshot({ path: 'test-results/identity-reset-in-progress.png' });

		await learner.openProfile('Erin');
		const call = await learner.verifyWithCall('Erin');
		await call.getByRole('button', { name: 'Hang up' }).click();

		await learner.expectLessonComplete();
		await expect(banner).toHaveCount(0);
		await learner.expectSummaryShields('Red shield', 'Green shield');
		await page.screenshot({ path: 'test-results/identity-reset-summary.png' });
		await learner.expectNoAxeViolations();
	});

	test('auf Deutsch: Erin fragen und die Verifizierung zurückziehen', async ({ page, learner }) => {
		await learner.useGerman();
		const { lesson } = await learner.startLesson(
			'identity-reset',
			'Jemand hat seine Identität zurückgesetzt',
			2
		);

		await learner.openRoom('Erin');
		const banner = page
			.getByRole('status')
			.filter({ hasText: 'Die Identität von Erin wurde zurückgesetzt.' });
		await expect(banner).toBeVisible({ timeout: 30_000 });
		await page
			.getByRole('group', { name: 'Antwortvorschläge' })
			.getByRole('button', { name: 'Hast du dein Konto zurückgesetzt?' })
			.click();
		await learner.expectStep(2, 2);

		// The other way out: no new verification now, the old one withdrawn; the chat is grey.
		await banner.getByRole('button', { name: 'Verifizierung zurückziehen' }).click();
		await learner.expectLessonComplete();
		await expect(banner).toHaveCount(0);
		await expect(learner.headerMark('Erin')).toHaveAccessibleName(
			'Dieser Raum ist Ende-zu-Ende-verschlüsselt'
		);
		await expect(lesson.getByRole('img', { name: 'Graues Schild' })).toBeVisible();
		// Credited as what happened: the withdrawal, its summary, and no green shield that never showed.
		const steps = lesson.getByRole('list', { name: 'Schritte' });
		await expect(steps).toContainText('Du hast deine Verifizierung von Erin zurückgezogen');
		await expect(steps).not.toContainText('Verifiziere Erins neue Identität');
		const summary = lesson.getByRole('region', { name: 'Lektion geschafft' });
		await expect(summary).toContainText(
			'Sobald du Erin erreichst, verifiziere ihre neue Identität per Emoji'
		);
		await expect(summary.getByRole('img', { name: 'Grünes Schild' })).toHaveCount(0);
		await learner.expectNoAxeViolations();
	});

	test('2026: the red banner above the composer, Erin asked, and verified again with “Verify User”', async ({
		page,
		learner
	}) => {
		test.setTimeout(180_000);
		await learner.startLesson(
			'identity-reset',
			'Someone reset their identity',
			2,
			'red banner above the composer'
		);

		await learner.openRoom('Erin');
		const banner = page.getByRole('status').filter({ hasText: 'their digital identity was reset' });
		await expect(banner).toBeVisible({ timeout: 30_000 });
		await expect(banner.getByRole('button', { name: 'Withdraw verification' })).toBeVisible();
		const header = page.getByRole('heading', { level: 2, name: 'Erin', exact: true }).locator('..');
		await expect(header.getByRole('img')).toHaveAccessibleName('Untrusted');
		await banner.getByRole('button', { name: 'Learn more' }).click();
		await expect(page.getByRole('dialog', { name: 'A new digital identity' })).toContainText(
			'You had verified Erin'
		);
		await learner.expectNoAxeViolations();
		await page.getByRole('dialog').getByRole('button', { name: 'Got it' }).click();

		await page
			.getByRole('group', { name: 'Suggested replies' })
			.getByRole('button', { name: 'Did you reset your account?' })
			.click();
		await learner.expectStep(2, 2);
		await learner.expectStepSays('“People” → Erin → “Verify User”');

		await learner.openProfile('Erin');
		await learner.verifyWithCall('Erin');

		await learner.expectSummarySays('the chat says “Verified” again');
		await expect(banner).toHaveCount(0);
		await expect(header.getByRole('img')).toHaveAccessibleName('Verified');
	});
});
