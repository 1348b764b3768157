/**
 * Lesson 12 as a learner does it: start a verification with Bob, ask him to scan the QR code on the learner's screen
 * (he waits to be asked); "No" is explained and tried again; then "Yes" verifies Bob and the chat turns green.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openLesson,
	openProfile,
	openRoom,
	panel,
	test
} from '../lesson-fixtures';

async function startVerification(page: Page) {
	await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
	await panel(page).getByRole('button', { name: 'Start Verification' }).click();
	// Bob accepts; the panel shows the learner's code.
	await expect(panel(page).getByRole('img', { name: 'QR code for verification' })).toBeVisible({
		timeout: 20_000
	});
}

/** "Ask Bob to scan your code": the suggested reply in the chat. */
async function askBobToScan(page: Page) {
	await page
		.getByRole('group', { name: 'Suggested replies' })
		.getByRole('button', { name: 'Please scan my QR code.' })
		.click();
}

test.describe('lesson 12: verify with a QR code', () => {
	// Two verifications with Bob's human delays (accepting, pointing his phone): more than the default minute when
	// tests run side by side.
	test.describe.configure({ timeout: 90_000 });
	test('Bob scans the code; "No" is explained and retried; "Yes" verifies him', async ({
		page
	}, testInfo) => {
		const nav = await openLesson(page, 'qr-code');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Verify with a QR code' })).toBeVisible();
		await expectStep(page, 1, 3);

		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await startVerification(page);
		await expect(panel(page).getByText('Ask Bob to scan your code:')).toBeVisible();
		await expectStep(page, 2, 3);
		await page.screenshot({ path: testInfo.outputPath('lesson-12-in-progress.png') });
		await askBobToScan(page);

		// Asked, Bob's phone scans it: "Is Bob showing the same shield?"
		await expect(panel(page).getByText('Is Bob showing the same shield?')).toBeVisible({ timeout: 20_000 });
		await expectStep(page, 3, 3);
		await expect(page.getByText(/Scanned your code/)).toBeVisible({ timeout: 10_000 });

		// "No": cancelled, explained, and tried again in place.
		await panel(page).getByRole('button', { name: 'No', exact: true }).click();
		const mistake = lesson.getByRole('alert');
		await expect(mistake.getByRole('heading', { name: 'Not quite' })).toBeVisible();
		await expect(mistake).toContainText('You pressed “No”');
		await expectNoAxeViolations(page);
		await mistake.getByRole('button', { name: 'Try again' }).click();
		await expect(mistake).toHaveCount(0);
		await expect(panel(page).getByText('You cancelled verification.', { exact: false })).toBeVisible();
		await panel(page).getByRole('button', { name: 'OK', exact: true }).click();

		await startVerification(page);
		await askBobToScan(page);
		await expect(panel(page).getByText('Is Bob showing the same shield?')).toBeVisible({ timeout: 20_000 });
		await panel(page).getByRole('button', { name: 'Yes', exact: true }).click();
		await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();

		await expectLessonComplete(page);
		const summary = lesson.getByRole('region', { name: 'Lesson complete' });
		await expect(summary.getByRole('img', { name: 'Green shield' })).toBeVisible();
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
		await page.screenshot({ path: testInfo.outputPath('lesson-12-summary.png') });
		await expectNoAxeViolations(page);
	});

	test('"Verify by emoji" out of habit is explained; the lesson sets the verification up again', async ({
		page
	}) => {
		await openLesson(page, 'qr-code');
		const lesson = lessonPanel(page);
		await openRoom(page, 'Bob');
		await openProfile(page, 'Bob');
		await startVerification(page);
		await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
		const mistake = lesson.getByRole('alert');
		await expect(mistake).toContainText('You chose “Verify by emoji”');
		await expectNoAxeViolations(page);
		await mistake.getByRole('button', { name: 'Try again' }).click();
		await expect(mistake).toHaveCount(0, { timeout: 30_000 });
		await expectStep(page, 2, 3);

		// The verification was started again: asked, Bob scans the new code.
		await openRoom(page, 'Bob');
		await askBobToScan(page);
		await expectStep(page, 3, 3);
		await expect(page.getByText(/Scanned your code/)).toBeVisible({ timeout: 10_000 });
		await page.screenshot({ path: test.info().outputPath('lesson-12-rebuilt.png') });
		await page.getByRole('button', { name: 'View' }).click();
		await panel(page).getByRole('button', { name: 'Yes', exact: true }).click();
		await expectLessonComplete(page);
	});
});
