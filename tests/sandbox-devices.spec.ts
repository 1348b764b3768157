/**
 * The learner's own devices in the sandbox, used as a learner would: Secure Backup, signing in on the "Laptop",
 * "Unable to decrypt message" and restoring, verifying the new device by emoji or with the Security Key. The world
 * runs with the real crypto in a Web Worker; the fixture checks that no request leaves the origin and nothing throws.
 */
import {
	confirmOnLaptopThenPhone,
	emojiOf,
	expect,
	expectNoAxeViolations,
	openRoom,
	openSandbox,
	openSecuritySettings,
	setUpSecureBackupFromToast,
	test,
	verifyWithSecurityKey
} from './sandbox-fixtures';

test.describe('your own devices', () => {
	test('Secure Backup, sign in on "Laptop", "Unable to decrypt message", restore with the Security Key', async ({
		page
	}) => {
		await openSandbox(page);
		await openRoom(page, 'Bob');
		await page.getByPlaceholder('Send an encrypted message…').fill('The gate code is 4711');
		await page.keyboard.press('Enter');
		await expect(page.getByText('The gate code is 4711')).toBeVisible();

		const toast = page.getByRole('group', { name: 'Set up Secure Backup' });
		await toast.getByRole('button', { name: 'Continue' }).click();
		const setup = page.getByRole('dialog', { name: 'Set up Secure Backup' });
		await expect(setup.getByRole('radio', { name: /Generate a Security Key/ })).toBeChecked();
		await expectNoAxeViolations(page);
		await setup.getByRole('button', { name: 'Continue' }).click();
		const keyField = setup.getByRole('textbox', { name: 'Security Key' });
		await expect(keyField).toHaveValue(/^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/);
		const securityKey = await keyField.inputValue();
		await expect(setup.getByRole('button', { name: 'Copy' })).toBeVisible();
		const download = page.waitForEvent('download');
		await setup.getByRole('button', { name: 'Download' }).click();
		expect((await download).suggestedFilename()).toBe('security-key.txt');
		await expectNoAxeViolations(page);
		await setup.getByRole('button', { name: 'Continue' }).click();
		const done = page.getByRole('dialog', { name: 'Secure Backup successful' });
		await expect(done).toBeVisible();
		await done.getByRole('button', { name: 'Done' }).click();
		await expect(toast).toHaveCount(0);

		// The new device: "Verify this device" first.
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		const devices = page.getByRole('group', { name: 'Your devices' });
		await expect(devices.getByRole('button', { name: 'Laptop' })).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Verify with another device' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Skip verification for now' }).click();
		await expect(page.getByRole('alertdialog', { name: 'Are you sure?' })).toBeVisible();
		await page.getByRole('button', { name: "I'll verify later" }).click();

		await expect(page.getByRole('group', { name: 'Verify this session' })).toContainText(
			'Other users may not trust it'
		);
		await openRoom(page, 'Bob');
		await expect(page.getByText('Unable to decrypt message').first()).toBeVisible();
		await expect(page.getByText('The gate code is 4711')).toHaveCount(0);

		const settings = await openSecuritySettings(page);
		await expect(settings.getByRole('tab', { name: 'Security & Privacy' })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		const sessions = settings.getByRole('list', { name: 'Sessions' });
		await expect(sessions.getByRole('listitem').filter({ hasText: 'Phone' })).toContainText(
			'Verified session'
		);
		await expect(sessions.getByRole('listitem').filter({ hasText: 'Laptop' })).toContainText(
			'Unverified session'
		);
		await expectNoAxeViolations(page);
		await settings.getByRole('button', { name: 'Restore from Backup' }).click();

		const keyDialog = page.getByRole('dialog', { name: 'Security Key' });
		const input = keyDialog.getByRole('textbox', { name: 'Security Key' });
		await input.fill('EsT0 not a key');
		await expect(keyDialog.getByText('Invalid Security Key')).toBeVisible();
		await input.fill(securityKey);
		await expect(keyDialog.getByText('Looks good!')).toBeVisible();
		await expectNoAxeViolations(page);
		await keyDialog.getByRole('button', { name: 'Continue' }).click();
		await expect(keyDialog.getByText(/Restored \d+ keys from the backup/)).toBeVisible();
		await keyDialog.getByRole('button', { name: 'Done' }).click();

		await expect(page.getByText('The gate code is 4711')).toBeVisible();
		await expect(page.getByText('Unable to decrypt message')).toHaveCount(0);

		// The Security Key also opened the cross-signing keys in secret storage: the Laptop signed itself.
		await expect(page.getByRole('group', { name: 'Verify this session' })).toHaveCount(0);
		await expect(
			(await openSecuritySettings(page))
				.getByRole('list', { name: 'Sessions' })
				.getByRole('listitem')
				.filter({ hasText: 'Laptop' })
		).toContainText('Verified session');
	});

	test('"Verify with Security Key" on the new Laptop verifies it and opens the history', async ({ page }) => {
		await openSandbox(page);
		await openRoom(page, 'Bob');
		await page.getByPlaceholder('Send an encrypted message…').fill('Meet at the north gate');
		await page.keyboard.press('Enter');
		await expect(page.getByText('Meet at the north gate')).toBeVisible();
		const securityKey = await setUpSecureBackupFromToast(page);

		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await verifyWithSecurityKey(page, securityKey);

		await expect(page.getByRole('heading', { name: 'Verify this device' })).toHaveCount(0);
		await expect(page.getByRole('group', { name: 'Verify this session' })).toHaveCount(0);
		await openRoom(page, 'Bob');
		await expect(page.getByText('Meet at the north gate')).toBeVisible();
	});

	test('self-verifies "Laptop" from "Phone" by emoji', async ({ page }) => {
		await openSandbox(page);
		const devices = page.getByRole('group', { name: 'Your devices' });
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await page.getByRole('button', { name: 'Verify with another device' }).click();
		await expect(page.getByText('Waiting for you to accept on your other device…')).toBeVisible();

		await devices.getByRole('button', { name: 'Phone' }).click();
		const toast = page.getByRole('group', { name: 'Verification requested' });
		await expect(toast).toContainText('Laptop (LAPTOP)');
		// "Ignore (N)" counts down to the request's expiry.
		const ignore = toast.getByRole('button', { name: /^Ignore \(\d+\)$/ });
		const seconds = async () => Number((await ignore.innerText()).match(/\d+/)![0]);
		const first = await seconds();
		expect(first).toBeGreaterThan(500);
		await expect.poll(seconds).toBeLessThan(first);
		await expectNoAxeViolations(page);
		await toast.getByRole('button', { name: 'Verify Session' }).click();
		const phoneDialog = page.getByRole('dialog', { name: 'Verify session' });
		await phoneDialog.getByRole('button', { name: 'Verify by emoji' }).click();
		const onPhone = await emojiOf(phoneDialog.getByRole('list', { name: 'Emoji to compare' }));
		await expectNoAxeViolations(page);

		await devices.getByRole('button', { name: 'Laptop' }).click();
		const onLaptop = await emojiOf(page.getByRole('list', { name: 'Emoji to compare' }));
		expect(onLaptop).toEqual(onPhone);
		await confirmOnLaptopThenPhone(page, phoneDialog);

		await devices.getByRole('button', { name: 'Laptop' }).click();
		await expect(page.getByText('Device verified')).toBeVisible();
		await page.getByRole('button', { name: 'Got it' }).click();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
		await expect(page.getByRole('group', { name: 'Verify this session' })).toHaveCount(0);

		const sessions = (await openSecuritySettings(page)).getByRole('list', { name: 'Sessions' });
		await expect(sessions.getByRole('listitem').filter({ hasText: 'Laptop' })).toContainText(
			'Verified session'
		);
		await expect(sessions.getByRole('listitem').filter({ hasText: 'Phone' })).toContainText(
			'Verified session'
		);
	});
});
