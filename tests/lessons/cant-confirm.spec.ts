/**
 * The 2026 lesson "Can't confirm? Reset your digital identity" as a learner does it: the Phone is lost and there is
 * no recovery key, so on the new Laptop the learner chooses "Can't confirm?" and resets the digital identity (new
 * cross-signing keys, for real). Bob, who had verified the learner, sees the banner in his own Element and asks in
 * the chat; the learner answers with a suggested reply, then verifies him again from the Laptop by emoji, comparing
 * with the emoji Bob reads out in the call. Screenshots of the lesson go to SHOTS (a folder) when it is set.
 */
import type { Page } from '@playwright/test';
import { emojiOf, expect, panel, shootForReview, test, verifyByEmoji } from '../lesson-fixtures';

const SHOTS = process.env.SHOTS;

const shoot = (page: Page, name: string) => shootForReview(page, `cant-confirm-${name}`);

test('2026 lesson: “Can’t confirm?” → reset, Bob sees the banner, and they verify each other again', async ({
	page,
	learner
}) => {
	// A reset, Bob's typed questions and a whole emoji verification with his human delays.
	test.setTimeout(180_000);
	await learner.startLesson('cant-confirm', "Can't confirm? Reset your digital identity", 4);

	// Step 1: the Laptop. No recovery key exists, so it offers no "Use recovery key".
	await learner.signInToConfirm();
	await expect(page.getByRole('button', { name: 'Use recovery key' })).toHaveCount(0);
	await learner.expectStep(2, 4);

	// Step 2: "Can't confirm?" → what stays and what goes → "Continue".
	await page.getByRole('button', { name: "Can't confirm?" }).click();
	await expect(page.getByRole('heading', { name: 'You need to reset your digital identity' })).toBeVisible();
	await learner.expectNoAxeViolations();
	await page.getByRole('button', { name: 'Continue' }).click();
	await learner.expectStep(3, 4);

	// Step 3: Bob's Element shows the banner about the learner; he asks, the learner answers.
	await learner.openRoom('Bob');
	await expect(page.getByText('my Element just put a red banner above the message box')).toBeVisible({
		timeout: 30_000
	});
	await shoot(page, 'bob-asks');
	if (SHOTS) {
		await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
		await expect(page.getByText('Schritt 3 von 4')).toBeVisible();
		await shoot(page, 'bob-asks-de');
		await page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'English' }).click();
		await expect(page.getByText('Step 3 of 4')).toBeVisible();
	}
	await learner.reply('Yes, that was me: I reset my digital identity.');
	await learner.expectStep(4, 4);
	await expect(page.getByText('Then let’s verify again')).toBeVisible();

	// Step 4: verified anew from the Laptop, the emoji compared with the ones Bob reads out in the call.
	await learner.openProfile('Bob');
	await learner.startVerification();
	const mine = await emojiOf(await verifyByEmoji(panel(page)));
	expect(await learner.emojiInCall('Bob')).toEqual(mine);
	await learner.confirmMatch('Bob');

	await learner.expectSummarySays('get a new recovery key');
	await expect(panel(page).getByText('Verified', { exact: true })).toBeVisible();
	await learner.expectNoAxeViolations();
	await shoot(page, 'done-en');
	if (SHOTS) {
		await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
		await expect(
			page.getByRole('heading', {
				level: 1,
				name: 'Bestätigung nicht möglich? Digitale Identität zurücksetzen'
			})
		).toBeVisible();
		await shoot(page, 'done-de');
	}
});
