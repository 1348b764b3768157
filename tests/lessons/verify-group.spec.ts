/**
 * Lesson 7 as a learner does it: "Book club" stays grey until Bob, Carol and Dave are verified, each by emoji
 * (both lists read from the screens). Carol misses the first request: the learner cancels it, writes to her, and
 * sends a new one. The lesson ends when the learner looks at the green "Book club".
 */
import {
	emojiOf,
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openLesson,
	openRoom,
	panel,
	test
} from '../lesson-fixtures';
import type { Page } from '@playwright/test';

/**
 * A member's profile from the member list: opens "People" unless the list is already showing (the client keeps the
 * right panel when the room changes, and "People" would close it again).
 */
async function openMember(page: Page, name: string) {
	const member = panel(page).getByRole('button', { name: new RegExp(`^${name}`) });
	if (!(await member.isVisible())) await page.getByRole('button', { name: 'People', exact: true }).click();
	await member.click();
	await expect(panel(page).getByRole('heading', { name, exact: true })).toBeVisible();
}

/** From the open profile: "Verify" → "Start Verification" → "Verify by emoji", compare with the call, "They match". */
async function verifyByEmoji(page: Page, name: string) {
	await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
	await panel(page).getByRole('button', { name: 'Start Verification' }).click();
	await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
	const mine = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
	const call = page.getByRole('region', { name: `Call with ${name}` });
	expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
	await panel(page).getByRole('button', { name: 'They match' }).click();
	await expect(panel(page).getByText(`You've successfully verified ${name}!`)).toBeVisible();
	await panel(page).getByRole('button', { name: 'Got it' }).click();
	await call.getByRole('button', { name: 'Hang up' }).click();
	// The ended call shrinks to one line ("You hung up on …" and the way to call again); it hides nothing.
	await expect(page.getByRole('region', { name: `You hung up on ${name}` })).toBeVisible();
}

test.describe('lesson 7: verify everyone in a group', () => {
	test('a learner verifies Bob, Carol (who misses the first request) and Dave: "Book club" turns green', async ({
		page
	}, testInfo) => {
		// Three verifications and a missed request, each waiting on a contact: well above its ~60 s on a quiet machine.
		test.setTimeout(240_000);
		const nav = await openLesson(page, 'verify-group');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Verify everyone in a group' })).toBeVisible();
		await expectStep(page, 1, 5);
		const shield = nav.getByRole('button', { name: 'Book club' }).getByRole('img');
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		await openRoom(page, 'Book club');
		await openMember(page, 'Bob');
		await verifyByEmoji(page, 'Bob');
		await expectStep(page, 2, 5);
		// One of three verified: still grey.
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		await openRoom(page, 'Book club');
		await openMember(page, 'Carol');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await expect(panel(page).getByText('Waiting for Carol to accept…')).toBeVisible();
		await expectStep(page, 3, 5);
		await page.screenshot({ path: testInfo.outputPath('verify-group-carol.png') });
		await panel(page).getByRole('button', { name: 'Cancel' }).click();
		await panel(page).getByRole('button', { name: 'OK' }).click();
		// The request opened the chat with Carol: write to her there.
		await expect(page.getByRole('region', { name: 'Carol', exact: true })).toBeVisible();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Do you have a minute to verify?');
		await composer.press('Enter');
		await expectStep(page, 4, 5);

		await openMember(page, 'Carol');
		await verifyByEmoji(page, 'Carol');
		await expectStep(page, 5, 5);

		await openRoom(page, 'Book club');
		await openMember(page, 'Dave');
		await verifyByEmoji(page, 'Dave');
		// Verified from the chat with Dave: the lesson waits until the learner looks at "Book club" again.
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		await expectStep(page, 5, 5);
		await openRoom(page, 'Book club');

		await expectLessonComplete(page);
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		const summary = lesson.getByRole('region', { name: 'Lesson complete' });
		await expect(summary.getByRole('img', { name: 'Grey shield' })).toBeVisible();
		await expect(summary.getByRole('img', { name: 'Green shield' })).toBeVisible();
		await lesson.getByRole('region', { name: 'Lesson complete' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('verify-group-summary.png') });
		await expectNoAxeViolations(page);
	});
});
