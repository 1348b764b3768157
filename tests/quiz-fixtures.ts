/**
 * For the quiz tests: the labels a learner reads (English and German), and the walks through a set that several
 * tests share.
 */
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const SET = 'ABC123';
export const SIZE = 12;

/** What a learner reads on the buttons and headings, per language. */
export const EN = {
	heading: 'Shield quiz',
	shared: 'Everyone with this code gets the same questions in the same order.',
	start: 'Start the quiz',
	progress: (n: number) => `Question ${n} of ${SIZE}`,
	answer: 'Your answer',
	check: 'Check answer',
	chooseFirst: 'Choose an answer first.',
	right: 'Right!',
	wrong: 'Not quite.',
	rightAnswerIs: 'The right answer: ',
	next: 'Next question',
	finish: 'See your score',
	score: (r: number, t: number) => `${r} of ${t} right`,
	review: 'The ones to look at again',
	retry: 'Retry the wrong ones',
	allRight: 'All right – you read the shields like a pro.',
	backToCourse: 'Back to the course'
};
export const DE: typeof EN = {
	heading: 'Schild-Quiz',
	shared: 'Alle mit diesem Code bekommen dieselben Fragen in derselben Reihenfolge.',
	start: 'Quiz starten',
	progress: (n) => `Frage ${n} von ${SIZE}`,
	answer: 'Deine Antwort',
	check: 'Antwort prüfen',
	chooseFirst: 'Wähle zuerst eine Antwort.',
	right: 'Richtig!',
	wrong: 'Nicht ganz.',
	rightAnswerIs: 'Die richtige Antwort: ',
	next: 'Nächste Frage',
	finish: 'Zum Ergebnis',
	score: (r, t) => `${r} von ${t} richtig`,
	review: 'Diese solltest du dir noch einmal ansehen',
	retry: 'Falsche noch einmal versuchen',
	allRight: 'Alles richtig – du liest die Schilde wie ein Profi.',
	backToCourse: 'Zurück zum Kurs'
};

/** The header's "Deutsch" (disabled until the page's script runs; the click waits for it). */
export async function switchToGerman(page: Page) {
	await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

/** The question as the learner sees it before answering (prompt, material, choices), without the progress line. */
export async function questionText(page: Page): Promise<string> {
	let text = await page.getByRole('main').innerText();
	// A notice about the answer ("Choose an answer first.") is not part of the question.
	for (const alert of await page.getByRole('main').getByRole('alert').allInnerTexts())
		text = text.replace(alert, '');
	return text
		.replace(/^(Question|Frage) \d+ (of|von) \d+$/m, '')
		.replace(/\s+/g, ' ')
		.trim();
}

export const verdict = (L: typeof EN) => new RegExp(`^(${L.right}|${L.wrong})$`);

/**
 * Answers every question with the first choice, as a guessing learner would. Returns, per question, the right
 * answer read from the feedback, and the score.
 */
export async function guessThrough(page: Page, L: typeof EN) {
	const rightAnswers = new Map<string, string>();
	const order: string[] = [];
	let score = 0;
	for (let n = 1; n <= SIZE; n++) {
		await expect(page.getByText(L.progress(n), { exact: true })).toBeVisible();
		// Each new question takes the focus to its prompt (the first one's was moved by the caller).
		if (n > 1) await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
		const key = await questionText(page);
		order.push(key);
		const choices = page.getByRole('group', { name: L.answer }).getByRole('radio');
		expect(await choices.count()).toBeGreaterThanOrEqual(2);
		const first = choices.first();
		const firstLabel = await first.evaluate((el: HTMLInputElement) => el.labels?.[0]?.innerText.trim() ?? '');
		await first.check();
		await page.getByRole('button', { name: L.check }).click();
		const feedback = page.getByRole('heading', { level: 2, name: verdict(L) });
		await expect(feedback).toBeFocused();
		await expect(page.getByRole('radio').first()).toBeDisabled();
		if ((await feedback.innerText()).trim() === L.right) {
			score++;
			rightAnswers.set(key, firstLabel);
		} else {
			const line = await page.getByText(L.rightAnswerIs).innerText();
			rightAnswers.set(key, line.slice(L.rightAnswerIs.length).trim());
		}
		await page.getByRole('button', { name: n === SIZE ? L.finish : L.next }).click();
	}
	return { rightAnswers, score, order };
}

export async function takeWholeSet(page: Page, L: typeof EN) {
	await expect(page.getByRole('heading', { level: 1, name: L.heading })).toBeVisible();
	await expect(page.getByText(L.shared)).toBeVisible();
	await expect(page.getByText(SET, { exact: true })).toBeVisible();
	await page.getByRole('button', { name: L.start }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

	// Checking without choosing says what to do.
	await page.getByRole('button', { name: L.check }).click();
	await expect(page.getByRole('alert')).toHaveText(L.chooseFirst);

	const { rightAnswers, score } = await guessThrough(page, L);
	const wrong = SIZE - score;
	expect(wrong).toBeGreaterThan(0);
	await expect(page.getByRole('heading', { level: 1, name: L.score(score, SIZE) })).toBeFocused();

	// The review lists exactly the wrong ones, each with the right answer and its explanation.
	await expect(page.getByRole('heading', { level: 2, name: L.review })).toBeVisible();
	await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: L.rightAnswerIs })).toHaveCount(
		wrong
	);

	// Retry the wrong ones, now with the right answers.
	await page.getByRole('button', { name: L.retry }).click();
	for (let n = 1; n <= wrong; n++) {
		await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
		const answer = rightAnswers.get(await questionText(page));
		expect(answer).toBeDefined();
		await page
			.getByRole('group', { name: L.answer })
			.getByRole('radio', { name: answer, exact: true })
			.check();
		await page.getByRole('button', { name: L.check }).click();
		await expect(page.getByRole('heading', { level: 2, name: L.right })).toBeFocused();
		await page.getByRole('button', { name: n === wrong ? L.finish : L.next }).click();
	}
	await expect(page.getByRole('heading', { level: 1, name: L.score(wrong, wrong) })).toBeFocused();
	await expect(page.getByText(L.allRight)).toBeVisible();

	// The results lead back to the course.
	await page.getByRole('link', { name: L.backToCourse }).click();
	await expect(page).toHaveURL(/\/$/);
}
