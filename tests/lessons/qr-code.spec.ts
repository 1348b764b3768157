/**
 * Lesson 12 as a learner does it: start a verification with Bob, ask him to scan the QR code on the learner's screen
 * (he waits to be asked); "No" is explained and tried again; then "Yes" verifies Bob and the chat turns green.
 */
import { expect, test, type Learner } from '../lesson-fixtures';

async function startVerification(learner: Learner) {
	await learner.startVerification();
	// Bob accepts; the panel shows the learner's code.
	await expect(learner.panel().getByRole('img', { name: 'QR code for verification' })).toBeVisible({
		timeout: 20_000
	});
}

/** "Ask Bob to scan your code": the suggested reply in the chat. */
async function askBobToScan(learner: Learner) {
	await learner.reply('Please scan my QR code.');
}

test.describe('lesson 12: verify with a QR code', () => {
	// Two verifications with Bob's human delays (accepting, pointing his phone): more than the default minute when
	// tests run side by side.
	test.describe.configure({ timeout: 90_000 });
	test('Bob scans the code; "No" is explained and retried; "Yes" verifies him', async ({
		page,
		learner
	}, testInfo) => {
		const { nav } = await learner.startLesson('qr-code', 'Verify with a QR code', 3);

		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await startVerification(learner);
		await expect(learner.panel().getByText('Ask Bob to scan your code:')).toBeVisible();
		await learner.expectStep(2, 3);
		await page.screenshot({ path: testInfo.outputPath('lesson-12-in-progress.png') });
		await askBobToScan(learner);

		// Asked, Bob's phone scans it: "Is Bob showing the same shield?"
		await expect(learner.panel().getByText('Is Bob showing the same shield?')).toBeVisible({
			timeout: 20_000
		});
		await learner.expectStep(3, 3);
		await expect(page.getByText(/Scanned your code/)).toBeVisible({ timeout: 10_000 });

		// "No": cancelled, explained, and tried again in place.
		await learner.panel().getByRole('button', { name: 'No', exact: true }).click();
		await learner.expectMistakeThenRetry(['You pressed “No”']);
		await expect(learner.panel().getByText('You cancelled verification.', { exact: false })).toBeVisible();
		await learner.panel().getByRole('button', { name: 'OK', exact: true }).click();

		await startVerification(learner);
		await askBobToScan(learner);
		await expect(learner.panel().getByText('Is Bob showing the same shield?')).toBeVisible({
			timeout: 20_000
		});
		await learner.panel().getByRole('button', { name: 'Yes', exact: true }).click();
		await expect(learner.panel().getByText("You've successfully verified Bob!")).toBeVisible();

		await learner.expectLessonComplete();
		await learner.expectSummaryShields('Green shield');
		await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
			'Everyone in this room is verified'
		);
		await page.screenshot({ path: testInfo.outputPath('lesson-12-summary.png') });
		await learner.expectNoAxeViolations();
	});

	test('"Verify by emoji" out of habit is explained; the lesson sets the verification up again', async ({
		page,
		learner
	}) => {
		await learner.openLesson('qr-code');
		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await startVerification(learner);
		await learner.pressVerifyByEmoji();
		await learner.expectMistakeThenRetry(['You chose “Verify by emoji”'], 30_000);
		await learner.expectStep(2, 3);

		// The verification was started again: asked, Bob scans the new code.
		await learner.openRoom('Bob');
		await askBobToScan(learner);
		await learner.expectStep(3, 3);
		await expect(page.getByText(/Scanned your code/)).toBeVisible({ timeout: 10_000 });
		await page.screenshot({ path: test.info().outputPath('lesson-12-rebuilt.png') });
		await page.getByRole('button', { name: 'View' }).click();
		await learner.panel().getByRole('button', { name: 'Yes', exact: true }).click();
		await learner.expectLessonComplete();
	});

	test('2026: “Verify User”, Bob scans the code, “Yes”: the chat says “Verified”', async ({ learner }) => {
		await learner.startLesson(
			'qr-code',
			'Verify with a QR code',
			3,
			'“Room info” → “People” → Bob → “Verify User”'
		);
		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await startVerification(learner);
		await learner.expectStep(2, 3);
		await askBobToScan(learner);
		await expect(learner.panel().getByText('Is Bob showing the same shield?')).toBeVisible({
			timeout: 20_000
		});
		await learner.panel().getByRole('button', { name: 'Yes', exact: true }).click();

		await learner.expectSummarySays('Then your chat with Bob says “Verified”');
		await expect(learner.headerMark('Bob')).toHaveAccessibleName('Verified');
	});
});
