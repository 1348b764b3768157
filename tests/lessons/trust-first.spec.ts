/**
 * Lesson 9 as a learner does it: accept the invitation to the big "Town hall", say hello without verifying anyone,
 * then verify Bob by emoji, comparing the learner's list with the one Bob reads out in the call. The town hall stays
 * grey.
 */
import {
	emojiOf,
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openProfile,
	panel,
	test
} from '../lesson-fixtures';

test.describe('lesson 9: trust first, verify later', () => {
	test('a learner joins the town hall, writes with blind trust, then verifies Bob', async ({ page }) => {
		// The crowd is built before the lesson starts: a dozen people with real devices and keys.
		test.setTimeout(120_000);
		const started = Date.now();
		await page.goto('/lessons/trust-first');
		const nav = page.getByRole('navigation', { name: 'Rooms' });
		await expect(nav).toBeVisible({ timeout: 60_000 });
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Trust first, verify later' })).toBeVisible();
		await expectStep(page, 1, 3);
		console.info(`trust-first ready after ${Date.now() - started} ms`);
		await expectNoAxeViolations(page);

		const invite = nav.getByRole('listitem').filter({ hasText: 'Town hall' });
		await invite.getByRole('button', { name: 'Accept' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Town hall', exact: true })).toBeVisible();
		await expectStep(page, 2, 3);

		await page
			.getByRole('group', { name: 'Suggested replies' })
			.getByRole('button', { name: 'Hello everyone!' })
			.click();
		await expectStep(page, 3, 3);
		const shield = page.getByRole('heading', { level: 2, name: 'Town hall' }).locator('..').getByRole('img');
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		// Bob is one of fourteen: the learner verifies him, comparing with what he reads out in the call.
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
		const mine = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
		const call = page.getByRole('region', { name: 'Call with Bob' });
		expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		await page.screenshot({ path: 'test-results/trust-first-in-progress.png' });
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
		await panel(page).getByRole('button', { name: 'Got it' }).click();
		await call.getByRole('button', { name: 'Hang up' }).click();

		await expectLessonComplete(page);
		await nav.getByRole('button', { name: /Town hall/ }).click();
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');
		const summary = lesson.getByRole('region', { name: 'Lesson complete' });
		await expect(summary.getByRole('img', { name: 'Grey shield' })).toBeVisible();
		await page.screenshot({ path: 'test-results/trust-first-summary.png' });
		await expectNoAxeViolations(page);
	});
});
