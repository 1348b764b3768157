/**
 * Secure Backup as in Element (issue 10 §4): "Continue" stays disabled until the Security Key was copied or
 * downloaded, and cancelling after the key was shown sets nothing up — the "Set up Secure Backup" offer is still there.
 * By keyboard: each step hands the focus to its own controls.
 */
import { expect, expectNoAxeViolations, openSandbox, test } from './sandbox-fixtures';

test('Secure Backup: "Continue" waits for the key to be kept; "Cancel" sets nothing up', async ({ page }) => {
	await openSandbox(page);
	const toast = page.getByRole('group', { name: 'Set up Secure Backup' });
	await toast.getByRole('button', { name: 'Continue' }).click();
	const setup = page.getByRole('dialog', { name: 'Set up Secure Backup' });
	await setup.getByRole('button', { name: 'Continue' }).click();

	const keyField = setup.getByRole('textbox', { name: 'Security Key' });
	await expect(keyField).toHaveValue(/^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/);
	await expect(keyField).toBeFocused();
	await expect(setup.getByRole('button', { name: 'Continue' })).toBeDisabled();
	await expectNoAxeViolations(page);

	// Cancel after the key was shown: "Are you sure?" → "Cancel".
	await page.keyboard.press('Escape');
	const sure = page.getByRole('alertdialog', { name: 'Are you sure?' });
	await sure.getByRole('button', { name: 'Cancel' }).click();
	await expect(setup).toHaveCount(0);
	// Nothing was set up: the offer is still there, and Settings still says "Set up".
	await expect(toast).toBeVisible();

	// Again, this time keeping the key.
	await toast.getByRole('button', { name: 'Continue' }).click();
	await setup.getByRole('button', { name: 'Continue' }).click();
	await expect(keyField).toBeFocused();
	await expect(setup.getByRole('button', { name: 'Continue' })).toBeDisabled();
	const download = page.waitForEvent('download');
	await setup.getByRole('button', { name: 'Download' }).click();
	await download;
	await expect(setup.getByRole('button', { name: 'Continue' })).toBeEnabled();
	await setup.getByRole('button', { name: 'Continue' }).click();
	const done = page.getByRole('dialog', { name: 'Secure Backup successful' });
	await expect(done.getByRole('button', { name: 'Done' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(done).toHaveCount(0);
	await expect(toast).toHaveCount(0);
});
