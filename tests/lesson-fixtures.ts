/**
 * For the lesson tests: the sandbox fixtures (every request and error watched, axe, learner helpers) plus the lesson
 * page's own parts, found by role and label as a learner would. A test takes the `learner` fixture, a page object
 * that acts on its page: `await learner.openRoom('Book club')`. The `edition` fixture says which Element the learner
 * meets: today's (2026) in a test whose title begins with "2026", chosen by link before the test's first step;
 * classic in every other test.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import {
	emojiOf,
	expectNoAxeViolations,
	finishSecureBackup,
	openProfile,
	openRestoreFromBackup,
	openRoom,
	openSecuritySettings,
	panel,
	readRecoveryKey2026,
	SECURE_BACKUP_LABELS,
	test as sandboxTest,
	setUpSecureBackupFromToast,
	startSecureBackupFromSettings,
	verifyByEmoji,
	verifyWithSecurityKey
} from './sandbox-fixtures';

export * from './sandbox-fixtures';

/** The labels the helpers look for, in the course's two languages. */
const LABELS = {
	en: {
		rooms: 'Rooms',
		people: 'People',
		lesson: 'Lesson',
		steps: 'Steps',
		step: 'Step {step} of {total}',
		complete: 'Lesson complete',
		mistake: 'Not quite',
		retry: 'Try again',
		verify: 'Verify',
		start: 'Start Verification',
		emoji: 'Verify by emoji',
		list: 'Emoji to compare',
		call: 'Call with {name}'
	},
	de: {
		rooms: 'Räume',
		people: 'Personen',
		lesson: 'Lektion',
		steps: 'Schritte',
		step: 'Schritt {step} von {total}',
		complete: 'Lektion geschafft',
		mistake: 'Nicht ganz',
		retry: 'Noch einmal versuchen',
		verify: 'Verifizieren',
		start: 'Verifizierung starten',
		emoji: 'Mit Emojis verifizieren',
		list: 'Zu vergleichende Emojis',
		call: 'Anruf mit {name}'
	}
};

/** Where the course keeps the learner's progress in the browser (localStorage). */
export const PROGRESS_KEY = 'e2ee-trainer.progress';

/** The saved progress of one lesson, as the browser holds it. */
export async function savedProgress(
	page: Page,
	id: string
): Promise<{ status: string; step: number } | undefined> {
	const raw = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
	return raw ? JSON.parse(raw).lessons[id] : undefined;
}

/** Lesson 1, step 1: a DM with Bob from "Start new chat". */
export async function startChatWithBob(page: Page) {
	await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: 'Add room' }).click();
	await page.getByRole('menuitem', { name: 'Start new chat' }).click();
	await page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
}

/** The lesson panel beside the client (a region named "Lesson"; "Lektion" in German). */
export const lessonPanel = (page: Page, name = 'Lesson'): Locator =>
	page.getByRole('region', { name, exact: true });

/**
 * Opens a lesson and waits until its client is there (in German: pass 'Räume' for the room list). `timeout` is how
 * long the client may take to come (longer for tests that run on a machine busy with other work).
 */
export async function openLesson(
	page: Page,
	id: string,
	rooms = 'Rooms',
	timeout = 90_000
): Promise<Locator> {
	await page.goto(`/lessons/${id}`);
	const nav = page.getByRole('navigation', { name: rooms });
	await expect(nav).toBeVisible({ timeout });
	return nav;
}

/** The lesson says which step the learner is on ("Step 2 of 3"). */
export async function expectStep(page: Page, step: number, total: number, text = 'Step {step} of {total}') {
	await expect(
		lessonPanel(page, text.startsWith('Schritt') ? 'Lektion' : 'Lesson')
			.getByRole('status')
			.first()
	).toHaveText(text.replace('{step}', String(step)).replace('{total}', String(total)), { timeout: 30_000 });
}

/** The lesson ends with its summary ("Lesson complete"; "Lektion geschafft" in German). */
export async function expectLessonComplete(page: Page, heading = 'Lesson complete', panel = 'Lesson') {
	await expect(lessonPanel(page, panel).getByRole('heading', { name: heading })).toBeVisible({
		timeout: 60_000
	});
}

/** Switches the course to German (the header's language switch); the choice is kept for the next pages. */
export async function useGerman(page: Page) {
	await page.goto('/');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

/**
 * The learner on a lesson page: the helpers above with the page given once. The labels follow the course's language
 * (English until `useGerman`); each can still be passed where a test reads another one.
 */
export class Learner {
	private t = LABELS.en;
	private backup = SECURE_BACKUP_LABELS.en;
	/** The profile's button that starts a verification: "Verify" in classic, "Verify User" in today's Element. */
	private verifyUser: string;

	constructor(
		readonly page: Page,
		readonly edition: Edition = 'classic'
	) {
		this.verifyUser = edition === '2026' ? 'Verify User' : this.t.verify;
	}

	/** Switches the course to German; the helpers then look for the German labels. */
	async useGerman() {
		await useGerman(this.page);
		this.t = LABELS.de;
		if (this.edition === 'classic') this.verifyUser = this.t.verify;
		this.backup = SECURE_BACKUP_LABELS.de;
	}

	/** Chooses today's Element (2026) by link, as a guide would, and waits until the course home shows it chosen. */
	async useElement2026() {
		await this.page.goto('/?element=2026');
		await expect(
			this.page
				.getByRole('group', { name: 'Element version' })
				.getByRole('radio', { name: 'Element today (2026)' })
		).toBeChecked();
		// 2026 is also the default the home page is prerendered with, so the checked radio alone does not prove that
		// the page's script has run and remembered the link's choice; the next page reads it from storage.
		await expect
			.poll(() => this.page.evaluate(() => localStorage.getItem('e2ee-trainer.element-edition')))
			.toBe('2026');
	}

	/** Opens a lesson and waits until its client is there; returns the room list and the lesson panel. */
	async openLesson(
		id: string,
		{ rooms = this.t.rooms, timeout = 90_000 } = {}
	): Promise<{ nav: Locator; lesson: Locator }> {
		const nav = await openLesson(this.page, id, rooms, timeout);
		return { nav, lesson: this.lessonPanel() };
	}

	/**
	 * Opens a lesson and checks its start: the title, "Step 1 of `steps`" and, if given, that the list of steps says
	 * `says` (a step's title in the test's edition). Returns the room list and the lesson panel.
	 */
	async startLesson(
		id: string,
		title: string,
		steps: number,
		says?: string
	): Promise<{ nav: Locator; lesson: Locator }> {
		const { nav, lesson } = await this.openLesson(id);
		await expect(lesson.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await this.expectStep(1, steps);
		if (says !== undefined) await this.expectStepSays(says);
		return { nav, lesson };
	}

	lessonPanel(name = this.t.lesson): Locator {
		return lessonPanel(this.page, name);
	}

	/** The right panel ("complementary" landmark). */
	panel(): Locator {
		return panel(this.page);
	}

	expectStep(step: number, total: number, text = this.t.step) {
		return expectStep(this.page, step, total, text);
	}

	expectLessonComplete(heading = this.t.complete, name = this.t.lesson) {
		return expectLessonComplete(this.page, heading, name);
	}

	/** The lesson is complete, and its summary ("Lesson complete" region) says this. */
	async expectSummarySays(text: string) {
		await this.expectLessonComplete();
		await expect(this.lessonPanel().getByRole('region', { name: this.t.complete })).toContainText(text);
	}

	/**
	 * The lesson explains a wrong move: its alert ("Not quite") says each of `explanation`; the panel passes axe, then
	 * "Try again" and the explanation goes. `timeout` is how long the explanation and its going may take.
	 */
	async expectMistakeThenRetry(explanation: string[], timeout?: number) {
		const mistake = this.lessonPanel().getByRole('alert', { name: this.t.mistake });
		for (const text of explanation) await expect(mistake).toContainText(text, { timeout });
		await this.expectNoAxeViolations();
		await mistake.getByRole('button', { name: this.t.retry }).click();
		await expect(mistake).toHaveCount(0, { timeout });
	}

	/** The summary of a finished lesson ("Lesson complete") shows these shields (by name: "Green shield"); returned. */
	async expectSummaryShields(...shields: string[]): Promise<Locator> {
		const summary = this.lessonPanel().getByRole('region', { name: this.t.complete });
		for (const name of shields) await expect(summary.getByRole('img', { name })).toBeVisible();
		return summary;
	}

	expectNoAxeViolations(include?: string) {
		return expectNoAxeViolations(this.page, include);
	}

	openRoom(name: string, rooms = this.t.rooms) {
		return openRoom(this.page, name, rooms);
	}

	openProfile(name: string, people = this.t.people) {
		return openProfile(this.page, name, people);
	}

	emojiOf(list: Locator) {
		return emojiOf(list);
	}

	verifyByEmoji(scope: Locator, labels?: { button: string; list: string }) {
		return verifyByEmoji(scope, labels);
	}

	/** The lesson's list of steps shows `text` (a step's title in the course's edition). */
	async expectStepSays(text: string) {
		await expect(this.lessonPanel().getByRole('list', { name: this.t.steps })).toContainText(text);
	}

	/** From an open profile: "Verify" ("Verify User" in today's Element) → "Start Verification". */
	async startVerification() {
		await this.panel().getByRole('button', { name: this.verifyUser, exact: true }).click();
		await this.panel().getByRole('button', { name: this.t.start }).click();
	}

	/**
	 * In a lesson that opens with an emoji verification: the room with `name`, their profile, "Verify" → "Start
	 * Verification" (then step 2 of `total`), "Verify by emoji" (then step 3).
	 */
	async requestEmojiVerification(name: string, total: number) {
		await this.openRoom(name);
		await this.openProfile(name);
		await this.startVerification();
		await this.expectStep(2, total);
		await this.pressVerifyByEmoji();
		await this.expectStep(3, total);
	}

	/** "Verify by emoji" in the right panel. */
	async pressVerifyByEmoji() {
		await this.panel().getByRole('button', { name: this.t.emoji }).click();
	}

	/** The learner's "Emoji to compare" list in the right panel, read. */
	myEmoji(): Promise<string[]> {
		return emojiOf(this.panel().getByRole('list', { name: this.t.list }));
	}

	/** The call with a contact, beside the client ("Call with Bob"). */
	call(name: string): Locator {
		return this.page.getByRole('region', { name: this.t.call.replace('{name}', name) });
	}

	/** The emoji the contact reads out in the call, read. */
	emojiInCall(name: string): Promise<string[]> {
		return emojiOf(this.call(name).getByRole('list', { name: this.t.list }));
	}

	/** Reads the learner's emoji and checks that the contact reads out the same ones in the call; returns the call. */
	async compareWithCall(name: string): Promise<Locator> {
		const mine = await this.myEmoji();
		expect(await this.emojiInCall(name)).toEqual(mine);
		return this.call(name);
	}

	/** "They match" in the right panel, the success for `name`, "Got it". */
	async confirmMatch(name: string) {
		await this.panel().getByRole('button', { name: 'They match' }).click();
		await expect(this.panel().getByText(`You've successfully verified ${name}!`)).toBeVisible();
		await this.panel().getByRole('button', { name: 'Got it' }).click();
	}

	/**
	 * From an open profile: "Verify" ("Verify User") → "Start Verification" → "Verify by emoji", the emoji compared
	 * with the ones `name` reads out in the call, "They match". Returns the call.
	 */
	async verifyWithCall(name: string): Promise<Locator> {
		await this.startVerification();
		await this.pressVerifyByEmoji();
		const call = await this.compareWithCall(name);
		await this.confirmMatch(name);
		return call;
	}

	/**
	 * A member's profile from the room's member list: opens "People" unless the list is already showing (the client
	 * keeps the right panel when the room changes, and "People" would close it again).
	 */
	async openMember(name: string) {
		const member = this.panel().getByRole('button', { name: new RegExp(`^${name}`) });
		if (!(await member.isVisible()))
			await this.page.getByRole('button', { name: this.t.people, exact: true }).click();
		await member.click();
		await expect(this.panel().getByRole('heading', { name, exact: true })).toBeVisible();
	}

	/** Each of `names` in the member list (the right panel showing it) carries the mark of a verified person. */
	async expectMembersVerified(names: string[]) {
		for (const name of names)
			await expect(
				this.panel()
					.getByRole('button', { name: new RegExp(`^${name}`) })
					.getByRole('img')
			).toHaveAccessibleName('You have verified this user. This user has verified all of their sessions.');
	}

	/** `verifyWithCall`, then "Hang up": the ended call shrinks to one line ("You hung up on …"); it hides nothing. */
	async verifyWithCallAndHangUp(name: string) {
		const call = await this.verifyWithCall(name);
		await call.getByRole('button', { name: 'Hang up' }).click();
		await expect(this.page.getByRole('region', { name: `You hung up on ${name}` })).toBeVisible();
	}

	setUpSecureBackupFromToast() {
		return setUpSecureBackupFromToast(this.page, this.backup);
	}

	verifyWithSecurityKey(securityKey: string) {
		return verifyWithSecurityKey(this.page, securityKey, this.backup);
	}

	openRestoreFromBackup(securityKey: string) {
		return openRestoreFromBackup(this.page, securityKey);
	}

	/** "Restore from Backup" with the key → "Continue" → the keys restored → "Done". */
	async restoreFromBackup(securityKey: string) {
		const keyDialog = await this.openRestoreFromBackup(securityKey);
		await keyDialog.getByRole('button', { name: 'Continue' }).click();
		await expect(keyDialog.getByText(/Restored \d+ keys from the backup/)).toBeVisible();
		await keyDialog.getByRole('button', { name: 'Done' }).click();
	}

	openSecuritySettings() {
		return openSecuritySettings(this.page);
	}

	startSecureBackupFromSettings() {
		return startSecureBackupFromSettings(this.page);
	}

	finishSecureBackup(setup: Locator) {
		return finishSecureBackup(this.page, setup, this.backup);
	}

	/** A suggested reply in the open chat ("Suggested replies"), pressed. */
	async reply(text: string) {
		await this.page
			.getByRole('group', { name: 'Suggested replies' })
			.getByRole('button', { name: text })
			.click();
	}

	/** The mark beside the open room's name in its header (a shield in classic, "Verified" in today's Element). */
	headerMark(room: string): Locator {
		return this.page
			.getByRole('heading', { level: 2, name: room, exact: true })
			.locator('..')
			.getByRole('img');
	}

	/** Today's Element: User menu → "Encryption"; returns the Settings dialog. */
	async openEncryptionSettings(): Promise<Locator> {
		await this.page.getByRole('button', { name: 'User menu' }).click();
		await this.page.getByRole('menuitem', { name: 'Encryption' }).click();
		return this.page.getByRole('dialog', { name: 'Settings' });
	}

	/**
	 * Today's Element, in Settings → Encryption (opened unless `settings` is given, e.g. from the notice): "Get
	 * recovery key", the key read and typed back, "Finish set up". Returns the dialog and the key.
	 */
	async getRecoveryKey(settings?: Locator): Promise<{ settings: Locator; key: string }> {
		if (!settings) {
			settings = await this.openEncryptionSettings();
			await settings.getByRole('button', { name: 'Get recovery key' }).click();
		}
		const key = await readRecoveryKey2026(settings);
		await settings.getByRole('textbox', { name: 'Recovery key' }).fill(key);
		await settings.getByRole('button', { name: 'Finish set up' }).click();
		return { settings, key };
	}

	/** Today's Element, on a new device: "Use recovery key", the key typed, "Continue", "Done". */
	async confirmWithRecoveryKey(key: string) {
		await this.page.getByRole('button', { name: 'Use recovery key' }).click();
		const enter = this.page.getByRole('dialog', { name: 'Enter your recovery key' });
		await enter.getByRole('textbox', { name: 'Recovery key' }).fill(key);
		await enter.getByRole('button', { name: 'Continue' }).click();
		await enter.getByRole('button', { name: 'Done' }).click();
	}

	/** Today's Element: "Sign in on another device" (the Laptop), which asks to "Confirm your digital identity". */
	async signInToConfirm() {
		await this.page.getByRole('button', { name: 'Sign in on another device' }).click();
		await expect(
			this.page.getByRole('heading', { name: 'Confirm your digital identity', exact: true })
		).toBeVisible();
	}

	/** "Sign in on another device" (the Laptop), then "Skip verification for now" → "I'll verify later". */
	async signInAndSkipVerification() {
		await this.page.getByRole('button', { name: 'Sign in on another device' }).click();
		await this.skipVerification();
	}

	/** On the new device: "Skip verification for now" → "I'll verify later" in "Are you sure?". */
	async skipVerification() {
		await this.page.getByRole('button', { name: 'Skip verification for now' }).click();
		await this.page
			.getByRole('alertdialog', { name: 'Are you sure?' })
			.getByRole('button', { name: "I'll verify later" })
			.click();
	}
}

/** The Element the learner meets: the classic one (2021) or today's (2026). */
export type Edition = 'classic' | '2026';

export const test = sandboxTest.extend<{ edition: Edition; learner: Learner }>({
	// A test whose title begins with "2026" is in today's Element; every other one in classic.
	// eslint-disable-next-line no-empty-pattern
	edition: async ({}, use, testInfo) => {
		await use(/^2026\b/.test(testInfo.title) ? '2026' : 'classic');
	},
	learner: async ({ page, edition }, use) => {
		const learner = new Learner(page, edition);
		if (edition === '2026') await learner.useElement2026();
		await use(learner);
	}
});
