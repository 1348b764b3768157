/**
 * `npm run screenshots`: pictures of the sandbox in Element classic (the 2021 guide's, chosen by link: today's Element
 * is the course's default) for a human to look at — the start, the shields, the emoji compare view with the call, and
 * the verified state — at 1280×800 and 390×844, in English and German. Needs a build
 * (`vite build`); writes PNGs to screenshots/. Colour emoji need a colour emoji font (Debian: fonts-noto-color-emoji).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openSite } from './site-under-test';

const PORT = Number(process.env.PORT ?? 4191);
const BASE = `http://localhost:${PORT}`;
const OUT = 'screenshots/sandbox';

const LABELS = {
	en: {
		rooms: 'Rooms',
		people: 'People',
		verify: 'Verify',
		start: 'Start Verification',
		byEmoji: 'Verify by emoji',
		match: 'They match',
		done: /successfully verified Bob/,
		language: 'Deutsch',
		bookClub: 'Book club'
	},
	de: {
		rooms: 'Räume',
		people: 'Personen',
		verify: 'Verifizieren',
		start: 'Verifizierung starten',
		byEmoji: 'Mit Emojis verifizieren',
		match: 'Sie passen zueinander',
		done: /Bob erfolgreich verifiziert/,
		language: 'Deutsch',
		bookClub: 'Buchclub'
	}
};

async function shoot(page: Page, name: string) {
	await page.waitForTimeout(250);
	await page.screenshot({ path: `${OUT}/${name}.png` });
	console.log(`${OUT}/${name}.png`);
}

async function run(page: Page, lang: 'en' | 'de', size: string, narrow: boolean) {
	const t = LABELS[lang];
	if (lang === 'de') {
		// The sandbox starts in the language chosen before it opens (names and earlier messages included).
		await page.goto(BASE);
		await page.getByRole('button', { name: t.language }).click();
	}
	await page.goto(`${BASE}/sandbox?element=classic`);
	const nav = page.getByRole('navigation', { name: t.rooms });
	await nav.waitFor({ timeout: 60_000 });
	const prefix = `${lang}-${size}`;
	await nav.getByRole('button', { name: t.bookClub }).click();
	await shoot(page, `${prefix}-1-sandbox`);
	if (narrow)
		await page
			.getByRole('button', { name: lang === 'en' ? 'Back to room list' : 'Zurück zur Raumliste' })
			.click();
	await nav.getByRole('button', { name: 'Bob' }).click();
	await page.getByRole('button', { name: t.people, exact: true }).click();
	await page.getByRole('complementary').getByRole('button', { name: /Bob/ }).click();
	await shoot(page, `${prefix}-2-profile`);
	await page.getByRole('button', { name: t.verify, exact: true }).click();
	await page.getByRole('button', { name: t.start }).click();
	await page.getByRole('button', { name: t.byEmoji }).click();
	await page.getByRole('button', { name: t.match }).waitFor();
	await shoot(page, `${prefix}-3-compare`);
	await page.getByRole('button', { name: t.match }).click();
	await page.getByText(t.done).waitFor();
	await shoot(page, `${prefix}-4-verified`);
	if (lang === 'de') return;

	// Dialogs (English only: the German words are covered by the screens above and the tests).
	if (narrow) {
		await page.getByRole('complementary').getByRole('button', { name: 'Close' }).click();
		await page.getByRole('button', { name: 'Back to room list' }).click();
	}
	await page.getByRole('button', { name: 'Add room' }).click();
	await page.getByRole('menuitem', { name: 'New room' }).click();
	await shoot(page, `${prefix}-5-create-room`);
	await page.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('navigation', { name: t.rooms }).getByRole('button', { name: t.bookClub }).click();
	await page.getByRole('button', { name: 'Room info' }).click();
	await page.getByRole('complementary').getByRole('button', { name: 'Settings' }).click();
	await page.getByRole('tab', { name: 'Security & Privacy' }).click();
	await page.getByRole('switch', { name: 'Encrypted' }).click();
	await shoot(page, `${prefix}-6-enable-encryption`);
	await page.getByRole('button', { name: 'OK', exact: true }).click();
	// OK closes the settings too, as in Element.
	await page.getByRole('dialog').waitFor({ state: 'detached' });
	await shoot(page, `${prefix}-7-book-club-encrypted`);
	if (narrow) {
		await page.getByRole('complementary').getByRole('button', { name: 'Close' }).click();
		await page.getByRole('button', { name: 'Back to room list' }).click();
	}
	await page.getByRole('button', { name: 'Continue', exact: true }).click();
	await page.getByRole('button', { name: 'Continue', exact: true }).click();
	await page.getByRole('textbox', { name: 'Security Key' }).waitFor();
	await shoot(page, `${prefix}-8-security-key`);
	// As in Element, "Continue" waits until the key is saved somewhere.
	await page.getByRole('button', { name: 'Download', exact: true }).click();
	await page.getByRole('button', { name: 'Continue', exact: true }).click();
	await page.getByRole('button', { name: 'Done', exact: true }).click();
	await page.getByRole('button', { name: 'Sign in on another device' }).click();
	await page.getByRole('heading', { name: 'Verify this device' }).waitFor();
	await shoot(page, `${prefix}-9-verify-this-device`);
	await page.getByRole('button', { name: 'Verify with another device' }).click();
	await page.getByRole('group', { name: 'Your devices' }).getByRole('button', { name: 'Phone' }).click();
	await page.getByRole('button', { name: 'Verify Session' }).waitFor();
	await shoot(page, `${prefix}-10-verification-requested`);
	await page.getByRole('button', { name: 'Verify Session' }).click();
	await page.getByRole('button', { name: 'Verify by emoji' }).click();
	await page.getByRole('button', { name: "They don't match" }).click();
	await page.getByRole('alertdialog', { name: 'Your messages are not secure' }).waitFor();
	await shoot(page, `${prefix}-11-not-secure`);
}

const site = await openSite(PORT);
try {
	mkdirSync(OUT, { recursive: true });
	const { browser } = site;
	const only = process.env.ONLY;
	for (const lang of ['en', 'de'] as const) {
		for (const [size, viewport] of [
			['1280', { width: 1280, height: 800 }],
			['390', { width: 390, height: 844 }]
		] as const) {
			if (only && !`${lang}-${size}`.includes(only)) continue;
			const page = await browser.newPage({ viewport, locale: 'en-US' });
			page.on('pageerror', (e) => console.error('page error:', e.message));
			await run(page, lang, size, viewport.width < 768);
			await page.close();
		}
	}
} finally {
	await site.close();
}
