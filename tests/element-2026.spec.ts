/**
 * Today's Element (the 2026 edition, chosen by the link `?element=2026`) in the sandbox, used as a learner would:
 * no shield on a group room or in the room list, one room list with filters, the composer hint that marks the
 * unencrypted room, the
 * "New conversation" menu, and "Verify User" turning into "Verified" (and the DM's header "Verified") after
 * comparing emoji with Bob. One world for all of it: a world takes seconds to start.
 */
import {
	emojiOf,
	expect,
	expectNoAxeViolations,
	openProfile,
	openRoom,
	panel,
	test,
	verifyByEmoji
} from './sandbox-fixtures';

test('the 2026 edition: shields only on a DM, the flipped composer hint, "New conversation", "Verify User" → "Verified"', async ({
	page
}) => {
	await page.goto('/sandbox?element=2026');
	const nav = page.getByRole('navigation', { name: 'Rooms' });
	await expect(nav).toBeVisible({ timeout: 120_000 });
	const headerMarks = (name: string) =>
		page.getByRole('heading', { level: 2, name, exact: true }).locator('..').getByRole('img');

	// No shield in the room list, not even on the encrypted DM with Bob.
	await expect(nav.getByRole('button', { name: 'Bob' })).toBeVisible();
	await expect(nav.getByRole('img')).toHaveCount(0);

	// One list of every chat, narrowed by the filters: People (DMs), Rooms (groups), Invites; pressed again, all.
	const filters = nav.getByRole('listbox', { name: 'Room list filters' });
	await expect(filters.getByRole('option')).toHaveText(['People', 'Rooms', 'Invites']);
	await filters.getByRole('option', { name: 'People' }).click();
	await expect(filters.getByRole('option', { name: 'People' })).toHaveAttribute('aria-selected', 'true');
	await expect(nav.getByRole('button', { name: 'Book club' })).toHaveCount(0);
	await expect(nav.getByRole('button', { name: 'Bob' })).toBeVisible();
	await filters.getByRole('option', { name: 'Rooms' }).click();
	await expect(nav.getByRole('button', { name: 'Bob' })).toHaveCount(0);
	await expect(nav.getByRole('button', { name: 'Book club' })).toBeVisible();
	await filters.getByRole('option', { name: 'Invites' }).click();
	await expect(nav.getByText('No invites')).toBeVisible();
	await nav.getByRole('button', { name: 'Show all chats' }).click();
	await expect(filters.getByRole('option', { selected: true })).toHaveCount(0);
	await expect(nav.getByRole('button', { name: 'Book club' })).toBeVisible();

	// "+" is "New conversation": "Start chat" and "New room", which open the dialogs the client always had.
	await nav.getByRole('button', { name: 'New conversation' }).click();
	await expect(page.getByRole('menu', { name: 'New conversation' }).getByRole('menuitem')).toHaveText([
		'Start chat',
		'New room'
	]);
	await page.getByRole('menuitem', { name: 'Start chat' }).click();
	await expect(page.getByRole('dialog', { name: 'Start chat' })).toBeVisible();
	await page.keyboard.press('Escape');

	// A plain group room: no shield, and the composer marks the exception.
	await openRoom(page, 'Book club');
	await expect(page.getByRole('textbox', { name: 'Send an unencrypted message…' })).toBeVisible();
	await expect(headerMarks('Book club')).toHaveCount(0);

	// The encrypted DM says just "Send a message…"; nobody verified yet, so no mark in its header.
	await openRoom(page, 'Bob');
	await expect(page.getByRole('textbox', { name: 'Send a message…' })).toBeVisible();
	await expect(headerMarks('Bob')).toHaveCount(0);

	await openProfile(page, 'Bob');
	await panel(page).getByRole('button', { name: 'Verify User' }).click();
	await expect(panel(page).getByRole('heading', { name: 'Verify User' })).toBeVisible();
	await panel(page).getByRole('button', { name: 'Start Verification' }).click();
	const mine = await emojiOf(await verifyByEmoji(panel(page)));
	const call = page.getByRole('region', { name: 'Call with Bob' });
	expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
	await panel(page).getByRole('button', { name: 'They match' }).click();
	await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
	await call.getByRole('button', { name: 'Hang up' }).click();
	await panel(page).getByRole('button', { name: 'Got it' }).click();

	// What the world now knows: Bob is verified. His profile says "Verified", the DM's header too, the composer
	// shows the green mark; the room list still shows no shield.
	await expect(panel(page).getByText('Verified', { exact: true })).toBeVisible();
	await expect(panel(page).getByRole('button', { name: 'Verify User' })).toHaveCount(0);
	await expect(headerMarks('Bob')).toHaveAccessibleName('Verified');
	await expect(headerMarks('Bob')).toHaveText('Verified'); // the word, written beside its icon
	await expect(page.getByRole('img', { name: 'Everyone in this room is verified' })).toBeVisible();
	await expect(nav.getByRole('img')).toHaveCount(0);
	await expectNoAxeViolations(page);
});
