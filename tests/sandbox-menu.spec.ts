/**
 * The instructor's menu in the sandbox ("Practice situations"): add a persona or a crowd to the running world.
 * The crowd's people are real devices built in the worker while the page stays usable.
 */
import { expect, openRoom, openSandbox, test } from './sandbox-fixtures';

test.describe('the sandbox menu', () => {
	test('adds a crowd room of 30 people with progress, and the room is encrypted for all of them', async ({
		page
	}) => {
		test.setTimeout(150_000);
		const nav = await openSandbox(page);
		await openRoom(page, 'Bob');
		await page.getByRole('button', { name: 'Practice situations' }).click();
		await page.getByRole('menuitem', { name: 'Add a crowd room of 30 people' }).click();

		// Progress while the worker builds the crowd; the page answers in the meantime.
		const progress = page.getByRole('status').filter({ has: page.getByRole('progressbar') });
		await expect(progress).toBeVisible({ timeout: 20_000 });
		const composer = page.getByRole('textbox', { name: 'Send an encrypted message…' });
		await composer.fill('Still typing while the crowd arrives');
		await expect(composer).toHaveValue('Still typing while the crowd arrives');
		await expect(progress).toBeHidden({ timeout: 120_000 });

		// The learner is invited, as in a real crowd room, and accepts.
		await expect(nav.getByText('Town hall')).toBeVisible();
		await nav.getByRole('button', { name: 'Accept' }).click();
		const room = nav.getByRole('button', { name: /Town hall/ });
		await expect(room).toBeVisible();
		await expect(room.getByRole('img')).toHaveAccessibleName('This room is end-to-end encrypted');
		await openRoom(page, 'Town hall');
		await page.getByRole('button', { name: 'People', exact: true }).click();
		await expect(page.getByRole('complementary').getByText(/Members \(3\d\)/)).toBeVisible();
	});

	test('adds Erin, who then appears among the contacts', async ({ page }) => {
		await openSandbox(page);
		await page.getByRole('button', { name: 'Practice situations' }).click();
		await page.getByRole('menuitem', { name: 'Add Erin (she will reset her identity)' }).click();
		await page.getByText('Who is who').click();
		await expect(page.getByRole('term').filter({ hasText: 'Erin' })).toBeVisible({ timeout: 20_000 });
	});
});
