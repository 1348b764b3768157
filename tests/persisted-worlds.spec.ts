/**
 * The sandbox survives a reload: it is kept in the browser (the crypto in the library's IndexedDB stores, the
 * homeserver and the contacts as stored state) and comes back without replaying anything. A verification that was
 * under way is cancelled, with Bob saying so, and can be started again.
 */
import type { Page } from '@playwright/test';
import {
	emojiOf,
	expect,
	openProfile,
	openRoom,
	openSandbox,
	panel,
	test,
	verifyByEmoji
} from './sandbox-fixtures';

const RESTORED = 'Your sandbox is back as you left it. “Reset sandbox” starts it afresh.';
const VERIFIED = 'Everyone in this room is verified';

/** Whether the browser keeps a sandbox world; with `age`, it is made to look as if an older version had kept it. */
function keptSandbox(page: Page, age: boolean): Promise<boolean> {
	return page.evaluate(
		(age) =>
			new Promise<boolean>((resolve, reject) => {
				const open = indexedDB.open('e2ee-trainer-worlds');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const store = open.result.transaction('worlds', 'readwrite').objectStore('worlds');
					const get = store.get('sandbox');
					get.onsuccess = () => {
						const world = get.result as { version: number } | undefined;
						if (!world || !age) return resolve(world !== undefined);
						store.put({ ...world, version: world.version - 1 }, 'sandbox').onsuccess = () => resolve(true);
					};
				};
			}),
		age
	);
}

test.describe('a kept sandbox', () => {
	test('after a reload: the new encrypted room, its message and verified Bob are there', async ({ page }) => {
		const nav = await openSandbox(page);
		await nav.getByRole('button', { name: 'Add room' }).click();
		await page.getByRole('menuitem', { name: 'New room' }).click();
		const dialog = page.getByRole('dialog', { name: 'Create a private room' });
		await dialog.getByLabel('Name').fill('Secret plans');
		await dialog.getByRole('button', { name: 'Create room' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Secret plans' })).toBeVisible();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Kept across a reload');
		await composer.press('Enter');
		await expect(page.getByText('Kept across a reload')).toBeVisible();

		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		const mine = await verifyByEmoji(panel(page));
		await emojiOf(mine);
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(VERIFIED);

		await page.reload();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 120_000 });
		await expect(page.getByRole('status').filter({ hasText: RESTORED })).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(VERIFIED);
		await openRoom(page, 'Secret plans');
		await expect(page.getByText('Kept across a reload')).toBeVisible();
		await expect(page.getByText('Encryption enabled')).toBeVisible();

		// "Reset sandbox" throws it away: the next start is fresh, without the room.
		await page.getByRole('button', { name: 'Reset sandbox' }).click();
		await page
			.getByRole('alertdialog', { name: 'Reset the sandbox?' })
			.getByRole('button', { name: 'Reset' })
			.click();
		await expect(nav.getByRole('button', { name: 'Bob' })).toBeVisible({ timeout: 120_000 });
		await expect(nav.getByRole('button', { name: 'Secret plans' })).toHaveCount(0);
		await page.reload();
		await expect(page.getByRole('status').filter({ hasText: RESTORED })).toBeVisible({ timeout: 120_000 });
		await expect(nav.getByRole('button', { name: 'Book club' })).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Secret plans' })).toHaveCount(0);
	});

	test('a reload in the middle of a verification cancels it, Bob says so, and it can be started again', async ({
		page
	}) => {
		await openSandbox(page);
		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await verifyByEmoji(panel(page));

		await page.reload();
		await expect(page.getByRole('status').filter({ hasText: RESTORED })).toBeVisible({ timeout: 120_000 });
		await openRoom(page, 'Bob');
		await expect(page.getByText('Okay, verification cancelled. We can do it another time.')).toBeVisible({
			timeout: 30_000
		});
		await openProfile(page, 'Bob');
		await expect(panel(page).getByText('You have not verified this user.').first()).toBeVisible();
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await verifyByEmoji(panel(page));
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
	});

	test('a sandbox kept by an older version of the course is discarded with a notice, and a fresh one starts', async ({
		page
	}) => {
		const nav = await openSandbox(page);
		// The new sandbox is kept once its set-up is done.
		await expect.poll(() => keptSandbox(page, false), { timeout: 30_000 }).toBe(true);
		// Leave it (its worker ends with the page, so it cannot save over what follows), then make the kept world what
		// an older version of the course left behind: the same world under another version number.
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		expect(await keptSandbox(page, true)).toBe(true);
		await page.goto('/sandbox');
		await expect(
			page.getByRole('status').filter({ hasText: 'made by an older version of the course' })
		).toBeVisible({ timeout: 120_000 });
		await expect(nav.getByRole('button', { name: 'Bob' })).toBeVisible();
		await openRoom(page, 'Bob');
		await expect(page.getByPlaceholder('Send an encrypted message…')).toBeEnabled();
	});
});
