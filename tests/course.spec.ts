/**
 * The course as a whole: the home page lists every lesson with its state and time; a lesson left and opened again
 * resumes where the learner was (also a finished one gone through again, also in the middle of a verification,
 * with a redone Security Key shown); the saved progress never drops while steps are redone; notices go once the
 * learner moves on; an unknown address has a page with the way back. (Each lesson's own test runs axe on its page.)
 */
import { test as plainTest, type Page } from '@playwright/test';
import { expect, expectNoAxeViolations, type Learner, test, useGerman } from './lesson-fixtures';

const KEY = 'e2ee-trainer.progress';
const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;

/** The saved progress of one lesson, as the browser holds it. */
async function saved(page: Page, id: string): Promise<{ status: string; step: number } | undefined> {
	const raw = await page.evaluate((key) => localStorage.getItem(key), KEY);
	return raw ? JSON.parse(raw).lessons[id] : undefined;
}

/** Lesson 1, step 1: a DM with Bob from "Start new chat". */
async function startChatWithBob(learner: Learner) {
	await learner.page
		.getByRole('navigation', { name: 'Rooms' })
		.getByRole('button', { name: 'Add room' })
		.click();
	await learner.page.getByRole('menuitem', { name: 'Start new chat' }).click();
	await learner.page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
}

test.describe('course home and progress', () => {
	test('lists the thirteen lessons with their state and time; Start leads to the first', async ({
		page,
		learner
	}) => {
		await page.goto('/');
		const course = page.getByRole('region', { name: 'Lessons' });
		await expect(course.getByRole('listitem')).toHaveCount(13);
		await expect(course.getByRole('listitem').first()).toContainText('Not started');
		await expect(course.getByRole('listitem').first()).toContainText(/\d+ min/);
		await expect(page.getByRole('link', { name: /sandbox/i })).toBeVisible();
		await expect(page.getByRole('link', { name: /quiz/i })).toBeVisible();
		await learner.expectNoAxeViolations();
		await course.getByRole('link', { name: 'Start the course' }).click();
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
	});

	test('"starts again from the beginning" goes once the learner moves on; Dismiss closes a notice', async ({
		page,
		learner
	}) => {
		await learner.openLesson('first-encrypted-chat');
		await learner.lessonPanel().getByRole('button', { name: 'Restart lesson' }).click();
		const restarted = page
			.getByRole('status')
			.filter({ hasText: 'The lesson starts again from the beginning.' });
		await expect(restarted).toBeVisible();
		await learner.expectStep(1, 3);
		await startChatWithBob(learner);
		await learner.expectStep(2, 3);
		await expect(restarted).toHaveCount(0);

		await learner.lessonPanel().getByRole('button', { name: 'Restart lesson' }).click();
		await expect(restarted).toBeVisible();
		await restarted.getByRole('button', { name: 'Dismiss' }).click();
		await expect(restarted).toHaveCount(0);
		// A restart is a new attempt: the save goes back to the first step.
		await expect.poll(() => saved(page, 'first-encrypted-chat')).toMatchObject({ step: 0 });
	});

	test('the saved step never drops while "Welcome back" redoes the steps; a reload then resumes again', async ({
		page,
		learner
	}) => {
		// Every progress the page writes, in order.
		await page.addInitScript((key) => {
			const writes: string[] = [];
			(window as unknown as { progressWrites: string[] }).progressWrites = writes;
			const setItem = Storage.prototype.setItem;
			Storage.prototype.setItem = function (k: string, v: string) {
				if (k === key) writes.push(v);
				return setItem.call(this, k, v);
			};
		}, KEY);
		await learner.openLesson('first-encrypted-chat');
		await startChatWithBob(learner);
		await learner.expectStep(2, 3);
		await expect.poll(() => saved(page, 'first-encrypted-chat')).toMatchObject({ step: 1 });

		await page.reload();
		await expect(
			page.getByText('Welcome back: the steps you had already done were redone for you.')
		).toBeVisible({
			timeout: 30_000
		});
		await learner.expectStep(2, 3);
		const steps = await page.evaluate(
			({ id }) =>
				(window as unknown as { progressWrites: string[] }).progressWrites.map(
					(w) => (JSON.parse(w) as { lessons: Record<string, { step: number }> }).lessons[id]?.step
				),
			{ id: 'first-encrypted-chat' }
		);
		expect(steps.every((s) => s === 1)).toBe(true);
		expect(await saved(page, 'first-encrypted-chat')).toMatchObject({ status: 'in-progress', step: 1 });

		// The notice goes once the learner moves on (back in their chat with Bob, which the redone step made).
		await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Bob/ }).click();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Hi Bob');
		await composer.press('Enter');
		await learner.expectStep(3, 3);
		await expect(
			page.getByText('Welcome back: the steps you had already done were redone for you.')
		).toHaveCount(0);
	});

	test('a finished lesson, gone through again and left midway, resumes where the learner left it', async ({
		page,
		learner
	}) => {
		await page.addInitScript((key) => {
			if (!sessionStorage.getItem('seeded')) {
				const done = { status: 'done', step: 3, updatedAt: 1 };
				localStorage.setItem(key, JSON.stringify({ version: 1, lessons: { 'first-encrypted-chat': done } }));
				sessionStorage.setItem('seeded', '1');
			}
		}, KEY);
		await learner.openLesson('first-encrypted-chat');
		await learner.expectStep(1, 3);
		await startChatWithBob(learner);
		await learner.expectStep(2, 3);
		await expect.poll(() => saved(page, 'first-encrypted-chat')).toMatchObject({ status: 'done', step: 1 });

		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		const first = page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first();
		await expect(first).toContainText('Done');
		await first.getByRole('link').click();
		await expect(
			page.getByText('Welcome back: the steps you had already done were redone for you.')
		).toBeVisible({
			timeout: 30_000
		});
		await learner.expectStep(2, 3);
	});

	test('resuming Secure Backup shows the new Security Key, and it opens the history on the Laptop', async ({
		page,
		learner
	}) => {
		test.setTimeout(120_000);
		await learner.openLesson('secure-backup');
		const setup = await learner.startSecureBackupFromSettings();
		const keyField = setup.getByRole('textbox', { name: 'Security Key' });
		await expect(keyField).toHaveValue(KEY_FORMAT);
		const firstKey = await keyField.inputValue();
		const download = page.waitForEvent('download');
		await setup.getByRole('button', { name: 'Download' }).click();
		await download;
		await learner.finishSecureBackup(setup);
		await learner.expectStep(2, 3);

		// Away and back: the redo sets Secure Backup up again, with a key the learner must be shown.
		await page.goto('/');
		await page
			.getByRole('region', { name: 'Lessons' })
			.getByRole('link', { name: /Protect your keys/ })
			.click();
		const notice = page.getByText('Redoing your steps set up Secure Backup again, with a new Security Key.');
		await expect(notice).toBeVisible({ timeout: 60_000 });
		const newKey = (await page.locator('code').filter({ hasText: KEY_FORMAT }).innerText()).trim();
		expect(newKey).toMatch(KEY_FORMAT);
		expect(newKey).not.toBe(firstKey);
		await learner.expectStep(2, 3);

		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await learner.expectStep(3, 3);
		await learner.verifyWithSecurityKey(newKey);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();
		await learner.expectLessonComplete();
		await expect(notice).toHaveCount(0);
	});

	test('left in the middle of the emoji comparison (lesson 6): resumes before the verification, and it can be finished', async ({
		page,
		learner
	}) => {
		test.setTimeout(150_000);
		await learner.openLesson('verify-contact');
		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.pressVerifyByEmoji();
		await learner.expectStep(3, 3);
		await expect.poll(() => saved(page, 'verify-contact')).toMatchObject({ step: 2 });

		await page.reload();
		const told = page.getByText('The verification you had not finished could not be kept: start it again.');
		await expect(told).toBeVisible({ timeout: 60_000 });
		// Never "press They match" with no emoji to compare: the step where the verification begins.
		await learner.expectStep(1, 3);

		await learner.openRoom('Bob');
		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.expectStep(2, 3);
		await expect(told).toHaveCount(0);
		await learner.pressVerifyByEmoji();
		await learner.expectStep(3, 3);
		await learner.confirmMatch('Bob');
		await learner.expectLessonComplete();
	});

	test('a lesson address with a trailing slash opens the lesson', async ({ page }) => {
		await page.goto('/lessons/first-encrypted-chat/');
		await expect(page).toHaveURL(/\/lessons\/first-encrypted-chat$/);
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 30_000 });
	});
});

// The 404 response itself is logged by the browser as a console error: this test watches page errors only.
plainTest.describe('an address with no page', () => {
	plainTest('says so, in the learner’s language, with the way back to the course', async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		const response = await page.goto('/lessons/no-such-lesson');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('link', { name: 'Go to the course home' }).click();
		await expect(page.getByRole('region', { name: 'Lessons' }).getByRole('listitem')).toHaveCount(13);

		await useGerman(page);
		await page.goto('/no/such/page');
		await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Zur Kursseite' })).toBeVisible();
		expect(errors).toEqual([]);
	});
});
