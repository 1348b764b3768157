/**
 * The 2026 lesson "Confirm your digital identity on a new device" as a learner does it, in today's Element: a
 * recovery key on the Phone (from the "Back up your chats" notice), the Laptop signed in, and "Use another device":
 * the Phone starts the verification and both press "They match" on the same emoji. (The other way, "Use recovery
 * key", is walked in Node and shown in settings-2026.spec.ts.) Also: the lesson opened in the classic edition.
 */
import { confirmLaptopWithPhone2026, expect, test } from '../lesson-fixtures';

test('2026 lesson: a learner confirms the new Laptop with “Use another device”', async ({
	page,
	learner
}) => {
	await learner.startLesson('confirm-identity', 'Confirm your digital identity on a new device', 3);

	// Step 1: the recovery key, from the notice.
	await page
		.getByRole('group', { name: 'Back up your chats' })
		.getByRole('button', { name: 'Get recovery key' })
		.click();
	const { settings } = await learner.getRecoveryKey(page.getByRole('dialog', { name: 'Settings' }));
	await learner.expectStep(2, 3);
	await settings.getByRole('button', { name: 'Close' }).click();

	// Step 2: the Laptop.
	await learner.signInToConfirm();
	await expect(page.getByRole('button', { name: 'Use recovery key' })).toBeVisible();
	await learner.expectStep(3, 3);
	await learner.expectNoAxeViolations();

	// Step 3: "Use another device", accepted on the Phone, emoji compared.
	await confirmLaptopWithPhone2026(page);

	await learner.expectSummarySays('Both ways end the same');
	await learner.expectNoAxeViolations();
});

test('the lesson opened in the classic edition says it is today’s Element’s, and switches', async ({
	page
}) => {
	await page.goto('/lessons/confirm-identity?element=classic');
	await expect(page.getByText('This lesson practises something only today')).toBeVisible();
	await page.getByRole('button', { name: 'Switch to Element today (2026)' }).click();
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 90_000 });
	await expect(
		page.getByRole('heading', { level: 1, name: 'Confirm your digital identity on a new device' })
	).toBeVisible();
});
