/**
 * The shield quiz as a learner takes it: whole sets in English and German, the keyboard, set codes, and the
 * presenter view.
 */
import { expect, test } from '@playwright/test';
import {
	EN,
	DE,
	SET,
	SIZE,
	guessThrough,
	questionText,
	switchToGerman,
	takeWholeSet,
	verdict
} from './quiz-fixtures';

test.describe('shield quiz, self-study', () => {
	test('a learner takes a whole set in English: score, review, retry of the wrong ones', async ({ page }) => {
		test.slow(); // walks a whole set of twelve questions (or more)
		await page.goto(`/quiz?set=${SET}`);
		await takeWholeSet(page, EN);
	});

	test('a learner takes a whole set in German', async ({ page }) => {
		test.slow(); // walks a whole set of twelve questions (or more)
		await page.goto(`/quiz?set=${SET}`);
		await switchToGerman(page);
		await takeWholeSet(page, DE);
	});
});

test.describe('shield quiz, keyboard and set codes', () => {
	test('a question can be answered with the keyboard alone', async ({ page }) => {
		await page.goto(`/quiz?set=${SET}`);
		// The button is enabled once the page's script runs: Enter before that would press nothing.
		await expect(page.getByRole('button', { name: EN.start })).toBeEnabled();
		await page.getByRole('button', { name: EN.start }).focus();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
		// Tab reaches the choices; the arrow keys move between them; Space picks one.
		await page.keyboard.press('Tab');
		await expect(page.getByRole('radio').first()).toBeFocused();
		await page.keyboard.press('ArrowDown');
		await expect(page.getByRole('radio').nth(1)).toBeFocused();
		await expect(page.getByRole('radio').nth(1)).toBeChecked();
		await page.keyboard.press('Tab');
		await expect(page.getByRole('button', { name: EN.check })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 2, name: verdict(EN) })).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(page.getByRole('button', { name: EN.next })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByText(EN.progress(2), { exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
	});

	test('the same set code gives the same questions in the same order on two separate page loads', async ({
		browser
	}) => {
		test.slow(); // walks a whole set of twelve questions (or more)
		const runs: string[][] = [];
		for (let i = 0; i < 2; i++) {
			// A fresh browser context each time: no shared storage, like two different laptops.
			const context = await browser.newContext();
			const page = await context.newPage();
			await page.goto(`/quiz?set=${SET.toLowerCase()}`);
			await page.getByRole('button', { name: EN.start }).click();
			const { order } = await guessThrough(page, EN);
			runs.push(order);
			await context.close();
		}
		expect(runs[0]).toHaveLength(SIZE);
		expect(new Set(runs[0]).size).toBe(SIZE);
		expect(runs[1]).toEqual(runs[0]);
	});

	test('a code typed in is used, shown in the address and kept on reload; a bad one is refused', async ({
		page
	}) => {
		await page.goto('/quiz');
		const field = page.getByRole('textbox', { name: 'Set code' });
		await field.fill('no!');
		await page.getByRole('button', { name: 'Use this code' }).click();
		await expect(page.getByRole('alert')).toHaveText('A set code has six letters or digits, such as ABC123.');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await field.fill('abc 123');
		await page.getByRole('button', { name: 'Use this code' }).click();
		await expect(page).toHaveURL(/\/quiz\?set=ABC123$/);
		await expect(page.getByRole('button', { name: EN.start })).toBeFocused();
		await page.keyboard.press('Enter');
		const first = await questionText(page);
		await page.reload();
		await page.getByRole('button', { name: EN.start }).click();
		expect(await questionText(page)).toBe(first);
	});

	test('a set code in the link that does not exist is said to be wrong, and leaves the address', async ({
		page
	}) => {
		await page.goto('/quiz?set=NO-SUCH-SET');
		await expect(page.getByRole('alert')).toHaveText(
			'The set code “NO-SUCH-SET” from the link does not exist. Type the code again below.'
		);
		// Nothing was made up in its place: no set to start, and the bad code is gone from the address.
		await expect(page.getByRole('button', { name: EN.start })).toHaveCount(0);
		await expect(page).toHaveURL(/\/quiz$/);
		const field = page.getByRole('textbox', { name: 'Set code' });
		await expect(field).toHaveValue('NO-SUCH-SET');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveAccessibleDescription(/six letters or digits/);

		// Typed right, the code is used; "New set" would make a fresh one.
		await field.fill('abc123');
		await page.getByRole('button', { name: 'Use this code' }).click();
		await expect(page).toHaveURL(/\/quiz\?set=ABC123$/);
		await expect(page.getByRole('alert')).toHaveCount(0);
		await expect(page.getByRole('button', { name: EN.start })).toBeFocused();

		await page.goto('/quiz?set=12');
		await expect(page.getByRole('alert')).toContainText('“12”');
		await page.getByRole('button', { name: 'New set' }).click();
		await expect(page).toHaveURL(/\/quiz\?set=[A-Z0-9]{6}$/);
		await expect(page.getByRole('button', { name: EN.start })).toBeEnabled();
	});

	test('the presenter view, too, says that a set code in the link does not exist', async ({ page }) => {
		await page.goto('/quiz/present?set=nope');
		await expect(page.getByRole('alert')).toContainText('The set code “nope” from the link does not exist.');
		await expect(page).toHaveURL(/\/quiz\/present$/);
		await page.getByRole('textbox', { name: 'Another set code (optional)' }).fill('abc123');
		await page.getByRole('button', { name: 'Start presenting' }).click();
		await expect(page.getByText('Join with set code ABC123 at')).toBeVisible();
	});

	test('each new question starts at the top of the page, with the focus on its prompt', async ({ page }) => {
		// A phone: the question and its feedback are taller than the screen.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`/quiz?set=${SET}`);
		await page.getByRole('button', { name: EN.start }).click();
		const scrollTop = () => page.evaluate(() => Math.round(window.scrollY));
		for (let n = 1; n <= 3; n++) {
			await expect(page.getByText(EN.progress(n), { exact: true })).toBeInViewport();
			await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
			await expect.poll(scrollTop).toBe(0);
			await page.getByRole('radio').last().check();
			await page.getByRole('button', { name: EN.check }).click();
			const next = page.getByRole('button', { name: EN.next });
			await next.scrollIntoViewIfNeeded();
			expect(await scrollTop()).toBeGreaterThan(0);
			await next.click();
		}
	});

	test('without a code, the learner gets a fresh set and a link to share it', async ({ page }) => {
		await page.goto('/quiz');
		const link = page.getByText(/\/quiz\?set=[A-Z0-9]{6}$/);
		await expect(link).toBeVisible();
		const url = (await link.innerText()).trim();
		await page.getByRole('button', { name: EN.start }).click();
		await expect(page).toHaveURL(url);
	});
});

test.describe('shield quiz, presenter view', () => {
	test('is stepped through by keyboard: reveal, next, back, to the end and home again', async ({ page }) => {
		await page.goto(`/quiz/present?set=${SET}`);
		await expect(page.getByRole('heading', { level: 1, name: 'Shield quiz: presenter view' })).toBeVisible();
		await expect(page.getByText(SET, { exact: true })).toBeVisible();
		// Keyboard only, from the top of the page.
		const start = page.getByRole('button', { name: 'Start presenting' });
		for (let i = 0; i < 20 && !(await start.evaluate((el) => el === document.activeElement)); i++) {
			await page.keyboard.press('Tab');
		}
		await expect(start).toBeFocused();
		await page.keyboard.press('Enter');

		await expect(page.getByText(`Join with set code ${SET} at`)).toBeVisible();
		await expect(page.getByText(new RegExp(`/quiz\\?set=${SET}$`))).toBeVisible();
		const count = (n: number) => page.getByText(EN.progress(n), { exact: true });
		const answer = page.getByRole('heading', { level: 2, name: /^Answer: [A-E]\b/ });

		await expect(count(1)).toBeVisible();
		const firstPrompt = await page.getByRole('heading', { level: 1 }).innerText();
		await expect(answer).toHaveCount(0);
		await page.keyboard.press('Space');
		await expect(answer).toBeVisible();
		await expect(page.getByText('right answer')).toBeVisible();
		await page.keyboard.press('ArrowRight');
		await expect(count(2)).toBeVisible();
		await expect(answer).toHaveCount(0);
		await page.keyboard.press('ArrowLeft');
		await expect(count(1)).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstPrompt);

		// Enter shows the answer, the next Enter goes on: a whole set with one key.
		for (let n = 1; n <= SIZE; n++) {
			await expect(count(n)).toBeVisible();
			await page.keyboard.press('Enter');
			await expect(answer).toBeVisible();
			await page.keyboard.press('Enter');
		}
		await expect(page.getByRole('heading', { level: 1, name: 'End of the set' })).toBeVisible();
		await page.keyboard.press('Home');
		await expect(count(1)).toBeVisible();
	});

	test('shows the questions in the same order as the learners see them', async ({ page }) => {
		await page.goto(`/quiz/present?set=${SET}`);
		await page.getByRole('button', { name: 'Start presenting' }).click();
		const presented: string[] = [];
		for (let n = 1; n <= 3; n++) {
			presented.push(await page.getByRole('heading', { level: 1 }).innerText());
			await page.keyboard.press('ArrowRight');
		}
		await page.goto(`/quiz?set=${SET}`);
		await page.getByRole('button', { name: EN.start }).click();
		for (let n = 1; n <= 3; n++) {
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(presented[n - 1]!);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: EN.check }).click();
			await page.getByRole('button', { name: EN.next }).click();
		}
	});
});

test.describe('quiz, Element today (2026)', () => {
	test('a learner takes the 2026 set from ?element=2026: its edition on the start screen, two questions, the score', async ({
		page
	}) => {
		await page.goto('/quiz?element=2026');
		await expect(page.getByText(/^Questions on Element today \(2026\)/)).toBeVisible();
		// The set's code, as the learner reads it: a 2026 code is "26" and six characters.
		await expect(page.getByText(/^Set code: 26[A-Z2-9]{6}$/)).toBeVisible();
		await page.getByRole('button', { name: EN.start }).click();
		const total = 10;
		await expect(page.getByText(`Question 1 of ${total}`, { exact: true })).toBeVisible();
		// Two questions read closely: a choice, the verdict, the right answer named, on to the next.
		for (let n = 1; n <= 2; n++) {
			await page.getByRole('radio').last().check();
			await page.getByRole('button', { name: EN.check }).click();
			await expect(page.getByRole('heading', { level: 2, name: verdict(EN) })).toBeFocused();
			await page.getByRole('button', { name: EN.next }).click();
			await expect(page.getByText(`Question ${n + 1} of ${total}`, { exact: true })).toBeVisible();
		}
		// The rest guessed quickly, to the score.
		for (let n = 3; n <= total; n++) {
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: EN.check }).click();
			await page.getByRole('button', { name: n === total ? EN.finish : EN.next }).click();
		}
		await expect(
			page.getByRole('heading', { level: 1, name: new RegExp(`^\\d+ of ${total} right$`) })
		).toBeFocused();
	});
});
