/**
 * Today's Element (2026) in the sandbox, as a learner: "Back up your chats" → "Get recovery key" in Settings →
 * Encryption, the key typed back (a wrong one first), "Finish set up"; the toast goes. A new device then shows
 * "Confirm your digital identity" and is confirmed with the recovery key for real.
 */
import { expect, expectNoAxeViolations, readRecoveryKey2026, test } from './sandbox-fixtures';

test('2026: get the recovery key, confirm it, and confirm a new device with it', async ({ page }) => {
	await page.goto('/sandbox?element=2026');
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 120_000 });

	const toast = page.getByRole('group', { name: 'Back up your chats' });
	await toast.getByRole('button', { name: 'Get recovery key' }).click();
	const settings = page.getByRole('dialog', { name: 'Settings' });
	await expect(settings.getByRole('tab', { name: 'Encryption' })).toHaveAttribute('aria-selected', 'true');
	await expect(settings.getByRole('heading', { name: 'Get recovery key' })).toBeVisible();
	const key = await readRecoveryKey2026(settings);

	const typed = settings.getByRole('textbox', { name: 'Recovery key' });
	const last = key.at(-1) === 'A' ? 'B' : 'A';
	await typed.fill(key.slice(0, -1) + last);
	await settings.getByRole('button', { name: 'Finish set up' }).click();
	await expect(settings.getByRole('alert')).toHaveText('The recovery key you entered is not correct.');
	await typed.fill(key.replace(/ /g, ''));
	await settings.getByRole('button', { name: 'Finish set up' }).click();

	await expect(settings.getByRole('status')).toHaveText('Your recovery key is set up.');
	await expect(settings.getByRole('button', { name: 'Change recovery key' })).toBeVisible();
	await expect(settings.getByRole('switch', { name: 'Allow key storage' })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await expectNoAxeViolations(page);
	await settings.getByRole('button', { name: 'Close' }).click();
	await expect(toast).toHaveCount(0);

	// A new device: it must confirm the digital identity; the recovery key does it.
	await page.getByRole('button', { name: 'Sign in on another device' }).click();
	await expect(page.getByRole('heading', { name: 'Confirm your digital identity' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Use another device' })).toBeVisible();
	await expect(page.getByRole('button', { name: "Can't confirm?" })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Use recovery key' }).click();
	const enter = page.getByRole('dialog', { name: 'Enter your recovery key' });
	await enter.getByRole('textbox', { name: 'Recovery key' }).fill(key);
	await enter.getByRole('button', { name: 'Continue' }).click();
	await enter.getByRole('button', { name: 'Done' }).click();
	await expect(page.getByRole('heading', { name: 'Confirm your digital identity' })).toHaveCount(0);
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
	await expect(page.getByRole('group', { name: 'Back up your chats' })).toHaveCount(0);
	await expect(page.getByRole('group', { name: 'Your key storage is out of sync.' })).toHaveCount(0);
});
