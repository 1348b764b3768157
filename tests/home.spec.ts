import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectOwnOriginWithoutWasm, watchPage } from './page-watch';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	expect(results.violations).toEqual([]);
}

async function switchToGerman(page: Page) {
	await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

test.describe('course home page', () => {
	test('shows the course in English by default', async ({ page }) => {
		await page.goto('/');
		await expect(page).toHaveTitle(/E2EE Trainer/);
		await expect(page.getByRole('heading', { level: 1, name: 'E2EE Trainer' })).toBeVisible();
		await expect(page.getByText('Practise end-to-end encryption in Matrix')).toBeVisible();
		await expect(page.getByRole('heading', { name: 'What you will practise' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Who it is for' })).toBeVisible();
		await expect(
			page.getByText('Set up Secure Backup and keep your Security Key somewhere safe')
		).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Lessons', exact: true })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');

		const language = page.getByRole('group', { name: 'Language' });
		await expect(language.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
		await expect(language.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'false');
	});

	test('switches to German, and keeps German after a reload', async ({ page }) => {
		await page.goto('/');
		await switchToGerman(page);

		await expect(page.getByRole('heading', { name: 'Was du übst' })).toBeVisible();
		await expect(page.getByText('Ende-zu-Ende-Verschlüsselung in Matrix üben')).toBeVisible();
		await expect(page).toHaveTitle(/Matrix-Verschlüsselung üben/);
		const language = page.getByRole('group', { name: 'Sprache' });
		await expect(language.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByText('What you will practise')).toHaveCount(0);

		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(page.getByRole('heading', { name: 'Was du übst' })).toBeVisible();
		await expect(
			page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'Deutsch' })
		).toHaveAttribute('aria-pressed', 'true');

		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { name: 'What you will practise' })).toBeVisible();
	});

	test.describe('with a German browser', () => {
		test.use({ locale: 'de-DE' });

		test('follows the browser language when nothing was chosen', async ({ page }) => {
			await page.goto('/');
			await expect(page.locator('html')).toHaveAttribute('lang', 'de');
			await expect(page.getByRole('heading', { name: 'Für wen ist der Kurs?' })).toBeVisible();
		});
	});

	test('the Element version is chosen on the home page, by a link, and remembered', async ({ page }) => {
		const version = page.getByRole('group', { name: 'Element version' });
		const today = version.getByRole('radio', { name: 'Element today (2026)' });
		const classic = version.getByRole('radio', { name: 'Element classic (as in the 2021 guide)' });
		const lessons = page.getByRole('region', { name: 'Lessons' });
		const todayOnly = lessons.getByRole('link', { name: /Confirm your digital identity on a new device/ });
		// The page is prerendered in today's Element (the default); what was remembered shows once its script ran,
		// which enables the choices.
		async function open(path = '/') {
			await page.goto(path);
			await expect(classic).toBeEnabled();
		}

		// The suite's storage remembers classic.
		await open();
		await expect(classic).toBeChecked();
		await expect(version).toContainText('Settings → Encryption');
		await expect(page.getByRole('heading', { name: 'The three room shields' })).toBeVisible();
		await expect(todayOnly).toHaveCount(0);

		await today.check();
		await expect(today).toBeChecked();
		// The home page then speaks of today's signals instead of the three room shields.
		await expect(page.getByRole('heading', { name: "What today's Element shows" })).toBeVisible();
		await expect(page.getByText('Untrusted', { exact: true })).toBeVisible();
		await expect(page.getByText('Get a recovery key under Settings → Encryption')).toBeVisible();
		await expect(todayOnly).toBeVisible();
		await page.reload();
		await expect(classic).toBeEnabled();
		await expect(today).toBeChecked();
		await expect(todayOnly).toBeVisible();

		// Classic, chosen, is remembered over the prerendered default: its radio, its shields, its lesson list.
		await classic.check();
		await page.reload();
		await expect(classic).toBeEnabled();
		await expect(classic).toBeChecked();
		await expect(today).not.toBeChecked();
		await expect(page.getByRole('heading', { name: 'The three room shields' })).toBeVisible();
		await expect(lessons.getByRole('link', { name: /Protect your keys/ })).toBeVisible();
		await expect(todayOnly).toHaveCount(0);

		// A guide links straight to its edition; the link's choice is then remembered without it.
		await page.goto('/sandbox?element=2026');
		await expect(page.getByText('Element version: Element today (2026)')).toBeVisible();
		await open();
		await expect(today).toBeChecked();
		await open('/?element=classic');
		await expect(classic).toBeChecked();
		await open();
		await expect(classic).toBeChecked();
		await expect(todayOnly).toHaveCount(0);

		await switchToGerman(page);
		await expect(
			page
				.getByRole('group', { name: 'Element-Version' })
				.getByRole('radio', { name: 'Element klassisch (wie in der Anleitung von 2021)' })
		).toBeChecked();
	});

	test.describe('a fresh visitor (no Element version stored)', () => {
		// The suite's storage remembers "classic" for tests that do not choose; this visitor has chosen nothing.
		test.use({ storageState: { cookies: [], origins: [] } });

		test('meets today’s Element (2026), and the “?element=classic” link still chooses classic', async ({
			page
		}) => {
			await page.goto('/');
			const version = page.getByRole('group', { name: 'Element version' });
			const today = version.getByRole('radio', { name: 'Element today (2026)' });
			const classic = version.getByRole('radio', { name: 'Element classic (as in the 2021 guide)' });
			// Still today's once the page's script ran (it enables the choices), not only as prerendered.
			await expect(classic).toBeEnabled();
			await expect(today).toBeChecked();
			await expect(page.getByRole('heading', { name: "What today's Element shows" })).toBeVisible();
			const lessons = page.getByRole('region', { name: 'Lessons' });
			await expect(
				lessons.getByRole('link', { name: /Confirm your digital identity on a new device/ })
			).toBeVisible();

			await page.goto('/?element=classic');
			await expect(classic).toBeChecked();
			await expect(page.getByRole('heading', { name: 'The three room shields' })).toBeVisible();
			await expect(lessons.getByRole('link', { name: /Confirm your digital identity/ })).toHaveCount(0);
			await page.goto('/');
			await expect(classic).toBeEnabled();
			await expect(classic).toBeChecked();
		});
	});

	test('has no axe violations in English, nor after switching to German', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoAxeViolations(page);
		await switchToGerman(page);
		await expectNoAxeViolations(page);
	});

	test('has no axe violations on a phone-sized screen', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('the language switch works with the keyboard', async ({ page }) => {
		await page.goto('/');
		const german = page.getByRole('button', { name: 'Deutsch' });
		// The buttons wait, disabled, until the page's script runs (a disabled button takes no focus).
		await expect(german).toBeEnabled();
		await german.focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(german).toBeFocused();
	});

	test('stays on its own origin, loads no WASM, and runs without errors or CSP violations', async ({
		page
	}) => {
		const watched = watchPage(page);

		await page.goto('/', { waitUntil: 'networkidle' });
		await switchToGerman(page);
		await page.reload({ waitUntil: 'networkidle' });
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

		expect(watched.requests.length).toBeGreaterThan(0);
		expectOwnOriginWithoutWasm(page, watched);
	});

	test('sends a strict Content-Security-Policy', async ({ page }) => {
		await page.goto('/');
		const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		expect(csp).toBeTruthy();
		for (const directive of [
			"default-src 'self'",
			"script-src 'self' 'wasm-unsafe-eval'",
			"connect-src 'self'",
			"object-src 'none'",
			"base-uri 'self'",
			"form-action 'self'"
		]) {
			expect(csp).toContain(directive);
		}
		expect(csp).not.toContain('unsafe-inline');
		expect(csp).not.toContain("'unsafe-eval'");
	});
});

test('the static server answers unknown paths with 404', async ({ request }) => {
	const response = await request.get('/no-such-page');
	expect(response.status()).toBe(404);
});
