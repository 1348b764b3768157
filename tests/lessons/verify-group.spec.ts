/**
 * Lesson 7 as a learner does it: "Book club" stays grey until Bob, Carol and Dave are verified, each by emoji
 * (both lists read from the screens). Carol misses the first request: the learner cancels it, writes to her, and
 * sends a new one. The lesson ends when the learner looks at the green "Book club".
 */
import type { Locator } from '@playwright/test';
import { expect, test, type Learner } from '../lesson-fixtures';

/**
 * After Carol missed the first request: a message to her in `composer` (step 4), then Carol verified (step 5), and
 * Dave from "Book club".
 */
async function writeToCarolThenVerifyCarolAndDave(learner: Learner, composer: Locator) {
	await composer.fill('Do you have a minute to verify?');
	await composer.press('Enter');
	await learner.expectStep(4, 5);

	await learner.openMember('Carol');
	await learner.verifyWithCallAndHangUp('Carol');
	await learner.expectStep(5, 5);

	await learner.openRoom('Book club');
	await learner.openMember('Dave');
	await learner.verifyWithCallAndHangUp('Dave');
}

test.describe('lesson 7: verify everyone in a group', () => {
	test('a learner verifies Bob, Carol (who misses the first request) and Dave: "Book club" turns green', async ({
		page,
		learner
	}, testInfo) => {
		// Three verifications and a missed request, each waiting on a contact: well above its ~60 s on a quiet machine.
		test.setTimeout(240_000);
		const { nav } = await learner.startLesson('verify-group', 'Verify everyone in a group', 5);
		const shield = nav.getByRole('button', { name: 'Book club' }).getByRole('img');
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		await learner.openRoom('Book club');
		await learner.openMember('Bob');
		await learner.verifyWithCallAndHangUp('Bob');
		await learner.expectStep(2, 5);
		// One of three verified: still grey.
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		await learner.openRoom('Book club');
		await learner.openMember('Carol');
		await learner.startVerification();
		await expect(learner.panel().getByText('Waiting for Carol to accept…')).toBeVisible();
		await learner.expectStep(3, 5);
		await page.screenshot({ path: testInfo.outputPath('verify-group-carol.png') });
		await learner.panel().getByRole('button', { name: 'Cancel' }).click();
		await learner.panel().getByRole('button', { name: 'OK' }).click();
		// The request opened the chat with Carol: write to her there.
		await expect(page.getByRole('region', { name: 'Carol', exact: true })).toBeVisible();
		await writeToCarolThenVerifyCarolAndDave(learner, page.getByPlaceholder('Send an encrypted message…'));
		// Verified from the chat with Dave: the lesson waits until the learner looks at "Book club" again.
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		await learner.expectStep(5, 5);
		await learner.openRoom('Book club');

		await learner.expectLessonComplete();
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		const summary = await learner.expectSummaryShields('Grey shield', 'Green shield');
		await summary.scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('verify-group-summary.png') });
		await learner.expectNoAxeViolations();
	});

	test('2026: Bob, Carol and Dave verified with “Verify User”; each has the green verified mark in the member list', async ({
		page,
		learner
	}) => {
		test.setTimeout(240_000);
		await learner.startLesson(
			'verify-group',
			'Verify everyone in a group',
			5,
			'“People” → Bob → “Verify User”'
		);

		await learner.openRoom('Book club');
		await page.getByRole('button', { name: 'People', exact: true }).click();
		// Nobody verified yet: today's Element marks nobody in the member list (no grey shield as in classic).
		await expect(
			learner
				.panel()
				.getByRole('button', { name: /^Carol/ })
				.getByRole('img')
		).toHaveCount(0);
		await learner.openMember('Bob');
		await learner.verifyWithCallAndHangUp('Bob');
		await learner.expectStep(2, 5);

		await learner.openRoom('Book club');
		await learner.openMember('Carol');
		await learner.startVerification();
		await learner.expectStep(3, 5);
		await learner.panel().getByRole('button', { name: 'Cancel' }).click();
		// Today's Element: the one card for a verification that did not finish.
		await learner.panel().getByRole('button', { name: 'Got it' }).click();
		await writeToCarolThenVerifyCarolAndDave(learner, page.getByRole('textbox', { name: 'Send a message…' }));
		await learner.openRoom('Book club');
		await learner.expectSummarySays('every other person in its member list has the green verified mark');
		// The member list (still open from Dave's profile's room) marks each of them verified.
		await learner.expectMembersVerified(['Bob', 'Carol', 'Dave']);
	});
});
