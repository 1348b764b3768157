/**
 * Shared set-up for the sandbox tests: a page that records every request (page and worker) and every uncaught
 * error, checked after each test; helpers that act as a learner would, by roles and labels.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Locator, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const test = base.extend<{ watched: { requests: string[]; errors: string[] } }>({
	watched: [
		async ({ context, page }, use, testInfo) => {
			// Starting a world (the crypto engine in a Web Worker) takes seconds alone and far longer on a machine
			// busy with other work: the budget leaves room for that, the tests themselves wait for states.
			testInfo.setTimeout(Math.max(testInfo.timeout, 180_000));
			const requests: string[] = [];
			const errors: string[] = [];
			context.on('request', (request) => requests.push(request.url()));
			page.on('pageerror', (error) => errors.push(error.message));
			page.on('console', (message) => {
				if (message.type() === 'error') errors.push(`console: ${message.text()}`);
			});
			await use({ requests, errors });
			if (testInfo.status !== testInfo.expectedStatus) return;
			// Nothing leaves the page's origin (blob: URLs of a download are the page's own), and nothing throws.
			const origin = new URL(testInfo.project.use.baseURL!).origin;
			const outside = requests.filter(
				(url) =>
					!url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`) && !url.startsWith('data:')
			);
			expect(outside, 'requests outside the origin').toEqual([]);
			expect(errors, 'uncaught errors').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };

export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
	let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
	if (include) builder = builder.include(include);
	const results = await builder.analyze();
	expect(
		results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))
	).toEqual([]);
}

/**
 * Screenshots for review, when SHOTS (a folder) is set: `page` at a laptop's and a phone's size, as
 * `${SHOTS}/${name}-${w}x${h}.png`, with `show` scrolled into view; then back to 1280×800.
 */
export async function shootForReview(page: Page, name: string, show?: Locator): Promise<void> {
	const shots = process.env.SHOTS;
	if (!shots) return;
	for (const [w, h] of [
		[1280, 720],
		[390, 844]
	] as const) {
		await page.setViewportSize({ width: w, height: h });
		await show?.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${shots}/${name}-${w}x${h}.png` });
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

/** Opens /sandbox and waits until the learner's client is there. */
export async function openSandbox(page: Page, rooms = 'Rooms'): Promise<Locator> {
	await page.goto('/sandbox');
	const nav = page.getByRole('navigation', { name: rooms });
	await expect(nav).toBeVisible({ timeout: 120_000 });
	return nav;
}

export async function openRoom(page: Page, name: string, rooms = 'Rooms'): Promise<void> {
	await page.getByRole('navigation', { name: rooms }).getByRole('button', { name }).click();
	await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
}

/** The right panel ("complementary" landmark). */
export const panel = (page: Page) => page.getByRole('complementary');

/** The texts of an "Emoji to compare" list: each item's emoji and name. */
export async function emojiOf(list: Locator): Promise<string[]> {
	await expect(list.getByRole('listitem')).toHaveCount(7);
	return (await list.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** People → the member → their profile. */
export async function openProfile(page: Page, name: string, people = 'People'): Promise<void> {
	await page.getByRole('button', { name: people, exact: true }).click();
	await panel(page)
		.getByRole('button', { name: new RegExp(`^${name}`) })
		.click();
	await expect(panel(page).getByRole('heading', { name, exact: true })).toBeVisible();
}

/**
 * Presses "Verify by emoji" in `scope` unless the contact has started the emoji already: learners meet both orders,
 * and on a busy machine either may come first. Waits for the state (the button or the emoji), never for a time;
 * returns the learner's "Emoji to compare" list once it is there.
 */
export async function verifyByEmoji(
	scope: Locator,
	labels = { button: 'Verify by emoji', list: 'Emoji to compare' }
): Promise<Locator> {
	const button = scope.getByRole('button', { name: labels.button });
	const list = scope.getByRole('list', { name: labels.list });
	// The contact accepts after a human-like pause (longer on a busy machine).
	await expect(button.or(list)).toBeVisible({ timeout: 30_000 });
	await expect(async () => {
		if (await list.isVisible()) return;
		// The button may leave the page between the look and the click (the contact started): then look again.
		await button.click({ timeout: 1_000 });
		await expect(list).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 30_000 });
	return list;
}

/** User menu → "Security & Privacy"; returns the Settings dialog. */
export async function openSecuritySettings(page: Page): Promise<Locator> {
	await page.getByRole('button', { name: 'User menu' }).click();
	await page.getByRole('menuitem', { name: 'Security & Privacy' }).click();
	return page.getByRole('dialog', { name: 'Settings' });
}

/** The labels of Secure Backup and the Security Key dialog, in the course's two languages. */
export const SECURE_BACKUP_LABELS = {
	en: {
		setUp: 'Set up Secure Backup',
		go: 'Continue',
		key: 'Security Key',
		copy: 'Copy',
		successful: 'Secure Backup successful',
		done: 'Done',
		verifyWithKey: 'Verify with Security Key',
		looksGood: 'Looks good!'
	},
	de: {
		setUp: 'Schlüsselsicherung einrichten',
		go: 'Fortfahren',
		key: 'Sicherheitsschlüssel',
		copy: 'Kopieren',
		successful: 'Schlüsselsicherung erfolgreich',
		done: 'Fertig',
		verifyWithKey: 'Mit Sicherheitsschlüssel verifizieren',
		looksGood: 'Sieht gut aus!'
	}
};

/** The Secure Backup dialog after the key was kept: "Continue", then "Done" on "Secure Backup successful". */
export async function finishSecureBackup(page: Page, setup: Locator, l = SECURE_BACKUP_LABELS.en) {
	await setup.getByRole('button', { name: l.go }).click();
	await page.getByRole('dialog', { name: l.successful }).getByRole('button', { name: l.done }).click();
}

/**
 * Settings → "Set up" under Secure Backup → "Continue": the key is made. Returns the "Set up Secure Backup" dialog,
 * showing the key.
 */
export async function startSecureBackupFromSettings(page: Page): Promise<Locator> {
	const settings = await openSecuritySettings(page);
	await settings.getByRole('button', { name: 'Set up' }).click();
	const setup = page.getByRole('dialog', { name: 'Set up Secure Backup' });
	await setup.getByRole('button', { name: 'Continue' }).click();
	return setup;
}

/**
 * "Set up Secure Backup" from its toast, as a learner who copies the key: Continue → Continue (the key is made) →
 * Copy → Continue → Done. Returns the Security Key as the dialog showed it.
 */
export async function setUpSecureBackupFromToast(page: Page, l = SECURE_BACKUP_LABELS.en): Promise<string> {
	await page.getByRole('group', { name: l.setUp }).getByRole('button', { name: l.go }).click();
	const setup = page.getByRole('dialog', { name: l.setUp });
	await setup.getByRole('button', { name: l.go }).click();
	const keyField = setup.getByRole('textbox', { name: l.key });
	await expect(keyField).not.toHaveValue('');
	const securityKey = await keyField.inputValue();
	await setup.getByRole('button', { name: l.copy }).click();
	await finishSecureBackup(page, setup, l);
	return securityKey;
}

/**
 * On a new device's "Verify this device": "Verify with Security Key", the key typed in and accepted ("Looks good!"),
 * "Continue", "Done".
 */
export async function verifyWithSecurityKey(page: Page, securityKey: string, l = SECURE_BACKUP_LABELS.en) {
	await page.getByRole('button', { name: l.verifyWithKey }).click();
	const dialog = page.getByRole('dialog', { name: l.key });
	await dialog.getByRole('textbox', { name: l.key }).fill(securityKey);
	await expect(dialog.getByText(l.looksGood)).toBeVisible();
	await dialog.getByRole('button', { name: l.go }).click();
	await dialog.getByRole('button', { name: l.done }).click();
}

/** User menu → "Security & Privacy" → "Restore from Backup", with the key typed in; returns the key dialog. */
export async function openRestoreFromBackup(page: Page, securityKey: string): Promise<Locator> {
	const settings = await openSecuritySettings(page);
	await settings.getByRole('button', { name: 'Restore from Backup' }).click();
	const keyDialog = page.getByRole('dialog', { name: 'Security Key' });
	await keyDialog.getByRole('textbox', { name: 'Security Key' }).fill(securityKey);
	return keyDialog;
}

/** A recovery key as Element shows it: twelve groups of four base58 characters. */
export const RECOVERY_KEY = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

/**
 * Today's Element (2026), in Settings → Encryption after "Get recovery key": "Continue" to "Save your recovery key
 * somewhere safe", read the key (it must look like a recovery key), "Continue" to "Enter your recovery key to confirm". Returns the key as shown.
 */
export async function readRecoveryKey2026(settings: Locator): Promise<string> {
	await settings.getByRole('button', { name: 'Continue' }).click();
	await expect(
		settings.getByRole('heading', { name: 'Save your recovery key somewhere safe' })
	).toBeVisible();
	const shown = settings.getByRole('textbox', { name: 'Recovery key' });
	await expect(shown).toHaveValue(RECOVERY_KEY);
	const key = await shown.inputValue();
	await settings.getByRole('button', { name: 'Continue' }).click();
	await expect(settings.getByRole('heading', { name: 'Enter your recovery key to confirm' })).toBeVisible();
	return key;
}

/** What the new Laptop's request and the Phone's notice say in each Element version. */
const LAPTOP_ASKS = {
	classic: { ask: 'Verify with another device', accept: 'Verify Session', dialog: 'Verify session' },
	// Today's Element names the dialog after the phase it is in (en_EN: encryption.verification.verification_dialog_title_*).
	'2026': {
		ask: 'Use another device',
		accept: 'Start Verification',
		dialog: /^(Choose how to verify|Compare emojis|Device verified|Verify other device)$/
	}
} as const;

/**
 * The new Laptop asks the Phone to verify it; the Phone accepts on its "Verification requested" notice and chooses
 * emoji. Returns the Phone's dialog ("Verify session" in classic; named after its phase in 2026).
 */
export async function askPhoneFromLaptop(
	page: Page,
	edition: keyof typeof LAPTOP_ASKS = 'classic'
): Promise<Locator> {
	const { ask, accept, dialog } = LAPTOP_ASKS[edition];
	await page.getByRole('button', { name: ask }).click();
	await page.getByRole('group', { name: 'Your devices' }).getByRole('button', { name: 'Phone' }).click();
	await page
		.getByRole('group', { name: 'Verification requested' })
		.getByRole('button', { name: accept })
		.click();
	const phoneDialog = page.getByRole('dialog', { name: dialog });
	await phoneDialog.getByRole('button', { name: 'Verify by emoji' }).click();
	return phoneDialog;
}

/**
 * Today's Element (2026): the new Laptop's "Use another device", accepted on the Phone, emoji by emoji compared on
 * both devices (the test sees the same seven, derived by each device's own SAS), and confirmed on the Laptop, then on
 * the Phone.
 */
export async function confirmLaptopWithPhone2026(page: Page): Promise<void> {
	const phoneDialog = await askPhoneFromLaptop(page, '2026');
	const onPhone = await emojiOf(phoneDialog.getByRole('list', { name: 'Emoji to compare' }));
	await page.getByRole('group', { name: 'Your devices' }).getByRole('button', { name: 'Laptop' }).click();
	expect(await emojiOf(page.getByRole('list', { name: 'Emoji to compare' }))).toEqual(onPhone);
	await confirmOnLaptopThenPhone(page, phoneDialog);
}

/**
 * Verifying the Laptop from the Phone, both showing the same emoji: "They match" on the Laptop (which then waits for
 * the other device), then on the Phone in its dialog, and "Got it" on its "Device verified".
 */
export async function confirmOnLaptopThenPhone(page: Page, phoneDialog: Locator): Promise<void> {
	await page.getByRole('button', { name: 'They match' }).click();
	await expect(page.getByText('Waiting for you to verify on your other device…')).toBeVisible();
	await page.getByRole('group', { name: 'Your devices' }).getByRole('button', { name: 'Phone' }).click();
	await phoneDialog.getByRole('button', { name: 'They match' }).click();
	// In 2026 the dialog's title says it too: the card's line is the last one.
	await expect(phoneDialog.getByText('Device verified').last()).toBeVisible();
	await phoneDialog.getByRole('button', { name: 'Got it' }).click();
}
