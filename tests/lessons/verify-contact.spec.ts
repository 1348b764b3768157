/**
 * Lesson 6 as a learner does it: from Bob's profile "Verify" → "Start Verification", "Verify by emoji", compare the
 * emoji with the ones Bob reads out in the call (both lists read from the screens), "They match": the chat turns
 * green. In English with the wrong move ("They don't match" on the real Bob, explained, tried again), and in German.
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 6: verify a contact by emoji', () => {
	test('a learner verifies Bob by emoji, after once pressing "They don\'t match" by mistake', async ({
		page,
		learner
	}, testInfo) => {
		// Two verifications and a wrong move: a little longer than the others.
		test.setTimeout(180_000);
		const { nav } = await learner.startLesson('verify-contact', 'Verify a contact by emoji', 3);
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'This room is end-to-end encrypted'
		);

		await learner.requestEmojiVerification('Bob', 3);

		const call = page.getByRole('region', { name: 'Call with Bob' });
		const mine = await learner.myEmoji();
		expect(await learner.emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		await page.screenshot({ path: testInfo.outputPath('verify-contact-compare.png') });

		// The wrong move: the emoji were the same.
		await learner.panel().getByRole('button', { name: "They don't match" }).click();
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await warning.getByRole('button', { name: 'OK' }).click();
		await learner.expectMistakeThenRetry(['Bob read out the same emoji as yours']);
		await learner.expectStep(3, 3);

		// Again, in place: a new request.
		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.pressVerifyByEmoji();
		const again = await learner.myEmoji();
		expect(await learner.emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(again);
		await learner.confirmMatch('Bob');

		await learner.expectLessonComplete();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
		const summary = await learner.expectSummaryShields('Green shield', 'Grey shield');
		await summary.scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('verify-contact-summary.png') });
		await learner.expectNoAxeViolations();
	});

	test('auf Deutsch: Bob per Emoji verifizieren', async ({ page, learner }) => {
		await learner.useGerman();
		const { nav, lesson } = await learner.startLesson(
			'verify-contact',
			'Einen Kontakt per Emoji verifizieren',
			3
		);

		await learner.requestEmojiVerification('Bob', 3);

		const mine = await learner.myEmoji();
		const call = page.getByRole('region', { name: 'Anruf mit Bob' });
		expect(await learner.emojiOf(call.getByRole('list', { name: 'Zu vergleichende Emojis' }))).toEqual(mine);
		await learner.panel().getByRole('button', { name: 'Sie passen zueinander' }).click();
		await learner.panel().getByRole('button', { name: 'Verstanden' }).click();

		await learner.expectLessonComplete();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Alle in diesem Raum sind verifiziert'
		);
		await expect(lesson.getByRole('img', { name: 'Grünes Schild' })).toBeVisible();
		await learner.expectNoAxeViolations();
	});
	test('after "Hang up" the box where the call was offers "Call Bob", and Bob reads his emoji again', async ({
		page,
		learner
	}) => {
		// A verification, a hang-up and a call back: a little longer than the default.
		test.setTimeout(180_000);
		const { lesson } = await learner.openLesson('verify-contact');
		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.pressVerifyByEmoji();
		await learner.expectStep(3, 3);
		const mine = await learner.myEmoji();

		const call = page.getByRole('region', { name: 'Call with Bob' });
		await call.getByRole('button', { name: 'Hang up' }).click();
		await expect(call).toHaveCount(0);
		const ended = page.getByRole('region', { name: 'You hung up on Bob' });
		await expect(ended.getByRole('list', { name: 'Emoji to compare' })).toHaveCount(0);
		// The hint says where the way back is.
		await lesson.getByRole('button', { name: 'Show a hint' }).click();
		await expect(lesson.getByRole('list', { name: 'Hints' })).toContainText(
			'If you hung up, press “Call Bob”'
		);
		await page.screenshot({ path: 'screenshots/steps/lesson-06-hung-up.png' });
		await learner.expectNoAxeViolations();

		await ended.getByRole('button', { name: 'Call Bob' }).click();
		await expect(ended).toHaveCount(0);
		expect(await learner.emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		await learner.panel().getByRole('button', { name: 'They match' }).click();
		await learner.expectLessonComplete();
	});

	test('2026: “Verify User” → emoji compared with the call → the chat says “Verified”', async ({
		learner
	}) => {
		await learner.startLesson(
			'verify-contact',
			'Verify a contact by emoji',
			3,
			'“People” → Bob → “Verify User” → “Start Verification”'
		);
		await learner.requestEmojiVerification('Bob', 3);
		await learner.compareWithCall('Bob');
		await learner.confirmMatch('Bob');

		await learner.expectSummarySays('your chat with Bob says “Verified” in its header');
		await expect(learner.headerMark('Bob')).toHaveAccessibleName('Verified');
	});
});
