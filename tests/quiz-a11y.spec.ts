/**
 * The quiz's accessibility and safety: axe on every kind of screen, shields named by their look, no WASM, no outside
 * requests, no CSP violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectOwnOriginWithoutWasm, watchPage } from './page-watch';
import { EN, DE, SET, SIZE, WCAG_TAGS, guessThrough, switchToGerman, verdict } from './quiz-fixtures';

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

	/** What makes a question's screen differ from another's: its kind and the places its scenes show. */
	const sceneKey = async (page: Page) =>
		[
			await page.getByRole('heading', { level: 1 }).locator('xpath=preceding-sibling::p[1]').innerText(),
			...(await page.getByRole('figure').locator('figcaption').allInnerTexts())
		].join(' | ');

	// Each question kind has its own scene: axe looks at every kind once before checking and once after, in one walk
	// through the set (two walks of the same twelve questions cost a page load and a walk more, and checked nothing more).
	test('axe finds nothing on each kind of question, before and after checking the answer', async ({
		page
	}) => {
		test.slow(); // walks a whole set of twelve questions, with eight axe runs
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
			if (fresh) expect((await axe(page)).violations, `question ${n}, before checking`).toEqual([]);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: EN.check }).click();
			await expect(page.getByRole('heading', { level: 2, name: verdict(EN) })).toBeFocused();
			if (fresh) expect((await axe(page)).violations, `question ${n}, after checking`).toEqual([]);
			await page.getByRole('button', { name: n === SIZE ? EN.finish : EN.next }).click();
		}
		expect(kinds.size).toBe(4);
	});

	test("axe finds nothing on the 2026 set's questions (header, member list, banner, notice, message boxes)", async ({
		page
	}) => {
		test.slow(); // walks the ten questions, with axe on each kind of scene
		await page.goto('/quiz?element=2026&set=26ABC123');
		await page.getByRole('button', { name: EN.start }).click();
		const scenes = new Set<string>();
		for (let n = 1; n <= 10; n++) {
			await expect(page.getByText(`Question ${n} of 10`, { exact: true })).toBeVisible();
			const key = await sceneKey(page);
			const fresh = !scenes.has(key);
			scenes.add(key);
			if (fresh) expect((await axe(page)).violations, `question ${n}: ${key}`).toEqual([]);
			// Today's member list draws no grey shield (someone not verified yet gets no mark), nor does any 2026 scene.
			await expect(page.getByRole('figure').getByRole('img', { name: 'Grey shield' })).toHaveCount(0);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: EN.check }).click();
			if (n === 1) expect((await axe(page)).violations, 'checked').toEqual([]);
			await page.getByRole('button', { name: n === 10 ? EN.finish : EN.next }).click();
		}
		// The set shows more than one kind of scene, each looked at once.
		expect(scenes.size).toBeGreaterThan(2);
	});

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

	// One walk through the presenter's slides: each kind once before its answer is shown, and once after.
	test("axe finds nothing on the presenter view's slides of each kind, before and after the answer is shown", async ({
		page
	}) => {
		test.slow(); // steps through a whole set, with ten axe runs
		await page.goto(`/quiz/present?set=${SET}`);
		await expect(page.getByRole('button', { name: 'Start presenting' })).toBeEnabled();
		expect((await axe(page)).violations).toEqual([]);
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
				expect((await axe(page)).violations, `slide ${n}, before the answer`).toEqual([]);
				await page.keyboard.press('Space');
				await expect(page.getByRole('heading', { level: 2, name: /^Answer: [A-E]\b/ })).toBeVisible();
				expect((await axe(page)).violations, `slide ${n}, with the answer`).toEqual([]);
			}
			await page.keyboard.press('ArrowRight');
		}
		expect(kinds.size).toBe(4);
		await expect(page.getByRole('heading', { level: 1, name: 'End of the set' })).toBeVisible();
		expect((await axe(page)).violations).toEqual([]);
	});

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
		const watched = watchPage(page);
		await page.goto(`/quiz?set=${SET}`, { waitUntil: 'networkidle' });
		await page.getByRole('button', { name: EN.start }).click();
		await page.getByRole('radio').first().check();
		await page.getByRole('button', { name: EN.check }).click();
		await page.goto(`/quiz/present?set=${SET}`, { waitUntil: 'networkidle' });
		await page.getByRole('button', { name: 'Start presenting' }).click();
		await page.keyboard.press('Space');

		expectOwnOriginWithoutWasm(page, watched);
	});

	test('the course home page links to the quiz', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: /Take the shield quiz/ }).click();
		await expect(page).toHaveURL(/\/quiz$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.heading })).toBeVisible();
	});
});
