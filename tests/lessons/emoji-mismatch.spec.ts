/**
 * Lesson 10 as a learner does it: a man in the middle relays the verification with Bob, so the emoji on the
 * learner's screen differ from the ones the real Bob reads out in the call (both lists read from the screens). In
 * English the learner first presses "They match" (explained; the situation is set up again), then "They don't
 * match"; in German straight away.
 */
import { expect, test, type Learner } from '../lesson-fixtures';

/** Bob's profile → "Verify" → "Start Verification" → "Verify by emoji"; returns both lists (mine, Bob's in the call). */
async function compareWithBob(learner: Learner) {
	await learner.requestEmojiVerification('Bob', 3);
	const mine = await learner.myEmoji();
	const bobs = await learner.emojiInCall('Bob');
	return { mine, bobs };
}

test.describe("lesson 10: when the emoji don't match", () => {
	test('a learner trusts the man in the middle once, then presses "They don\'t match"', async ({
		page,
		learner
	}, testInfo) => {
		// Two worlds (the wrong move sets the situation up again): a little longer than the others.
		test.setTimeout(180_000);
		const { lesson } = await learner.startLesson('emoji-mismatch', "When the emoji don't match", 3);

		const first = await compareWithBob(learner);
		expect(first.bobs).not.toEqual(first.mine);
		await page.screenshot({ path: testInfo.outputPath('emoji-mismatch-compare.png') });

		// The wrong move: "They match" although the lists differ.
		await learner.panel().getByRole('button', { name: 'They match' }).click();
		await learner.expectMistakeThenRetry(
			["Your phone now trusts the attacker's keys as Bob's", 'The lesson sets the situation up again'],
			20_000
		);
		await learner.expectStep(1, 3);
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });

		const second = await compareWithBob(learner);
		expect(second.bobs).not.toEqual(second.mine);
		await learner.panel().getByRole('button', { name: "They don't match" }).click();
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await expect(warning.getByText('your homeserver')).toBeVisible();
		await warning.getByRole('button', { name: 'OK' }).click();

		await learner.expectLessonComplete();
		await expect(
			page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: 'Bob' }).getByRole('img')
		).toHaveAccessibleName('This room is end-to-end encrypted');
		await lesson.getByRole('region', { name: 'Lesson complete' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('emoji-mismatch-summary.png') });
		await learner.expectNoAxeViolations();
	});

	test('auf Deutsch: „Sie passen nicht zueinander“', async ({ page, learner }) => {
		await learner.useGerman();
		const { lesson } = await learner.startLesson('emoji-mismatch', 'Wenn die Emojis nicht übereinstimmen', 3);

		const { mine, bobs } = await compareWithBob(learner);
		expect(bobs).not.toEqual(mine);
		await learner.panel().getByRole('button', { name: 'Sie passen nicht zueinander' }).click();
		const warning = page.getByRole('alertdialog', { name: 'Deine Nachrichten sind nicht sicher' });
		await warning.getByRole('button', { name: 'OK' }).click();

		await learner.expectLessonComplete();
		await expect(lesson.getByRole('img', { name: 'Graues Schild' })).toBeVisible();
		await learner.expectNoAxeViolations();
	});

	test("2026: “Verify User”, the emoji differ from the call, “They don't match”", async ({ learner }) => {
		await learner.startLesson(
			'emoji-mismatch',
			"When the emoji don't match",
			3,
			'“People” → Bob → “Verify User” → “Start Verification”'
		);
		const { mine, bobs } = await compareWithBob(learner);
		expect(bobs).not.toEqual(mine);
		await learner.panel().getByRole('button', { name: "They don't match" }).click();
		// Today's Element: one card for every verification that did not finish, with "Got it".
		await expect(learner.panel().getByText('The verification did not finish')).toBeVisible();
		await learner.panel().getByRole('button', { name: 'Got it' }).click();

		await learner.expectSummarySays("“They don't match” protects you");
		await expect(learner.headerMark('Bob')).toHaveCount(0);
	});
});
