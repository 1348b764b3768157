/**
 * The SAS emoji are pictures shipped with the course, so that a browser without a colour emoji font (Debian's
 * Chromium, which runs these tests) still shows them: every picture loads from the course's own origin, shows the
 * emoji whose name stands beside it, and Bob's phone in the call draws another emoji set than the learner's screen.
 */
import type { Locator, Page } from '@playwright/test';
import table from '@matrix-org/spec/sas-emoji.json' with { type: 'json' };
import { expect, openProfile, openRoom, panel, test } from './sandbox-fixtures';

/** The course corrects one slip of the table's German: only the noun is capitalised. */
const GERMAN_CORRECTED: Readonly<Record<number, string>> = { 36: 'Daumen hoch' };

interface Picture {
	/** Which emoji the picture file is (its SAS index, from the asset's name), and from which set. */
	set: string;
	index: number;
	name: string;
	naturalWidth: number;
	url: string;
}

/** Each list item's picture (loaded, with its natural width) and the name written beside it. */
async function picturesOf(list: Locator): Promise<Picture[]> {
	await expect(list.getByRole('listitem')).toHaveCount(7);
	const images = list.locator('img');
	await expect(images).toHaveCount(7);
	// Wait until every picture has finished loading (or failed, which naturalWidth 0 then reports).
	await expect
		.poll(() => images.evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete)))
		.toBe(true);
	const items = await list.getByRole('listitem').all();
	return Promise.all(
		items.map(async (item) => {
			const img = item.locator('img');
			const { src, naturalWidth } = await img.evaluate((el) => ({
				src: (el as HTMLImageElement).currentSrc,
				naturalWidth: (el as HTMLImageElement).naturalWidth
			}));
			const match = /\/(twemoji|noto)-(\d+)-[a-z-]+\.[\w-]+\.svg$/.exec(new URL(src).pathname);
			expect(match, `picture file ${src}`).not.toBeNull();
			return {
				set: match![1]!,
				index: Number(match![2]),
				name: (await item.innerText()).trim(),
				naturalWidth,
				url: src
			};
		})
	);
}

function expectTrue(pictures: Picture[], locale: 'en' | 'de', origin: string): void {
	for (const picture of pictures) {
		expect(picture.naturalWidth, `${picture.url} loads`).toBeGreaterThan(0);
		expect(new URL(picture.url).origin).toBe(origin);
		// The name beside the picture is that emoji's name in the spec's table, in the page's language, with the
		// course's one correction of the table's German ("Daumen hoch": only when thumbs-up is among the seven).
		const row = table[picture.index]!;
		const name =
			locale === 'en'
				? row.description
				: (GERMAN_CORRECTED[picture.index] ?? row.translated_descriptions.de ?? row.description);
		expect(picture.name).toBe(name);
	}
}

async function verifyBobUpToTheEmoji(page: Page, german: boolean): Promise<{ mine: Locator; bobs: Locator }> {
	const t = german
		? { rooms: 'Räume', people: 'Personen', verify: 'Verifizieren', start: 'Verifizierung starten' }
		: { rooms: 'Rooms', people: 'People', verify: 'Verify', start: 'Start Verification' };
	await page.goto('/sandbox');
	if (german) await page.getByRole('button', { name: 'Deutsch' }).click();
	// The world starts with the real crypto: on a busy machine that takes a while, so wait for it generously.
	await expect(page.getByRole('navigation', { name: t.rooms })).toBeVisible({ timeout: 120_000 });
	await openRoom(page, 'Bob', t.rooms);
	await openProfile(page, 'Bob', t.people);
	await panel(page).getByRole('button', { name: t.verify, exact: true }).click();
	await panel(page).getByRole('button', { name: t.start }).click();
	await panel(page)
		.getByRole('button', { name: german ? 'Mit Emojis verifizieren' : 'Verify by emoji' })
		.click();
	const list = german ? 'Zu vergleichende Emojis' : 'Emoji to compare';
	const call = page.getByRole('region', { name: german ? 'Anruf mit Bob' : 'Call with Bob' });
	return {
		mine: panel(page).getByRole('list', { name: list }),
		bobs: call.getByRole('list', { name: list })
	};
}

for (const locale of ['en', 'de'] as const) {
	test(`${locale}: the emoji pictures load, name their emoji, and Bob's phone draws another set`, async ({
		page,
		baseURL
	}) => {
		// Starting the world and a verification with real crypto takes a while on a busy machine.
		test.slow();
		const { mine, bobs } = await verifyBobUpToTheEmoji(page, locale === 'de');
		const onScreen = await picturesOf(mine);
		const onPhone = await picturesOf(bobs);
		const origin = new URL(baseURL!).origin;
		expectTrue(onScreen, locale, origin);
		expectTrue(onPhone, locale, origin);

		// The same seven emoji, by name, in another set; the pictures of one emoji really differ.
		expect(onPhone.map((p) => p.name)).toEqual(onScreen.map((p) => p.name));
		expect(new Set(onScreen.map((p) => p.set))).toEqual(new Set(['twemoji']));
		expect(new Set(onPhone.map((p) => p.set))).toEqual(new Set(['noto']));
		const [mineSvg, bobsSvg] = await Promise.all(
			[onScreen[0]!.url, onPhone[0]!.url].map(async (url) => (await page.request.get(url)).text())
		);
		expect(mineSvg).toContain('<svg');
		expect(bobsSvg).toContain('<svg');
		expect(bobsSvg).not.toEqual(mineSvg);

		// Said once, beside Bob's emoji: compare the names.
		await expect(
			page.getByText(
				locale === 'en'
					? "Bob's phone draws the emoji differently from your screen: compare the names."
					: 'Das Handy von Bob zeichnet die Emojis anders als dein Bildschirm: Vergleiche die Namen.'
			)
		).toBeVisible();
	});
}
