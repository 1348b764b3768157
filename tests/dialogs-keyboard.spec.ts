/**
 * Every dialog of the client by keyboard alone (issue 10 §9, the WAI-ARIA dialog pattern): opened by keyboard,
 * Tab and Shift+Tab stay inside, Escape closes it, and focus goes back to what opened it — nested dialogs included.
 * When a dialog's content changes step and the focused button goes away, focus stays in the dialog, never on the
 * page body.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openRoom, openSandbox, panel, setUpSecureBackupFromToast, test } from './sandbox-fixtures';

const focusInside = (box: Locator) => box.evaluate((el) => el.contains(document.activeElement));
const focusOnBody = (page: Page) => page.evaluate(() => document.activeElement === document.body);

/** Focuses a control as a keyboard user reaches it, and presses Enter on it. */
async function press(control: Locator, key = 'Enter') {
	await control.focus();
	await control.press(key);
}

/** Opens a menu by keyboard and picks an item with the arrow keys. */
async function chooseFromMenu(page: Page, trigger: Locator, item: string) {
	await press(trigger);
	const target = page.getByRole('menuitem', { name: item });
	await expect(target).toBeVisible();
	for (let i = 0; i < 6 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('ArrowDown');
	}
	await expect(target).toBeFocused();
	await page.keyboard.press('Enter');
}

/** Focus is in the dialog and stays there through Tab and Shift+Tab. */
async function expectFocusTrapped(page: Page, dialog: Locator) {
	await expect(dialog).toBeVisible();
	await expect.poll(() => focusInside(dialog)).toBe(true);
	for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
		await page.keyboard.press(key);
		expect(await focusInside(dialog), `focus inside after ${key}`).toBe(true);
	}
}

/** Tabs inside the dialog until `control` has focus. */
async function tabTo(page: Page, control: Locator) {
	for (let i = 0; i < 20 && !(await control.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(control).toBeFocused();
}

/** The full round: trapped focus, Escape closes, focus back on the opener. */
async function expectDialogRound(page: Page, dialog: Locator, opener: Locator) {
	await expectFocusTrapped(page, dialog);
	await page.keyboard.press('Escape');
	await expect(dialog).toHaveCount(0);
	await expect(opener).toBeFocused();
}

test.describe('dialogs by keyboard', () => {
	test('"New room", "Start new chat", "Invite to this room" and "All settings"', async ({ page }) => {
		await openSandbox(page);
		const addRoom = page.getByRole('button', { name: 'Add room' });

		await chooseFromMenu(page, addRoom, 'New room');
		await expectDialogRound(page, page.getByRole('dialog'), addRoom);

		await chooseFromMenu(page, addRoom, 'Start new chat');
		await expectDialogRound(page, page.getByRole('dialog'), addRoom);

		await openRoom(page, 'Book club');
		await press(page.getByRole('button', { name: 'People', exact: true }));
		const invite = panel(page).getByRole('button', { name: 'Invite to this room' });
		await press(invite);
		await expectDialogRound(page, page.getByRole('dialog', { name: /Invite to Book club/ }), invite);

		const userMenu = page.getByRole('button', { name: 'User menu' });
		await chooseFromMenu(page, userMenu, 'All settings');
		await expectDialogRound(page, page.getByRole('dialog', { name: 'Settings' }), userMenu);
	});

	test('"Room Settings" and the nested "Enable encryption?"; OK closes both', async ({ page }) => {
		await openSandbox(page);
		await openRoom(page, 'Book club');
		await press(page.getByRole('button', { name: 'Room info' }));
		const opener = panel(page).getByRole('button', { name: 'Settings' });
		await press(opener);
		const settings = page.getByRole('dialog', { name: 'Room Settings - Book club' });
		await expectFocusTrapped(page, settings);

		// A tab list is one stop for Tab; the arrow keys move between its tabs.
		await tabTo(page, settings.getByRole('tab', { name: 'General' }));
		await page.keyboard.press('ArrowDown');
		const tab = settings.getByRole('tab', { name: 'Security & Privacy' });
		await expect(tab).toBeFocused();
		await page.keyboard.press('Enter');
		const encrypted = settings.getByRole('switch', { name: 'Encrypted' });
		await tabTo(page, encrypted);
		await page.keyboard.press('Space');

		// The nested question: its own trap; Escape closes only it, and focus is back on the switch.
		const confirm = page.getByRole('alertdialog', { name: 'Enable encryption?' });
		await expectDialogRound(page, confirm, encrypted);
		await expect(settings).toBeVisible();

		await page.keyboard.press('Space');
		await expectFocusTrapped(page, confirm);
		await tabTo(page, confirm.getByRole('button', { name: 'OK' }));
		await page.keyboard.press('Enter');
		await expect(confirm).toHaveCount(0);
		await expect(settings).toHaveCount(0);
		await expect(opener).toBeFocused();

		// Opened again: Escape closes it, focus back on "Settings".
		await press(opener);
		await expectDialogRound(page, settings, opener);
	});

	test('"Set up Secure Backup" and "Are you sure?": focus stays in the dialog as its steps change', async ({
		page
	}) => {
		await openSandbox(page);
		const toast = page.getByRole('group', { name: 'Set up Secure Backup' });
		const opener = toast.getByRole('button', { name: 'Continue' });
		await press(opener);
		const setup = page.getByRole('dialog', { name: 'Set up Secure Backup' });
		await expectFocusTrapped(page, setup);

		// Escape asks first; Escape on the question goes back to the set-up, focus in it.
		await page.keyboard.press('Escape');
		const sure = page.getByRole('alertdialog', { name: 'Are you sure?' });
		await expectFocusTrapped(page, sure);
		await page.keyboard.press('Escape');
		await expect(sure).toHaveCount(0);
		await expect.poll(() => focusInside(setup)).toBe(true);

		// "Continue": the button goes, the Security Key comes; focus stays in the dialog and Escape still works.
		await tabTo(page, setup.getByRole('button', { name: 'Continue' }));
		await page.keyboard.press('Enter');
		await expect(setup.getByRole('textbox', { name: 'Security Key' })).toBeVisible();
		await expect.poll(() => focusInside(setup)).toBe(true);
		expect(await focusOnBody(page)).toBe(false);
		await page.keyboard.press('Escape');
		await expectFocusTrapped(page, sure);
		await tabTo(page, sure.getByRole('button', { name: 'Go back' }));
		await page.keyboard.press('Enter');
		await expect(sure).toHaveCount(0);
		await expect.poll(() => focusInside(setup)).toBe(true);

		await tabTo(page, setup.getByRole('button', { name: 'Copy' }));
		await page.keyboard.press('Enter');
		await tabTo(page, setup.getByRole('button', { name: 'Continue' }));
		await page.keyboard.press('Enter');
		const done = page.getByRole('dialog', { name: 'Secure Backup successful' });
		await expect(done).toBeVisible();
		await expect.poll(() => focusInside(done)).toBe(true);
		await tabTo(page, done.getByRole('button', { name: 'Done' }));
		await page.keyboard.press('Enter');
		await expect(done).toHaveCount(0);
		// The toast that opened it is gone: focus goes near where it was, not to the page body.
		await expect(opener).toHaveCount(0);
		expect(await focusOnBody(page)).toBe(false);
	});

	test('"Verify by emoji" keeps focus in the right panel; "Your messages are not secure" by keyboard', async ({
		page
	}) => {
		await openSandbox(page);
		await openRoom(page, 'Bob');
		await press(page.getByRole('button', { name: 'People', exact: true }));
		await press(panel(page).getByRole('button', { name: /^Bob/ }));
		await press(panel(page).getByRole('button', { name: 'Verify', exact: true }));
		await press(panel(page).getByRole('button', { name: 'Start Verification' }));
		// Bob accepts; the learner picks emoji, unless Bob has started them already (learners meet both orders).
		const byEmoji = panel(page).getByRole('button', { name: 'Verify by emoji' });
		const emoji = panel(page).getByRole('list', { name: 'Emoji to compare' });
		// Bob answers after a human-like pause (longer when the machine is busy).
		await expect(byEmoji.or(emoji)).toBeVisible({ timeout: 30_000 });
		if (await byEmoji.isVisible()) {
			await press(byEmoji);
			await expect(emoji).toBeVisible({ timeout: 30_000 });
			// The button went away with the step: focus is still in the panel.
			await expect.poll(() => focusInside(panel(page))).toBe(true);
		}
		const noMatch = panel(page).getByRole('button', { name: "They don't match" });
		await press(noMatch);
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await expectFocusTrapped(page, warning);
		await page.keyboard.press('Escape');
		await expect(warning).toHaveCount(0);
		expect(await focusOnBody(page)).toBe(false);
	});

	test('"Security Key" on the new Laptop and "Verify session" on the Phone', async ({ page }) => {
		await openSandbox(page);
		// A Security Key exists only once Secure Backup is set up.
		await setUpSecureBackupFromToast(page);

		await press(page.getByRole('button', { name: 'Sign in on another device' }));
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		const withKey = page.getByRole('button', { name: 'Verify with Security Key' });
		await press(withKey);
		await expectDialogRound(page, page.getByRole('dialog', { name: 'Security Key' }), withKey);

		await press(page.getByRole('button', { name: 'Verify with another device' }));
		await expect(page.getByText('Waiting for you to accept on your other device…')).toBeVisible();
		await press(page.getByRole('group', { name: 'Your devices' }).getByRole('button', { name: 'Phone' }));
		const accept = page
			.getByRole('group', { name: 'Verification requested' })
			.getByRole('button', { name: 'Verify Session' });
		await press(accept);
		const verify = page.getByRole('dialog', { name: 'Verify session' });
		await expectFocusTrapped(page, verify);
		const byEmoji = verify.getByRole('button', { name: 'Verify by emoji' });
		await tabTo(page, byEmoji);
		await page.keyboard.press('Enter');
		await expect(verify.getByRole('list', { name: 'Emoji to compare' })).toBeVisible();
		// The step changed under the focused button: focus stays in the dialog, so Escape still closes it.
		await expect.poll(() => focusInside(verify)).toBe(true);
		await page.keyboard.press('Escape');
		await expect(verify).toHaveCount(0);
		expect(await focusOnBody(page)).toBe(false);
	});
});
