/**
 * Lesson 2 as a learner does it: set up Secure Backup on the Phone and keep the Security Key, sign in on the Laptop
 * as if the Phone were lost, and open the old chat there with the key alone. Also in German.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	expectLessonComplete,
	expectNoAxeViolations,
	expectStep,
	lessonPanel,
	openLesson,
	openRoom,
	test,
	useGerman
} from '../lesson-fixtures';

const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

test.describe('lesson 2: protect your keys', () => {
	test('a learner sets up Secure Backup, then opens the history on the Laptop with the Security Key', async ({
		page
	}) => {
		await openLesson(page, 'secure-backup');
		const lesson = lessonPanel(page);
		await expect(lesson.getByRole('heading', { level: 1, name: 'Protect your keys' })).toBeVisible();
		await expectStep(page, 1, 3);
		await openRoom(page, 'Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();
		await expectNoAxeViolations(page);

		// Settings → Security & Privacy → Secure Backup → "Set up".
		await page.getByRole('button', { name: 'User menu' }).click();
		await page.getByRole('menuitem', { name: 'Security & Privacy' }).click();
		const settings = page.getByRole('dialog', { name: 'Settings' });
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
		await setup.getByRole('button', { name: 'Continue' }).click();
		await page
			.getByRole('dialog', { name: 'Secure Backup successful' })
			.getByRole('button', { name: 'Done' })
			.click();
		await expectStep(page, 2, 3);
		await page.screenshot({ path: '/tmp/h1/lesson-secure-backup-step2.png' });

		// The Phone is "lost": sign in on the Laptop.
		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toBeVisible();
		await expectStep(page, 3, 3);
		await expectNoAxeViolations(page);

		await page.getByRole('button', { name: 'Verify with Security Key' }).click();
		await restoreWith(page, securityKey, 'Security Key', 'Looks good!', 'Continue', 'Done');
		await expect(page.getByRole('heading', { name: 'Verify this device' })).toHaveCount(0);
		// The step ends with a look at the old chat on the Laptop.
		await expectStep(page, 3, 3);
		await openRoom(page, 'Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();

		await expectLessonComplete(page);
		await expect(lesson.getByRole('region', { name: 'Lesson complete' })).toContainText(
			'Only your Security Key opens it.'
		);
		await page.screenshot({ path: '/tmp/h1/lesson-secure-backup-summary.png' });
		await lesson
			.getByRole('region', { name: 'Lesson complete' })
			.screenshot({ path: '/tmp/h1/lesson-secure-backup-summary-panel.png' });
		await expectNoAxeViolations(page);
	});

	test('auf Deutsch: Schlüsselsicherung über den Hinweis, dann der Laptop mit dem Sicherheitsschlüssel', async ({
		page
	}) => {
		await useGerman(page);
		await openLesson(page, 'secure-backup', 'Räume');
		const lesson = lessonPanel(page, 'Lektion');
		await expect(lesson.getByRole('heading', { level: 1, name: 'Schütze deine Schlüssel' })).toBeVisible();
		await expectStep(page, 1, 3, 'Schritt {step} von {total}');

		// The notice "Set up Secure Backup" leads to the same dialog.
		await page
			.getByRole('group', { name: 'Schlüsselsicherung einrichten' })
			.getByRole('button', { name: 'Fortfahren' })
			.click();
		const setup = page.getByRole('dialog', { name: 'Schlüsselsicherung einrichten' });
		await setup.getByRole('button', { name: 'Fortfahren' }).click();
		const keyField = setup.getByRole('textbox', { name: 'Sicherheitsschlüssel' });
		await expect(keyField).toHaveValue(KEY_FORMAT);
		const securityKey = await keyField.inputValue();
		await setup.getByRole('button', { name: 'Kopieren' }).click();
		await setup.getByRole('button', { name: 'Fortfahren' }).click();
		await page
			.getByRole('dialog', { name: 'Schlüsselsicherung erfolgreich' })
			.getByRole('button', { name: 'Fertig' })
			.click();
		await expectStep(page, 2, 3, 'Schritt {step} von {total}');

		await page.getByRole('button', { name: 'Auf einem anderen Gerät anmelden' }).click();
		await expect(page.getByRole('heading', { name: 'Dieses Gerät verifizieren' })).toBeVisible();
		await expectStep(page, 3, 3, 'Schritt {step} von {total}');
		await page.getByRole('button', { name: 'Mit Sicherheitsschlüssel verifizieren' }).click();
		await restoreWith(page, securityKey, 'Sicherheitsschlüssel', 'Sieht gut aus!', 'Fortfahren', 'Fertig');
		await openRoom(page, 'Bob', 'Räume');
		await expect(
			page.getByText('Der Ersatzschlüssel für den Garten liegt unter dem blauen Blumentopf.')
		).toBeVisible();

		await expectLessonComplete(page, 'Lektion geschafft', 'Lektion');
		await page.screenshot({ path: '/tmp/h1/lesson-secure-backup-de-summary.png', fullPage: true });
		await expectNoAxeViolations(page);
	});
});

/** The "Security Key" dialog: type the key, see it accepted, restore. */
async function restoreWith(
	page: Page,
	key: string,
	title: string,
	looksGood: string,
	go: string,
	done: string
): Promise<void> {
	const dialog = page.getByRole('dialog', { name: title });
	await dialog.getByRole('textbox', { name: title }).fill(key);
	await expect(dialog.getByText(looksGood)).toBeVisible();
	await dialog.getByRole('button', { name: go }).click();
	await dialog.getByRole('button', { name: done }).click();
}
