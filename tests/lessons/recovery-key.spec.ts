/**
 * The 2026 lesson "Get your recovery key and confirm it" as a learner does it, in today's Element: User menu →
 * Encryption → "Get recovery key", save it, type it back (a wrong key first), "Finish set up"; then "Change recovery
 * key" and confirm the new one.
 */
import { expect, readRecoveryKey2026, RECOVERY_KEY, test } from '../lesson-fixtures';

test('2026 lesson: a learner gets the recovery key, confirms it, then changes it', async ({ learner }) => {
	await learner.startLesson('recovery-key', 'Get your recovery key and confirm it', 2);

	const settings = await learner.openEncryptionSettings();
	await settings.getByRole('button', { name: 'Get recovery key' }).click();
	const key = await readRecoveryKey2026(settings);
	const typed = settings.getByRole('textbox', { name: 'Recovery key' });
	await typed.fill(key.replace(/^./, (c) => (c === 'E' ? 'F' : 'E')));
	await settings.getByRole('button', { name: 'Finish set up' }).click();
	await expect(settings.getByRole('alert')).toHaveText('The recovery key you entered is not correct.');
	await learner.expectStep(1, 2);
	await typed.fill(key);
	await settings.getByRole('button', { name: 'Finish set up' }).click();
	await learner.expectStep(2, 2);
	await learner.expectNoAxeViolations();

	await settings.getByRole('button', { name: 'Change recovery key' }).click();
	const fresh = settings.getByRole('textbox', { name: 'Recovery key' });
	await expect(fresh).toHaveValue(RECOVERY_KEY);
	const newKey = await fresh.inputValue();
	expect(newKey).not.toBe(key);
	await settings.getByRole('button', { name: 'Continue' }).click();
	await settings.getByRole('textbox', { name: 'Recovery key' }).fill(newKey);
	await settings.getByRole('button', { name: 'Confirm new recovery key' }).click();

	await learner.expectSummarySays('the old key stops working');
	await learner.expectNoAxeViolations();
});
