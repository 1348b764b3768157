/**
 * Saved state never takes the course down: with site data blocked or storage full every page works (progress lives
 * for the tab) and the learner is told once; a damaged save keeps what is good; a newer version's save is read and
 * never overwritten; two tabs of one lesson do not lose each other's steps; "Reset sandbox" asks first.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	expectStep,
	lessonPanel,
	openLesson,
	openRoom,
	PROGRESS_KEY,
	startChatWithBob,
	test
} from './lesson-fixtures';

const UNAVAILABLE = 'This browser does not let the course save anything';

/** Site data blocked: touching localStorage (or sessionStorage) throws a SecurityError, as in Chromium. */
function blockStorage() {
	const deny = () => {
		throw new DOMException('Access is denied for this document.', 'SecurityError');
	};
	for (const name of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
		Storage.prototype[name] = deny as never;
	}
	Object.defineProperty(Storage.prototype, 'length', { get: deny });
	Object.defineProperty(window, 'localStorage', { get: deny });
	Object.defineProperty(window, 'sessionStorage', { get: deny });
}

/** Storage full: reading works, every write throws QuotaExceededError. */
function fillStorage() {
	Storage.prototype.setItem = () => {
		throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
	};
}

/** Seeds the save once per test (not again on a reload). */
async function seed(page: Page, value: string) {
	await page.addInitScript(
		({ key, v }) => {
			if (!sessionStorage.getItem('seeded')) {
				localStorage.setItem(key, v);
				sessionStorage.setItem('seeded', '1');
			}
		},
		{ key: PROGRESS_KEY, v: value }
	);
}

const savedRaw = (page: Page) => page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
const lessonCard = (page: Page, n: number) =>
	page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').nth(n);
const notices = (page: Page) => page.getByRole('alert', { name: 'About your saved progress' });

test.describe('saved state', () => {
	test('with site data blocked, home, a lesson, the quiz and the sandbox work, and the learner is told once', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await page.addInitScript(blockStorage);
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1, name: 'E2EE Trainer' })).toBeVisible();
		await expect(notices(page)).toHaveCount(1);
		await expect(notices(page)).toContainText(UNAVAILABLE);
		// The language still switches (for the tab).
		await page.getByRole('button', { name: 'Deutsch' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(page.getByRole('alert', { name: 'Zu deinem gespeicherten Fortschritt' })).toContainText(
			'Dieser Browser lässt den Kurs nichts speichern'
		);
		await page.getByRole('button', { name: 'English' }).click();
		await notices(page).getByRole('button', { name: 'Dismiss' }).click();
		await expect(notices(page)).toHaveCount(0);
		// Nothing stored: the learner meets the default, today's Element; a choice of classic lasts for the tab.
		const version = page.getByRole('group', { name: 'Element version' });
		await expect(version.getByRole('radio', { name: 'Element today (2026)' })).toBeChecked();
		await version.getByRole('radio', { name: 'Element classic (as in the 2021 guide)' }).check();
		await expect(page.getByRole('heading', { name: 'The three room shields' })).toBeVisible();

		// A lesson, by the course's own links: progress lives for the tab, and nothing is said again.
		await lessonCard(page, 0).getByRole('link').click();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
		await startChatWithBob(page);
		await expectStep(page, 2, 3);
		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		await expect(lessonCard(page, 0)).toContainText('In progress, step 2 of 3');
		await expect(notices(page)).toHaveCount(0);

		await page.getByRole('link', { name: 'Take the shield quiz' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText(/quiz/i);
		await expect(notices(page)).toHaveCount(0);

		// Opened afresh, the sandbox says it once too, and works.
		await page.goto('/sandbox');
		await expect(notices(page)).toHaveCount(1);
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
		await openRoom(page, 'Bob');
	});

	test('with storage full, the course works, keeps progress for the tab, and says so once', async ({
		page
	}) => {
		await page.addInitScript(fillStorage);
		await page.goto('/quiz');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(notices(page)).toHaveCount(1);
		await expect(notices(page)).toContainText(UNAVAILABLE);
		await page.goto('/lessons/first-encrypted-chat');
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
		await expect(notices(page)).toHaveCount(1);
		await startChatWithBob(page);
		await expectStep(page, 2, 3);
		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		await expect(lessonCard(page, 0)).toContainText('In progress, step 2 of 3');
		await expect(notices(page)).toHaveCount(1);
	});

	test('one bad entry is dropped, the rest kept, and the learner is told once (on a lesson page too)', async ({
		page
	}) => {
		const done = { status: 'done', step: 3, updatedAt: 1 };
		await seed(
			page,
			JSON.stringify({
				version: 1,
				lessons: {
					'first-encrypted-chat': done,
					'secure-backup': { status: 'in-progress', step: '1', updatedAt: 2 }
				}
			})
		);
		await openLesson(page, 'create-encrypted-room');
		await expect(notices(page)).toContainText(
			'Part of your saved progress could not be read and was dropped. Everything else you had done is kept.'
		);
		await expect(lessonPanel(page)).toBeVisible();
		expect(JSON.parse((await savedRaw(page))!).lessons['first-encrypted-chat']).toEqual(done);
		expect(JSON.parse((await savedRaw(page))!).lessons['secure-backup']).toBeUndefined();

		await page.goto('/');
		await expect(lessonCard(page, 0)).toContainText('Done');
		await expect(lessonCard(page, 1)).toContainText('Not started');
		// Cleaned, so nothing to say any more.
		await expect(notices(page)).toHaveCount(0);
	});

	test('a save that cannot be read at all is reset with a notice, and the course home works', async ({
		page
	}) => {
		await seed(page, '{"version":1,"lessons":{"first-encrypted-chat":{"status":"wat"');
		await page.goto('/');
		await expect(notices(page)).toContainText('Your saved progress could not be read, so it was reset.');
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(13);
		expect(JSON.parse((await savedRaw(page))!)).toEqual({ version: 1, lessons: {} });
		await page.reload();
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(13);
		await expect(notices(page)).toHaveCount(0);
	});

	test('a save from a newer version is read, never overwritten, and the learner is told', async ({
		page
	}) => {
		const newer = JSON.stringify({
			version: 2,
			lessons: { 'first-encrypted-chat': { status: 'done', step: 3, updatedAt: 1, stars: 3 } },
			badges: ['keys']
		});
		await seed(page, newer);
		await page.goto('/');
		await expect(notices(page)).toContainText('comes from a newer version of the course');
		await expect(lessonCard(page, 0)).toContainText('Done');
		await lessonCard(page, 1).getByRole('link').click();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
		await expectStep(page, 1, 3);
		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		await expect(lessonCard(page, 1)).toContainText('In progress, step 1 of 3');
		expect(await savedRaw(page)).toBe(newer);
		// Said once in this tab.
		await page.reload();
		await expect(lessonCard(page, 0)).toContainText('Done');
		await expect(notices(page)).toHaveCount(0);
	});

	test('two tabs of the same lesson: the later write keeps the earlier one’s steps, and home follows live', async ({
		context
	}) => {
		test.setTimeout(120_000);
		const home = await context.newPage();
		await home.goto('/');
		await expect(lessonCard(home, 0)).toContainText('Not started');
		const ahead = await context.newPage();
		const behind = await context.newPage();
		await openLesson(behind, 'first-encrypted-chat');
		await openLesson(ahead, 'first-encrypted-chat');

		await startChatWithBob(ahead);
		await expectStep(ahead, 2, 3);
		await openRoom(ahead, 'Bob');
		const composer = ahead.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Hello from the first tab');
		await composer.press('Enter');
		await expectStep(ahead, 3, 3);
		// The home tab hears of it through the storage event, without a reload (Bob may already have answered).
		await expect(lessonCard(home, 0)).toContainText(/In progress, step 3 of 3|Done/);

		// The tab that is behind moves on: its write must not lose the other tab's steps.
		const stored = async () => JSON.parse((await savedRaw(home))!).lessons['first-encrypted-chat'];
		const { updatedAt: before, step: reached } = await stored();
		await startChatWithBob(behind);
		await expectStep(behind, 2, 3);
		await expect.poll(async () => (await stored()).updatedAt).toBeGreaterThan(before);
		expect((await stored()).step).toBeGreaterThanOrEqual(Math.max(reached, 2));
		await expect(lessonCard(home, 0)).toContainText(/In progress, step 3 of 3|Done/);
	});
});

test('"Reset sandbox" asks first: Cancel keeps everything, Reset starts afresh', async ({ page }) => {
	await page.goto('/sandbox');
	const nav = page.getByRole('navigation', { name: 'Rooms' });
	await expect(nav).toBeVisible({ timeout: 30_000 });
	await openRoom(page, 'Book club');
	await page.getByPlaceholder('Send a message…').fill('Still here?');
	await page.keyboard.press('Enter');
	const timeline = page.getByRole('list', { name: 'Messages in Book club' });
	await expect(timeline.getByText('Still here?')).toBeVisible();

	const reset = page.getByRole('button', { name: 'Reset sandbox' });
	await reset.click();
	const ask = page.getByRole('alertdialog', { name: 'Reset the sandbox?' });
	await expect(ask).toContainText('Everything you did here is thrown away');
	await ask.getByRole('button', { name: 'Cancel' }).click();
	await expect(ask).toHaveCount(0);
	await expect(reset).toBeFocused();
	await expect(timeline.getByText('Still here?')).toBeVisible();

	await reset.click();
	await page.keyboard.press('Escape');
	await expect(ask).toHaveCount(0);
	await expect(timeline.getByText('Still here?')).toBeVisible();

	await reset.click();
	await ask.getByRole('button', { name: 'Reset' }).click();
	await expect(nav).toBeVisible({ timeout: 30_000 });
	await openRoom(page, 'Book club');
	await expect(page.getByText('Still here?')).toHaveCount(0);
});
