/**
 * Today's Element (2026) in the sandbox, as a learner: "Back up your chats" → "Get recovery key" in Settings →
 * Encryption, the key typed back (a wrong one first), "Finish set up"; the toast goes. A new device then shows
 * "Confirm your digital identity" and is confirmed with the recovery key for real. Then, in the same world, "Change
 * recovery key" (the old key stops opening the key storage, the new one does), the key-storage switch (off deletes
 * the key storage; on leads to a new recovery key), "Export keys" (the key export file, downloaded) and "Import keys"
 * (that file back in; a wrong file or passphrase is named).
 */
import { readFileSync } from 'node:fs';
import { expect, expectNoAxeViolations, readRecoveryKey2026, RECOVERY_KEY, test } from './sandbox-fixtures';

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

	// "Change recovery key": a new key, shown at once, typed back; only then is the key storage made under it.
	await settings.getByRole('button', { name: 'Change recovery key' }).click();
	await expect(settings.getByRole('heading', { name: 'Change recovery key?' })).toBeVisible();
	const shownNew = settings.getByRole('textbox', { name: 'Recovery key' });
	await expect(shownNew).toHaveValue(RECOVERY_KEY);
	const newKey = await shownNew.inputValue();
	expect(newKey).not.toBe(key);
	await settings.getByRole('button', { name: 'Continue' }).click();
	await expect(settings.getByRole('heading', { name: 'Enter your new recovery key' })).toBeVisible();
	await settings.getByRole('textbox', { name: 'Recovery key' }).fill(newKey);
	await settings.getByRole('button', { name: 'Confirm new recovery key' }).click();
	await expect(settings.getByRole('status')).toHaveText('Your recovery key is set up.');
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
	// The key from before the change opens nothing any more; the new one does.
	await enter.getByRole('textbox', { name: 'Recovery key' }).fill(key);
	await enter.getByRole('button', { name: 'Continue' }).click();
	await expect(enter.getByText('The recovery key you entered is not correct.')).toBeVisible();
	await enter.getByRole('textbox', { name: 'Recovery key' }).fill(newKey);
	await enter.getByRole('button', { name: 'Continue' }).click();
	await enter.getByRole('button', { name: 'Done' }).click();
	await expect(page.getByRole('heading', { name: 'Confirm your digital identity' })).toHaveCount(0);
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
	await expect(page.getByRole('group', { name: 'Back up your chats' })).toHaveCount(0);
	await expect(page.getByRole('group', { name: 'Your key storage is out of sync.' })).toHaveCount(0);

	// The key-storage switch, on the confirmed Laptop: off deletes the key storage (after a warning) …
	await page.getByRole('button', { name: 'User menu' }).click();
	await page.getByRole('menuitem', { name: 'Encryption' }).click();
	const storage = settings.getByRole('switch', { name: 'Allow key storage' });
	await expect(storage).toHaveAttribute('aria-checked', 'true');
	await storage.click();
	await expect(
		settings.getByRole('heading', { name: 'Are you sure you want to turn off key storage and delete it?' })
	).toBeVisible();
	await expectNoAxeViolations(page);
	await settings.getByRole('button', { name: 'Delete key storage' }).click();
	await expect(storage).toHaveAttribute('aria-checked', 'false');
	await expect(settings.getByRole('button', { name: 'Get recovery key' })).toBeVisible();
	// … and on again starts a new recovery key (without one there is no key storage).
	await storage.click();
	await expect(settings.getByRole('heading', { name: 'Get recovery key' })).toBeVisible();
	await settings.getByRole('button', { name: 'Cancel' }).click();
	await expect(storage).toHaveAttribute('aria-checked', 'false');

	// Advanced → "Export keys": a passphrase twice (checked as Element checks it), then the key export file.
	await settings.getByRole('button', { name: 'Export keys' }).click();
	await expect(settings.getByRole('heading', { name: 'Export room keys' })).toBeVisible();
	const exportButton = settings.getByRole('button', { name: 'Export', exact: true });
	await exportButton.click();
	await expect(settings.getByRole('alert')).toHaveText('Passphrase must not be empty');
	await settings.getByLabel('Enter passphrase').fill('correct horse battery');
	await settings.getByLabel('Confirm passphrase').fill('correct horse');
	await exportButton.click();
	await expect(settings.getByRole('alert')).toHaveText('Passphrases must match');
	await expectNoAxeViolations(page);
	await settings.getByLabel('Confirm passphrase').fill('correct horse battery');
	const download = page.waitForEvent('download');
	await exportButton.click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('element-keys.txt');
	const lines = readFileSync(await file.path(), 'utf8')
		.trim()
		.split('\n');
	expect(lines[0]).toBe('-----BEGIN MEGOLM SESSION DATA-----');
	expect(lines.at(-1)).toBe('-----END MEGOLM SESSION DATA-----');
	// Format version 1, and Element's 500,000 PBKDF2 rounds after the salt and IV (the contents: key-export.test.ts).
	const bytes = Buffer.from(lines.slice(1, -1).join(''), 'base64');
	expect([bytes[0], bytes.readUInt32BE(33)]).toEqual([1, 500_000]);
	await expect(settings.getByRole('status')).toHaveText('Your room keys were saved in element-keys.txt.');

	// "Import keys" beside it: a file that is no key export, then the wrong passphrase, each with its message; the
	// downloaded file with its passphrase goes in (this device's own keys, if any: none is new; a new device reading
	// old messages after the import: key-export.test.ts).
	await settings.getByRole('button', { name: 'Import keys' }).click();
	await expect(settings.getByRole('heading', { name: 'Import room keys' })).toBeVisible();
	const chooseFile = settings.getByLabel('File to import');
	const importButton = settings.getByRole('button', { name: 'Import', exact: true });
	await chooseFile.setInputFiles({
		name: 'notes.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from('Buy milk')
	});
	await settings.getByLabel('Enter passphrase').fill('correct horse battery');
	await importButton.click();
	await expect(settings.getByRole('alert')).toHaveText(/^This file is not a key export\./);
	await chooseFile.setInputFiles(await file.path());
	await settings.getByLabel('Enter passphrase').fill('correct horse');
	await importButton.click();
	await expect(settings.getByRole('alert')).toHaveText(/^The passphrase does not open this file\./);
	await settings.getByLabel('Enter passphrase').fill('correct horse battery');
	await importButton.click();
	await expect(settings.getByRole('status')).toHaveText(/^Imported 0 of \d+ room keys from the file\.$/);
});
