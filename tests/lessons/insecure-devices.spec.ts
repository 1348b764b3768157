/**
 * The 2026 lesson "Unverified devices are being cut off" as a learner does it, in today's Element with "Exclude
 * insecure devices" on: the new Laptop, put off ("I'll verify later"), shows the Phone's new message as blocked;
 * confirmed with "Use another device", it reads what the Phone writes next.
 */
import { confirmLaptopWithPhone2026, expect, test } from '../lesson-fixtures';

const BLOCKED = 'The sender has blocked you from receiving this message because your device is unverified';

test('2026 lesson: the unconfirmed Laptop is cut off, and reads once confirmed', async ({
	page,
	learner
}) => {
	await learner.startLesson('insecure-devices', 'Unverified devices are being cut off', 4);
	const devices = page.getByRole('group', { name: 'Your devices' });

	// Step 1: the Laptop, put off for now.
	await learner.signInToConfirm();
	await learner.expectStep(2, 4);
	await page.getByRole('button', { name: 'Skip verification for now' }).click();
	await page.getByRole('button', { name: "I'll verify later" }).click();

	// Step 2: the Phone writes; the Laptop gets no key.
	await devices.getByRole('button', { name: 'Phone' }).click();
	await learner.openRoom('Bob');
	const composer = page.getByPlaceholder('Send a message…');
	await composer.fill('Can you see this on the Laptop?');
	await composer.press('Enter');
	await learner.expectStep(3, 4);
	await devices.getByRole('button', { name: 'Laptop' }).click();
	await learner.openRoom('Bob');
	await expect(page.getByText(BLOCKED)).toBeVisible();
	await learner.expectNoAxeViolations();

	// Step 3: confirm the Laptop from its notice, with the Phone.
	await page
		.getByRole('group', { name: 'Verify this device' })
		.getByRole('button', { name: 'Verify', exact: true })
		.click();
	await confirmLaptopWithPhone2026(page);
	await learner.expectStep(4, 4);

	// Step 4: the Phone writes again; the confirmed Laptop reads it.
	await composer.fill('And this one?');
	await composer.press('Enter');
	await learner.expectLessonComplete();
	await devices.getByRole('button', { name: 'Laptop' }).click();
	await page.getByRole('button', { name: 'Got it' }).click();
	await learner.openRoom('Bob');
	await expect(page.getByText('And this one?')).toBeVisible();
	await learner.expectNoAxeViolations();
});
