/**
 * Lesson 3 as a learner does it: sign in on the Laptop, ask to verify it with another device, accept on the Phone,
 * compare the emoji of both screens, and press "They match" on both. Reads the emoji from both devices' lists.
 */
import {
	askPhoneFromLaptop,
	confirmLaptopWithPhone2026,
	confirmOnLaptopThenPhone,
	expect,
	test
} from '../lesson-fixtures';

test.describe('lesson 3: verify your own new device', () => {
	test('a learner verifies the new Laptop from the Phone by emoji', async ({ page, learner }) => {
		const { lesson } = await learner.startLesson('verify-new-device', 'Verify your own new device', 4);
		await learner.expectNoAxeViolations();

		const devices = page.getByRole('group', { name: 'Your devices' });
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(devices.getByRole('button', { name: 'Laptop' })).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await learner.expectStep(2, 4);

		await page.getByRole('button', { name: 'Verify with another device' }).click();
		await expect(page.getByText('Waiting for you to accept on your other device…')).toBeVisible();
		await devices.getByRole('button', { name: 'Phone' }).click();
		const toast = page.getByRole('group', { name: 'Verification requested' });
		await expect(toast).toContainText('Laptop (LAPTOP)');
		await toast.getByRole('button', { name: 'Verify Session' }).click();
		await learner.expectStep(3, 4);

		const phoneDialog = page.getByRole('dialog', { name: 'Verify session' });
		await phoneDialog.getByRole('button', { name: 'Verify by emoji' }).click();
		const onPhone = await learner.emojiOf(phoneDialog.getByRole('list', { name: 'Emoji to compare' }));
		await learner.expectStep(4, 4);
		await devices.getByRole('button', { name: 'Laptop' }).click();
		const onLaptop = await learner.emojiOf(page.getByRole('list', { name: 'Emoji to compare' }));
		expect(onLaptop).toEqual(onPhone);
		await learner.expectNoAxeViolations();

		await confirmOnLaptopThenPhone(page, phoneDialog);

		await learner.expectLessonComplete();
		await devices.getByRole('button', { name: 'Laptop' }).click();
		await expect(page.getByText('Device verified')).toBeVisible();
		await page.getByRole('button', { name: 'Got it' }).click();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
		await expect(lesson.getByRole('region', { name: 'Lesson complete' })).toContainText(
			"“I'll verify later” leaves the device unverified"
		);
		await learner.expectNoAxeViolations();
	});

	test('"They don\'t match" is explained, and the learner verifies again', async ({ page, learner }) => {
		await learner.openLesson('verify-new-device');
		const devices = page.getByRole('group', { name: 'Your devices' });
		await page.getByRole('button', { name: 'Sign in on another device' }).click();

		let phoneDialog = await askPhoneFromLaptop(page);
		await learner.expectStep(4, 4);
		await phoneDialog.getByRole('button', { name: "They don't match" }).click();
		await learner.expectMistakeThenRetry(["You pressed “They don't match”"], 30_000);
		await learner.expectStep(4, 4);

		// Both devices say that the verification stopped; "OK" brings the Laptop back to its choices.
		const notSecure = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
		await notSecure.getByRole('button', { name: 'OK' }).click();
		if (await phoneDialog.isVisible()) await phoneDialog.getByRole('button', { name: 'OK' }).click();
		await devices.getByRole('button', { name: 'Laptop' }).click();
		await notSecure.getByRole('button', { name: 'OK' }).click();
		await page.getByRole('button', { name: 'OK' }).click();
		await expect(page.getByRole('button', { name: 'Verify with another device' })).toBeVisible();

		phoneDialog = await askPhoneFromLaptop(page);
		await phoneDialog.getByRole('button', { name: 'They match' }).click();
		await devices.getByRole('button', { name: 'Laptop' }).click();
		await page.getByRole('button', { name: 'They match' }).click();
		await learner.expectLessonComplete();
		await learner.expectNoAxeViolations();
	});
	test('"I\'ll verify later" is explained with the way back: the Laptop\'s "Verify this session" notice', async ({
		page,
		learner
	}) => {
		await learner.openLesson('verify-new-device');
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await learner.expectStep(2, 4);
		await page.getByRole('button', { name: 'Skip verification for now' }).click();
		await page
			.getByRole('alertdialog', { name: 'Are you sure?' })
			.getByRole('button', { name: "I'll verify later" })
			.click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toHaveCount(0);

		await learner.expectMistakeThenRetry(["You chose “I'll verify later”", '“Verify this session” notice']);

		// The way back is there, as the explanation says.
		await page
			.getByRole('group', { name: 'Verify this session' })
			.getByRole('button', { name: 'Verify', exact: true })
			.click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await page.getByRole('button', { name: 'Verify with another device' }).click();
		await expect(page.getByText('Waiting for you to accept on your other device…')).toBeVisible();
		await learner.expectStep(2, 4);
	});

	test('2026: the Laptop’s “Confirm your digital identity” → “Use another device”, confirmed from the Phone', async ({
		page,
		learner
	}) => {
		await learner.startLesson('verify-new-device', 'Verify your own new device', 4);
		await learner.signInToConfirm();
		await learner.expectStep(2, 4);
		await learner.expectStepSays('press “Use another device”');
		await confirmLaptopWithPhone2026(page);
		await learner.expectSummarySays('must confirm your digital identity');
	});
});
