/**
 * Lesson 9 as a learner does it: accept the invitation to the big "Town hall", say hello without verifying anyone,
 * then verify Bob by emoji, comparing the learner's list with the one Bob reads out in the call. The town hall stays
 * grey.
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 9: trust first, verify later', () => {
	test('a learner joins the town hall, writes with blind trust, then verifies Bob', async ({
		page,
		learner
	}) => {
		// The crowd is built before the lesson starts: a dozen people with real devices and keys.
		test.setTimeout(120_000);
		const started = Date.now();
		const { nav, lesson } = await learner.openLesson('trust-first', { timeout: 60_000 });
		await expect(lesson.getByRole('heading', { level: 1, name: 'Trust first, verify later' })).toBeVisible();
		await learner.expectStep(1, 3);
		console.info(`trust-first ready after ${Date.now() - started} ms`);
		await learner.expectNoAxeViolations();

		const invite = nav.getByRole('listitem').filter({ hasText: 'Town hall' });
		await invite.getByRole('button', { name: 'Accept' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Town hall', exact: true })).toBeVisible();
		await learner.expectStep(2, 3);

		await learner.reply('Hello everyone!');
		await learner.expectStep(3, 3);
		const shield = learner.headerMark('Town hall');
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');

		// Bob is one of fourteen: the learner verifies him, comparing with what he reads out in the call.
		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.pressVerifyByEmoji();
		const call = await learner.compareWithCall('Bob');
		await page.screenshot({ path: 'test-results/trust-first-in-progress.png' });
		await learner.confirmMatch('Bob');
		await call.getByRole('button', { name: 'Hang up' }).click();

		await learner.expectLessonComplete();
		await nav.getByRole('button', { name: /Town hall/ }).click();
		await expect(shield).toHaveAccessibleName('This room is end-to-end encrypted');
		await learner.expectSummaryShields('Grey shield');
		await page.screenshot({ path: 'test-results/trust-first-summary.png' });
		await learner.expectNoAxeViolations();
	});

	test('2026: the town hall says “Send a message…”, nobody “Verified” until Bob is', async ({
		page,
		learner
	}) => {
		test.setTimeout(120_000);
		const { nav } = await learner.startLesson('trust-first', 'Trust first, verify later', 3);
		await nav
			.getByRole('listitem')
			.filter({ hasText: 'Town hall' })
			.getByRole('button', { name: 'Accept' })
			.click();
		await learner.expectStep(2, 3);
		await expect(page.getByRole('textbox', { name: 'Send a message…' })).toBeVisible();
		await learner.reply('Hello everyone!');
		await learner.expectStep(3, 3);
		await learner.expectStepSays('“People” → Bob → “Verify User”');

		await learner.openProfile('Bob');
		await learner.verifyWithCall('Bob');

		await learner.expectSummarySays('only a few people have the green verified mark is normal');
		await expect(learner.headerMark('Town hall')).toHaveCount(0);
	});
});
