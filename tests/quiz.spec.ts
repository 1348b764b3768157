import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SET = 'ABC123';
const SIZE = 12;

/** What a learner reads on the buttons and headings, per language. */
const EN = {
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
const DE: typeof EN = {
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

async function switchToGerman(page: Page) {
	await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

/** The question as the learner sees it before answering (prompt, material, choices), without the progress line. */
async function questionText(page: Page): Promise<string> {
	let text = await page.getByRole('main').innerText();
	// A notice about the answer ("Choose an answer first.") is not part of the question.
	for (const alert of await page.getByRole('main').getByRole('alert').allInnerTexts())
		text = text.replace(alert, '');
	return text
		.replace(/^(Question|Frage) \d+ (of|von) \d+$/m, '')
		.replace(/\s+/g, ' ')
		.trim();
}

const verdict = (L: typeof EN) => new RegExp(`^(${L.right}|${L.wrong})$`);

/**
 * Answers every question with the first choice, as a guessing learner would. Returns, per question, the right
 * answer read from the feedback, and the score.
 */
async function guessThrough(page: Page, L: typeof EN) {
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

async function takeWholeSet(page: Page, L: typeof EN) {
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

test.describe('shield quiz, accessibility and safety', () => {
	const axe = (page: Page) => new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();

	test('axe finds nothing on the quiz start page, in English and German', async ({ page }) => {
		await page.goto(`/quiz?set=${SET}`);
		await expect(page.getByRole('button', { name: EN.start })).toBeEnabled();
		expect((await axe(page)).violations).toEqual([]);
		await switchToGerman(page);
		await expect(page.getByRole('button', { name: DE.start })).toBeEnabled();
		expect((await axe(page)).violations).toEqual([]);
	});

	// Each question kind has its own scene: axe looks at every kind once before checking and once after, in two
	// tests so that neither comes near its time budget on a busy machine.
	for (const when of ['before', 'after'] as const) {
		test(`axe finds nothing on each kind of question, ${when} checking the answer`, async ({ page }) => {
			test.slow(); // walks a whole set of twelve questions
			await page.goto(`/quiz?set=${SET}`);
			await page.getByRole('button', { name: EN.start }).click();
			const kinds = new Set<string>();
			for (let n = 1; n <= SIZE; n++) {
				const kind = await page
					.getByRole('heading', { level: 1 })
					.locator('xpath=preceding-sibling::p[1]')
					.innerText();
				const fresh = !kinds.has(kind);
				kinds.add(kind);
				if (fresh && when === 'before') expect((await axe(page)).violations, `question ${n}`).toEqual([]);
				await page.getByRole('radio').first().check();
				await page.getByRole('button', { name: EN.check }).click();
				await expect(page.getByRole('heading', { level: 2, name: verdict(EN) })).toBeFocused();
				if (fresh && when === 'after') expect((await axe(page)).violations, `question ${n}`).toEqual([]);
				await page.getByRole('button', { name: n === SIZE ? EN.finish : EN.next }).click();
			}
			expect(kinds.size).toBe(4);
		});
	}

	test('axe finds nothing on the score and review, in English and German', async ({ page }) => {
		test.slow(); // walks a whole set of twelve questions (or more)
		await page.goto(`/quiz?set=${SET}`);
		await page.getByRole('button', { name: EN.start }).click();
		await guessThrough(page, EN);
		await expect(page.getByRole('heading', { level: 2, name: EN.review })).toBeVisible();
		expect((await axe(page)).violations).toEqual([]);
		await switchToGerman(page);
		await expect(page.getByRole('heading', { level: 2, name: DE.review })).toBeVisible();
		expect((await axe(page)).violations).toEqual([]);
	});

	test('a shield in a question is named by how it looks, never by what it means', async ({ page }) => {
		test.slow(); // walks a whole set of twelve questions (or more)
		const looks = ['Grey shield', 'Red shield with “!”', 'Green shield with ✓', 'Unable to decrypt message'];
		/** Every shield in the question's scene: its name (and tooltip) is a look, and no choice's text. */
		async function expectNamedByLook(choices: string[]): Promise<string[]> {
			const places: string[] = [];
			for (const scene of await page.getByRole('figure').all()) {
				const place = await scene.locator('figcaption').innerText();
				for (const shield of await scene.getByRole('img').all()) {
					const name = (await shield.getAttribute('aria-label')) ?? '';
					expect(looks, `${place}: “${name}”`).toContain(name);
					expect(await shield.getAttribute('title')).toBe(name);
					expect(choices).not.toContain(name);
					places.push(place);
				}
			}
			return places;
		}
		const choiceTexts = async () =>
			(await page.getByRole('radio').all()).length
				? (await page.getByRole('group', { name: EN.answer }).locator('label').allInnerTexts()).map((t) =>
						t.replace(/^[A-H]\s*/, '').trim()
					)
				: [];

		// The presenter view steps through a set quickly: find a set that asks about a room header's shield.
		let code: string | undefined;
		for (const candidate of [
			'ABC123',
			'ROOMS1',
			'ROOMS2',
			'ROOMS3',
			'ROOMS4',
			'ROOMS5',
			'ROOMS6',
			'ROOMS7'
		]) {
			await page.goto(`/quiz/present?set=${candidate}`);
			await page.getByRole('button', { name: 'Start presenting' }).click();
			for (let n = 1; n <= SIZE && !code; n++) {
				await expect(page.getByText(EN.progress(n), { exact: true })).toBeVisible();
				const places = await expectNamedByLook([]);
				if (places.includes('In Element: the room header')) code = candidate;
				await page.keyboard.press('ArrowRight');
			}
			if (code) break;
		}
		expect(code, 'a set with a room header among the candidates').toBeDefined();

		// The learner's view of that set, question by question.
		await page.goto(`/quiz?set=${code}`);
		await page.getByRole('button', { name: EN.start }).click();
		const places = new Set<string>();
		for (let n = 1; n <= SIZE; n++) {
			await expect(page.getByText(EN.progress(n), { exact: true })).toBeVisible();
			for (const place of await expectNamedByLook(await choiceTexts())) places.add(place);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: EN.check }).click();
			await page.getByRole('button', { name: n === SIZE ? EN.finish : EN.next }).click();
		}
		expect(places).toContain('In Element: the room header');
	});

	for (const when of ['before', 'after'] as const) {
		test(`axe finds nothing on the presenter view's slides of each kind, ${when} the answer is shown`, async ({
			page
		}) => {
			test.slow(); // steps through a whole set, with four axe runs
			await page.goto(`/quiz/present?set=${SET}`);
			await expect(page.getByRole('button', { name: 'Start presenting' })).toBeEnabled();
			if (when === 'before') expect((await axe(page)).violations).toEqual([]);
			await page.getByRole('button', { name: 'Start presenting' }).click();
			const kinds = new Set<string>();
			for (let n = 1; n <= SIZE; n++) {
				await expect(page.getByText(EN.progress(n), { exact: true })).toBeVisible();
				const kind = await page
					.getByRole('heading', { level: 1 })
					.locator('xpath=preceding-sibling::p[1]')
					.innerText();
				if (!kinds.has(kind)) {
					kinds.add(kind);
					if (when === 'after') {
						await page.keyboard.press('Space');
						await expect(page.getByRole('heading', { level: 2, name: /^Answer: [A-E]\b/ })).toBeVisible();
					}
					expect((await axe(page)).violations, `slide ${n}`).toEqual([]);
				}
				await page.keyboard.press('ArrowRight');
			}
			expect(kinds.size).toBe(4);
			if (when === 'after') {
				await expect(page.getByRole('heading', { level: 1, name: 'End of the set' })).toBeVisible();
				expect((await axe(page)).violations).toEqual([]);
			}
		});
	}

	test('axe finds nothing on the presenter view on a phone, in German, with the answer shown', async ({
		page
	}) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`/quiz/present?set=${SET}`);
		await switchToGerman(page);
		await page.getByRole('button', { name: 'Präsentation starten' }).click();
		await page.keyboard.press('Space');
		await expect(page.getByRole('heading', { level: 2, name: /^Antwort: [A-E]\b/ })).toBeVisible();
		expect((await axe(page)).violations).toEqual([]);
	});

	test('the quiz stays on its own origin, loads no WASM, and runs without errors or CSP violations', async ({
		page
	}) => {
		const requests: string[] = [];
		const problems: string[] = [];
		page.on('request', (request) => requests.push(request.url()));
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error' || message.type() === 'warning') {
				problems.push(`console ${message.type()}: ${message.text()}`);
			}
		});
		await page.goto(`/quiz?set=${SET}`, { waitUntil: 'networkidle' });
		await page.getByRole('button', { name: EN.start }).click();
		await page.getByRole('radio').first().check();
		await page.getByRole('button', { name: EN.check }).click();
		await page.goto(`/quiz/present?set=${SET}`, { waitUntil: 'networkidle' });
		await page.getByRole('button', { name: 'Start presenting' }).click();
		await page.keyboard.press('Space');

		const origin = new URL(page.url()).origin;
		expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
		expect(requests.filter((url) => new URL(url).pathname.endsWith('.wasm'))).toEqual([]);
		expect(problems).toEqual([]);
	});

	test('the course home page links to the quiz', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: /Take the shield quiz/ }).click();
		await expect(page).toHaveURL(/\/quiz$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.heading })).toBeVisible();
	});
});
