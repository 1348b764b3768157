/**
 * Lesson 10 as a learner does it: a man in the middle relays the verification with Bob, so the emoji on the
 * learner's screen differ from the ones the real Bob reads out in the call (both lists read from the screens). In
 * English the learner first presses "They match" (explained; the situation is set up again), then "They don't
 * match"; in German straight away.
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
import type { Page } from '@playwright/test';

/** Bob's profile → "Verify" → "Start Verification" → "Verify by emoji"; returns both lists (mine, Bob's in the call). */
async function compareWithBob(page: Page, de = false) {
	const t = de
		? {
				rooms: 'Räume',
				people: 'Personen',
				verify: 'Verifizieren',
				start: 'Verifizierung starten',
				emoji: 'Mit Emojis verifizieren',
				list: 'Zu vergleichende Emojis',
				call: 'Anruf mit Bob',
				status: 'Schritt {step} von {total}'
			}
		: {
				rooms: 'Rooms',
				people: 'People',
				verify: 'Verify',
				start: 'Start Verification',
				emoji: 'Verify by emoji',
				list: 'Emoji to compare',
				call: 'Call with Bob',
				status: 'Step {step} of {total}'
			};
	await openRoom(page, 'Bob', t.rooms);
	await openProfile(page, 'Bob', t.people);
	await panel(page).getByRole('button', { name: t.verify, exact: true }).click();
	await panel(page).getByRole('button', { name: t.start }).click();
	await expectStep(page, 2, 3, t.status);
	await panel(page).getByRole('button', { name: t.emoji }).click();
	await expectStep(page, 3, 3, t.status);
	const mine = await emojiOf(panel(page).getByRole('list', { name: t.list }));
	const call = page.getByRole('region', { name: t.call });
	const bobs = await emojiOf(call.getByRole('list', { name: t.list }));
	return { mine, bobs };
}

test.describe("lesson 10: when the emoji don't match", () => {
	test('a learner trusts the man in the middle once, then presses "They don\'t match"', async ({
		page
	}, testInfo) => {
		// Two worlds (the wrong move sets the situation up again): a little longer than the others.
		test.setTimeout(180_000);
		await openLesson(page, 'emoji-mismatch');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: "When the emoji don't match" })).toBeVisible();
		await expectStep(page, 1, 3);

		const first = await compareWithBob(page);
		expect(first.bobs).not.toEqual(first.mine);
		await page.screenshot({ path: testInfo.outputPath('emoji-mismatch-compare.png') });

		// The wrong move: "They match" although the lists differ.
		await panel(page).getByRole('button', { name: 'They match' }).click();
		const mistake = lesson.getByRole('alert').filter({ hasText: 'Not quite' });
		await expect(mistake).toContainText("Your phone now trusts the attacker's keys as Bob's", {
			timeout: 20_000
		});
		await expect(mistake).toContainText('The lesson sets the situation up again');
		await expectNoAxeViolations(page);
		await mistake.getByRole('button', { name: 'Try again' }).click();
		await expect(mistake).toHaveCount(0);
		await expectStep(page, 1, 3);
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });

		const second = await compareWithBob(page);
		expect(second.bobs).not.toEqual(second.mine);
		await panel(page).getByRole('button', { name: "They don't match" }).click();
		const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await expect(warning.getByText('your homeserver')).toBeVisible();
		await warning.getByRole('button', { name: 'OK' }).click();

		await expectLessonComplete(page);
		await expect(
			page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: 'Bob' }).getByRole('img')
		).toHaveAccessibleName('This room is end-to-end encrypted');
		await lesson.getByRole('region', { name: 'Lesson complete' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('emoji-mismatch-summary.png') });
		await expectNoAxeViolations(page);
	});

	test('auf Deutsch: „Sie passen nicht zueinander“', async ({ page }) => {
		await useGerman(page);
		await openLesson(page, 'emoji-mismatch', 'Räume');
		const lesson = lessonPanel(page, 'Lektion');
		await expect(
			lesson.getByRole('heading', { level: 1, name: 'Wenn die Emojis nicht übereinstimmen' })
		).toBeVisible();
		await expectStep(page, 1, 3, 'Schritt {step} von {total}');

		const { mine, bobs } = await compareWithBob(page, true);
		expect(bobs).not.toEqual(mine);
		await panel(page).getByRole('button', { name: 'Sie passen nicht zueinander' }).click();
		const warning = page.getByRole('alertdialog', { name: 'Deine Nachrichten sind nicht sicher' });
		await warning.getByRole('button', { name: 'OK' }).click();

		await expectLessonComplete(page, 'Lektion geschafft', 'Lektion');
		await expect(lesson.getByRole('img', { name: 'Graues Schild' })).toBeVisible();
		await expectNoAxeViolations(page);
	});
});
