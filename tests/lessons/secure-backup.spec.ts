/**
 * Lesson 2 as a learner does it: set up Secure Backup on the Phone and keep the Security Key, sign in on the Laptop
 * as if the Phone were lost, and open the old chat there with the key alone. Also in German.
 */
import { expect, test } from '../lesson-fixtures';

const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

test.describe('lesson 2: protect your keys', () => {
	test('a learner sets up Secure Backup, then opens the history on the Laptop with the Security Key', async ({
		page,
		learner
	}) => {
		await learner.startLesson('secure-backup', 'Protect your keys', 3);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();
		await learner.expectNoAxeViolations();

		// Settings → Security & Privacy → Secure Backup → "Set up".
		const settings = await learner.openSecuritySettings();
		await settings.getByRole('button', { name: 'Set up' }).click();
		const setup = page.getByRole('dialog', { name: 'Set up Secure Backup' });
		await expect(setup.getByRole('radio', { name: /Generate a Security Key/ })).toBeChecked();
		await setup.getByRole('button', { name: 'Continue' }).click();
		const keyField = setup.getByRole('textbox', { name: 'Security Key' });
		await expect(keyField).toHaveValue(KEY_FORMAT);
		const securityKey = await keyField.inputValue();
		const download = page.waitForEvent('download');
		await setup.getByRole('button', { name: 'Download' }).click();
		expect((await download).suggestedFilename()).toBe('security-key.txt');
		await learner.finishSecureBackup(setup);
		await learner.expectStep(2, 3);

		// The Phone is "lost": sign in on the Laptop.
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await learner.expectStep(3, 3);
		await learner.expectNoAxeViolations();

		await learner.verifyWithSecurityKey(securityKey);
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toHaveCount(0);
		// The step ends with a look at the old chat on the Laptop.
		await learner.expectStep(3, 3);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();

		await learner.expectSummarySays('Only your Security Key opens it.');
		await learner.expectNoAxeViolations();
	});

	test('auf Deutsch: Schlüsselsicherung über den Hinweis, dann der Laptop mit dem Sicherheitsschlüssel', async ({
		page,
		learner
	}) => {
		await learner.useGerman();
		await learner.startLesson('secure-backup', 'Schütze deine Schlüssel', 3);

		// The notice "Set up Secure Backup" leads to the same dialog.
		const securityKey = await learner.setUpSecureBackupFromToast();
		expect(securityKey).toMatch(KEY_FORMAT);
		await learner.expectStep(2, 3);

		await page.getByRole('button', { name: 'Auf einem anderen Gerät anmelden' }).click();
		await expect(page.getByRole('heading', { name: 'Dieses Gerät verifizieren' })).toBeVisible();
		await learner.expectStep(3, 3);
		await learner.verifyWithSecurityKey(securityKey);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('Der Ersatzschlüssel für den Garten liegt unter dem blauen Blumentopf.')
		).toBeVisible();

		await learner.expectLessonComplete();
		await learner.expectNoAxeViolations();
	});

	test('2026: the recovery key from Settings → Encryption opens the history on the Laptop', async ({
		page,
		learner
	}) => {
		await learner.startLesson('secure-backup', 'Protect your keys', 3, '“Get recovery key”');

		const { settings, key } = await learner.getRecoveryKey();
		await learner.expectStep(2, 3);
		await settings.getByRole('button', { name: 'Close' }).click();

		// The Phone is "lost": the Laptop confirms the digital identity with the recovery key alone.
		await learner.signInToConfirm();
		await learner.expectStep(3, 3);
		await learner.expectStepSays('press “Use recovery key”');
		await learner.confirmWithRecoveryKey(key);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();

		await learner.expectSummarySays('Only your recovery key opens it.');
	});
});
