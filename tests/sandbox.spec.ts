/**
 * The sandbox, used as a learner would: by roles and labels. The world runs with the real crypto in a Web Worker;
 * every test also checks (in the fixture) that no request leaves the origin and nothing throws.
 */
import type { Locator } from '@playwright/test';
import {
	emojiOf,
	expect,
	expectNoAxeViolations,
	openProfile,
	openRoom,
	openSandbox,
	panel,
	test,
	verifyByEmoji
} from './sandbox-fixtures';

test.describe('the sandbox', () => {
	test('is linked from the home page, starts the default world with a progress indicator, and starts afresh on "Reset sandbox"', async ({
		page
	}) => {
		await page.goto('/');
		await page.getByRole('link', { name: 'Practise in the sandbox' }).click();
		await expect(page).toHaveURL(/\/sandbox$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Sandbox' })).toBeAttached();
		await expect(page.getByRole('status').filter({ hasText: 'Starting the sandbox…' })).toBeVisible();
		const nav = page.getByRole('navigation', { name: 'Rooms' });
		await expect(nav).toBeVisible({ timeout: 120_000 });
		await expect(page.getByRole('group', { name: 'Your devices' }).getByRole('button')).toHaveText(['Phone']);

		// An encrypted DM with Bob (grey shield), and the plain "Book club" (no shield).
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'This room is end-to-end encrypted'
		);
		await expect(nav.getByRole('button', { name: 'Book club' }).getByRole('img')).toHaveCount(0);

		await openRoom(page, 'Book club');
		const timeline = page.getByRole('list', { name: 'Messages in Book club' });
		await expect(timeline.getByText('Has everyone finished chapter three?')).toBeVisible();
		await expect(timeline.getByText('Bob, Carol and Dave joined the room')).toBeVisible();
		await expect(page.getByPlaceholder('Send a message…')).toBeVisible();
		await page.getByPlaceholder('Send a message…').fill('Thursday works for me');
		await page.keyboard.press('Enter');
		await expect(timeline.getByText('Thursday works for me')).toBeVisible();

		await page.getByRole('button', { name: 'People', exact: true }).click();
		await expect(panel(page).getByRole('button', { name: /^You/ })).toContainText('Admin');
		await expect(panel(page).getByRole('listitem')).toHaveCount(4);
		await expectNoAxeViolations(page);

		await page.getByRole('button', { name: 'Reset sandbox' }).click();
		await page
			.getByRole('alertdialog', { name: 'Reset the sandbox?' })
			.getByRole('button', { name: 'Reset' })
			.click();
		await expect(nav).toBeVisible({ timeout: 120_000 });
		await openRoom(page, 'Book club');
		await expect(page.getByText('Thursday works for me')).toHaveCount(0);
	});

	// Three things a learner does with rooms, one after another in one world (a world takes seconds to start).
	test('creates an encrypted room; starts a chat with Carol and invites Dave; enables encryption in "Book club"', async ({
		page
	}) => {
		const nav = await openSandbox(page);
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'New room' }).click();
		const dialog = page.getByRole('dialog', { name: 'Create a private room' });
		await expect(dialog).toBeVisible();
		const e2ee = dialog.getByRole('switch', { name: 'Enable end-to-end encryption' });
		await expect(e2ee).toHaveAttribute('aria-checked', 'true');

		// A public room has no encryption switch.
		await dialog.getByLabel('Visibility').selectOption({ label: 'Public room' });
		await expect(page.getByRole('dialog', { name: 'Create a public room' })).toBeVisible();
		await expect(page.getByRole('switch', { name: 'Enable end-to-end encryption' })).toHaveCount(0);
		await page.getByLabel('Visibility').selectOption({ label: 'Private room (invite only)' });
		await expect(e2ee).toHaveAttribute('aria-checked', 'true');

		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(dialog.getByText('Please enter a name for the room')).toBeVisible();
		await expectNoAxeViolations(page);
		await dialog.getByLabel('Name').fill('Secret plans');
		await dialog.getByLabel('Topic (optional)').fill('Only for us');
		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(dialog).toHaveCount(0);

		await expect(page.getByRole('heading', { level: 2, name: 'Secret plans' })).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Secret plans' })).toBeVisible();
		await expect(page.getByText('Encryption enabled')).toBeVisible();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('<b>not bold</b>');
		await composer.press('Enter');
		// What a learner types is text, never HTML.
		await expect(page.getByText('<b>not bold</b>')).toBeVisible();

		await page.getByRole('button', { name: 'Room info' }).click();
		await expect(panel(page).getByText('End-to-end encrypted')).toBeVisible();
		await expectNoAxeViolations(page);

		// A new chat with Carol, and Dave invited into it.
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'Start new chat' }).click();
		const startChat = page.getByRole('dialog', { name: 'Start chat' });
		await startChat.getByLabel('Search by name').fill('car');
		await expect(startChat.getByRole('button', { name: /@/ })).toHaveText([/Carol/]);
		await expectNoAxeViolations(page);
		await startChat.getByRole('button', { name: /Carol/ }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Carol' })).toBeVisible();
		// A DM with someone who has keys is encrypted from the start; no switch is offered.
		await expect(page.getByPlaceholder('Send an encrypted message…')).toBeVisible();

		await page.getByRole('button', { name: 'People', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Invite to this room' }).click();
		const invite = page.getByRole('dialog', { name: 'Invite to Carol' });
		await expect(invite.getByRole('button', { name: /Carol/ })).toHaveCount(0);
		await expectNoAxeViolations(page);
		await invite.getByRole('button', { name: /Dave/ }).click();
		await expect(invite).toHaveCount(0);
		// The scripted contacts accept invites by themselves.
		await expect(panel(page).getByRole('button', { name: /^Dave/ })).toBeVisible();
		await expect(page.getByText(/You invited (Carol and )?Dave/).first()).toBeVisible();

		// "Book club": "Enable encryption?" first; once on, it cannot be turned off again.
		await openRoom(page, 'Book club');
		await expect(page.getByPlaceholder('Send a message…')).toBeVisible();
		await page.getByRole('button', { name: 'Room info' }).click();
		await panel(page).getByRole('button', { name: 'Settings' }).click();
		const settings = page.getByRole('dialog', { name: 'Room Settings - Book club' });
		await settings.getByRole('tab', { name: 'Security & Privacy' }).click();
		const encrypted = settings.getByRole('switch', { name: 'Encrypted' });
		await expect(encrypted).toHaveAttribute('aria-checked', 'false');
		await expectNoAxeViolations(page);

		await encrypted.click();
		const confirm = page.getByRole('alertdialog', { name: 'Enable encryption?' });
		await expect(confirm).toBeVisible();
		await expectNoAxeViolations(page);
		await confirm.getByRole('button', { name: 'Cancel' }).click();
		await expect(confirm).toHaveCount(0);
		await expect(encrypted).toHaveAttribute('aria-checked', 'false');

		await encrypted.click();
		await confirm.getByRole('button', { name: 'OK' }).click();
		// As in Element, OK closes the settings too; focus goes back to the button that opened them.
		await expect(confirm).toHaveCount(0);
		await expect(settings).toHaveCount(0);
		await expect(panel(page).getByRole('button', { name: 'Settings' })).toBeFocused();
		// Opened again: the switch is on, and locked.
		await panel(page).getByRole('button', { name: 'Settings' }).click();
		await settings.getByRole('tab', { name: 'Security & Privacy' }).click();
		await expect(encrypted).toHaveAttribute('aria-checked', 'true');
		await expect(encrypted).toBeDisabled();
		await settings.getByRole('button', { name: 'Close' }).click();

		await expect(page.getByText('Encryption enabled')).toBeVisible();
		await expect(
			page.getByRole('heading', { level: 2, name: 'Book club' }).locator('..').getByRole('img')
		).toHaveAccessibleName('This room is end-to-end encrypted');
		await composer.fill('Now it is private');
		await composer.press('Enter');
		await expect(page.getByText('Now it is private')).toBeVisible();
		// Earlier messages stay as they were sent: readable, and without a warning.
		await expect(page.getByText('Has everyone finished chapter three?')).toBeVisible();
	});
});

test.describe('verifying a person', () => {
	test('verifies Bob by emoji: both lists are equal, the DM turns green', async ({ page }) => {
		const nav = await openSandbox(page);
		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await expect(panel(page).getByRole('heading', { name: 'Security' })).toBeVisible();
		await expect(panel(page).getByText('You have not verified this user.').first()).toBeVisible();
		await expectNoAxeViolations(page);
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await expect(panel(page).getByRole('heading', { name: 'Verify User' })).toBeVisible();
		await expectNoAxeViolations(page);
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();

		// Bob accepts; Element offers the QR code and emoji.
		await expect(panel(page).getByRole('img', { name: 'QR code for verification' })).toBeVisible();
		await expectNoAxeViolations(page);
		// Bob may have started the emoji himself while axe ran: either order leads to the emoji.
		const mine = await verifyByEmoji(panel(page));
		const call = page.getByRole('region', { name: 'Call with Bob' });
		const bobs = call.getByRole('list', { name: 'Emoji to compare' });
		const myEmoji = await emojiOf(mine);
		expect(await emojiOf(bobs)).toEqual(myEmoji);
		await expectNoAxeViolations(page);

		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
		await expectNoAxeViolations(page);
		await call.getByRole('button', { name: 'Hang up' }).click();
		await expect(call).toHaveCount(0);
		await panel(page).getByRole('button', { name: 'Got it' }).click();

		await expect(
			page.getByRole('heading', { level: 2, name: 'Bob' }).locator('..').getByRole('img')
		).toHaveAccessibleName('Everyone in this room is verified');
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
		await expect(panel(page).getByText('You have verified this user.').first()).toBeVisible();
		await expect(page.getByText('You and Bob verified each other')).toBeVisible();
	});

	test('shows "Waiting for Carol to accept…", and the cancelled text when you cancel', async ({ page }) => {
		await openSandbox(page);
		await openRoom(page, 'Book club');
		await openProfile(page, 'Carol');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await expect(panel(page).getByText('Waiting for Carol to accept…')).toBeVisible();
		// Verifying someone happens in your DM with them, which Element opens for it.
		await expect(page.getByRole('heading', { level: 2, name: 'Carol' })).toBeVisible();
		await panel(page).getByRole('button', { name: 'Cancel' }).click();
		await expect(panel(page).getByText('You cancelled verification.')).toBeVisible();
		await panel(page).getByRole('button', { name: 'OK' }).click();
	});

	test('a man in the middle: the emoji differ, "They don\'t match" shows "Your messages are not secure"', async ({
		page
	}) => {
		await openSandbox(page);
		await page.getByRole('button', { name: 'Practice situations' }).click();
		await page.getByRole('menuitem', { name: 'Start again with a man in the middle' }).click();
		// It throws away what the learner did: it asks first.
		const ask = page.getByRole('alertdialog', { name: 'Start again with a man in the middle?' });
		await expect(ask).toContainText('Everything you did here is thrown away');
		await expect(page.getByRole('note')).toHaveCount(0);
		await ask.getByRole('button', { name: 'Start again' }).click();
		await expect(page.getByRole('note')).toContainText('an attacker sits between you and Bob');
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 120_000 });

		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		const mine = await emojiOf(await verifyByEmoji(panel(page)));
		const call = page.getByRole('region', { name: 'Call with Bob' });
		const bobs = await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }));
		expect(bobs).not.toEqual(mine);

		await panel(page).getByRole('button', { name: "They don't match" }).click();
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await expect(warning).toBeVisible();
		await expect(warning.getByText('your homeserver')).toBeVisible();
		await expectNoAxeViolations(page);
		await warning.getByRole('button', { name: 'OK' }).click();
		await expect(warning).toHaveCount(0);
		await openProfile(page, 'Bob');
		await expect(panel(page).getByText('You have not verified this user.').first()).toBeVisible();
	});

	test('the whole verification works with the keyboard alone', async ({ page }) => {
		await openSandbox(page);
		const press = (key: string) => page.keyboard.press(key);
		/** Tabs forward until the control has focus (as a keyboard user would), then presses Enter. */
		async function tabTo(name: string | RegExp, within = page.locator('body')) {
			const target = within.getByRole('button', { name, exact: typeof name === 'string' }).first();
			await expect(target).toBeVisible();
			for (let i = 0; i < 60; i++) {
				if (await target.evaluate((el) => el === document.activeElement)) return press('Enter');
				await press('Tab');
			}
			throw new Error(`Could not reach ${String(name)} with Tab`);
		}
		await tabTo(/^Bob/, page.getByRole('navigation', { name: 'Rooms' }));
		await tabTo('People');
		await tabTo(/^Bob/, panel(page));
		await tabTo('Verify');
		await tabTo('Start Verification');
		// Bob may start the emoji himself before the learner reaches "Verify by emoji": both orders lead to them.
		const emoji = panel(page).getByRole('list', { name: 'Emoji to compare' });
		const byEmoji = panel(page).getByRole('button', { name: 'Verify by emoji' });
		await expect(byEmoji.or(emoji)).toBeVisible();
		for (let i = 0; i < 60 && !(await emoji.isVisible()); i++) {
			const focused = byEmoji.evaluate((el) => el === document.activeElement, undefined, { timeout: 1_000 });
			if (await focused.catch(() => false)) {
				await press('Enter');
				break;
			}
			await press('Tab');
		}
		await expect(emoji).toBeVisible();
		await tabTo('They match');
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
		await tabTo('Got it');
		await expect(panel(page).getByText('You have verified this user.').first()).toBeVisible();
	});
});

test.describe('on a phone-sized screen', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('one pane at a time; the compare view and the call fit, and axe finds nothing', async ({ page }) => {
		const nav = await openSandbox(page);
		await expectNoAxeViolations(page);
		await nav.getByRole('button', { name: 'Bob' }).click();
		await expect(nav).toBeHidden();
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		const mine = await emojiOf(await verifyByEmoji(panel(page)));
		const call = page.getByRole('region', { name: 'Call with Bob' });
		expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		// While comparing, the learner sees both emoji lists and both answers of the sheet without scrolling: the call
		// above gives the client its room, and the answers stay at the bottom of the sheet.
		await expect(panel(page).getByRole('button', { name: "They don't match" })).toBeInViewport({ ratio: 1 });
		await expect(panel(page).getByRole('button', { name: 'They match' })).toBeInViewport({ ratio: 1 });
		await expect(panel(page).getByRole('list', { name: 'Emoji to compare' })).toBeInViewport();
		await expect(call.getByRole('list', { name: 'Emoji to compare' })).toBeInViewport();
		await expectNoAxeViolations(page);
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await panel(page).getByRole('button', { name: 'Got it' }).click();
		await panel(page).getByRole('button', { name: 'Close' }).click();
		await page.getByRole('button', { name: 'Back to room list' }).click();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
	});
});

test.describe('languages and failures', () => {
	test('in German: labels, the call "Anruf mit Bob", and emoji names switch with the language', async ({
		page
	}) => {
		await page.goto('/');
		await page.getByRole('button', { name: 'Deutsch' }).click();
		await openSandbox(page, 'Räume');
		await openRoom(page, 'Bob', 'Räume');
		await expect(page.getByPlaceholder('Verschlüsselte Nachricht senden …')).toBeVisible();
		await openProfile(page, 'Bob', 'Personen');
		await panel(page).getByRole('button', { name: 'Verifizieren', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Verifizierung starten' }).click();
		const mine = await verifyByEmoji(panel(page), {
			button: 'Mit Emojis verifizieren',
			list: 'Zu vergleichende Emojis'
		});
		const call = page.getByRole('region', { name: 'Anruf mit Bob' });
		const german = await emojiOf(mine);
		expect(await emojiOf(call.getByRole('list', { name: 'Zu vergleichende Emojis' }))).toEqual(german);
		await expectNoAxeViolations(page);

		await page.getByRole('button', { name: 'English' }).click();
		const english = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
		expect(english).not.toEqual(german);
		// Same emoji (the same pictures, by their SAS number), other names.
		const pictures = (list: Locator) =>
			list
				.getByRole('listitem')
				.locator('img')
				.evaluateAll((imgs) => imgs.map((i) => /(\d+)-[^/]*$/.exec((i as HTMLImageElement).src)?.[1]));
		expect(await pictures(panel(page).getByRole('list', { name: 'Emoji to compare' }))).toEqual(
			await pictures(page.getByRole('region', { name: 'Call with Bob' }).getByRole('list'))
		);
		expect(english).toHaveLength(german.length);
		expect(await emojiOf(page.getByRole('region', { name: 'Call with Bob' }).getByRole('list'))).toEqual(
			english
		);
	});

	test('when the encryption engine cannot load, says so instead of showing a blank page', async ({
		page,
		watched
	}) => {
		await page.route('**/*.wasm', (route) => route.abort());
		await page.goto('/sandbox');
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('The sandbox could not start', { timeout: 30_000 });
		await expect(alert.getByRole('button', { name: 'Reload page' })).toBeVisible();
		await expectNoAxeViolations(page);
		// The failed fetch is expected here.
		watched.errors.length = 0;
	});
});
