/**
 * Lesson 6 as a learner does it: from Bob's profile "Verify" → "Start Verification", "Verify by emoji", compare the
 * emoji with the ones Bob reads out in the call (both lists read from the screens), "They match": the chat turns
 * green. In English with the wrong move ("They don't match" on the real Bob, explained, tried again), and in German.
 */
import {
	emojiOf,
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openLesson,
	openProfile,
	openRoom,
	panel,
	test,
	useGerman
} from '../lesson-fixtures';

test.describe('lesson 6: verify a contact by emoji', () => {
	test('a learner verifies Bob by emoji, after once pressing "They don\'t match" by mistake', async ({
		page
	}, testInfo) => {
		// Two verifications and a wrong move: a little longer than the others.
		test.setTimeout(180_000);
		const nav = await openLesson(page, 'verify-contact');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Verify a contact by emoji' })).toBeVisible();
		await expectStep(page, 1, 3);
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'This room is end-to-end encrypted'
		);

		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await expectStep(page, 2, 3);
		await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
		await expectStep(page, 3, 3);

		const call = page.getByRole('region', { name: 'Call with Bob' });
		const mine = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
		expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		await page.screenshot({ path: testInfo.outputPath('verify-contact-compare.png') });

		// The wrong move: the emoji were the same.
		await panel(page).getByRole('button', { name: "They don't match" }).click();
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await warning.getByRole('button', { name: 'OK' }).click();
		const mistake = lesson.getByRole('alert').filter({ hasText: 'Not quite' });
		await expect(mistake).toContainText('Bob read out the same emoji as yours');
		await expectNoAxeViolations(page);
		await mistake.getByRole('button', { name: 'Try again' }).click();
		await expect(mistake).toHaveCount(0);
		await expectStep(page, 3, 3);

		// Again, in place: a new request.
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
		const again = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
		expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(again);
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
		await panel(page).getByRole('button', { name: 'Got it' }).click();

		await expectLessonComplete(page);
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
		const summary = lesson.getByRole('region', { name: 'Lesson complete' });
		await expect(summary.getByRole('img', { name: 'Green shield' })).toBeVisible();
		await expect(summary.getByRole('img', { name: 'Grey shield' })).toBeVisible();
		await lesson.getByRole('region', { name: 'Lesson complete' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('verify-contact-summary.png') });
		await expectNoAxeViolations(page);
	});

	test('auf Deutsch: Bob per Emoji verifizieren', async ({ page }) => {
		await useGerman(page);
		const nav = await openLesson(page, 'verify-contact', 'Räume');
		const lesson = lessonPanel(page, 'Lektion');
		await expect(
			lesson.getByRole('heading', { level: 1, name: 'Einen Kontakt per Emoji verifizieren' })
		).toBeVisible();
		await expectStep(page, 1, 3, 'Schritt {step} von {total}');

		await openRoom(page, 'Bob', 'Räume');
		await openProfile(page, 'Bob', 'Personen');
		await panel(page).getByRole('button', { name: 'Verifizieren', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Verifizierung starten' }).click();
		await expectStep(page, 2, 3, 'Schritt {step} von {total}');
		await panel(page).getByRole('button', { name: 'Mit Emojis verifizieren' }).click();
		await expectStep(page, 3, 3, 'Schritt {step} von {total}');

		const mine = await emojiOf(panel(page).getByRole('list', { name: 'Zu vergleichende Emojis' }));
		const call = page.getByRole('region', { name: 'Anruf mit Bob' });
		expect(await emojiOf(call.getByRole('list', { name: 'Zu vergleichende Emojis' }))).toEqual(mine);
		await panel(page).getByRole('button', { name: 'Sie passen zueinander' }).click();
		await panel(page).getByRole('button', { name: 'Verstanden' }).click();

		await expectLessonComplete(page, 'Lektion geschafft', 'Lektion');
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Alle in diesem Raum sind verifiziert'
		);
		await expect(lesson.getByRole('img', { name: 'Grünes Schild' })).toBeVisible();
		await expectNoAxeViolations(page);
	});
	test('after "Hang up" the box where the call was offers "Call Bob", and Bob reads his emoji again', async ({
		page
	}) => {
		// A verification, a hang-up and a call back: a little longer than the default.
		test.setTimeout(180_000);
		const lesson = lessonPanel(page);
		await openLesson(page, 'verify-contact');
		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
		await panel(page).getByRole('button', { name: 'Start Verification' }).click();
		await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
		await expectStep(page, 3, 3);
		const mine = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));

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
		await expectNoAxeViolations(page);

		await ended.getByRole('button', { name: 'Call Bob' }).click();
		await expect(ended).toHaveCount(0);
		expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
		await panel(page).getByRole('button', { name: 'They match' }).click();
		await expectLessonComplete(page);
	});
});
