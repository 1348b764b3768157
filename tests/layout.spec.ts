/**
 * The lesson page on laptop, desktop and phone screens (issue 10 §6): lesson 6 (verify Bob by emoji) at 1280×720,
 * 1366×768, 1920×1080 and 390×844, in English and German, with each side panel open in turn (people, Bob's profile,
 * the verification with the call, the lesson panel folded, the call ended). Each state is photographed into `screenshots/layout/`
 * for a human to look at, and a script checks that no text in the room header, the timeline, the composer, the call
 * or the right panel is clipped, overflows its box or is broken inside a word.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './lesson-fixtures';

/** On a machine busy with other work the engine may take a while to start the lesson's client. */
const CLIENT_TIMEOUT = 120_000;

/** `LAYOUT_BEFORE=1` photographs the page as it was (no fold toggle) into screenshots/layout-before/. */
const BEFORE = !!process.env.LAYOUT_BEFORE;
const OUT = BEFORE ? 'screenshots/layout-before' : 'screenshots/layout';

const SIZES = [
	{ width: 1280, height: 720 },
	{ width: 1366, height: 768 },
	{ width: 1920, height: 1080 },
	{ width: 390, height: 844 }
] as const;

const LABELS = {
	en: {
		rooms: 'Rooms',
		lesson: 'Lesson',
		status: 'Step {step} of {total}',
		people: 'People',
		emoji: 'Verify by emoji',
		list: 'Emoji to compare',
		call: 'Call with Bob',
		hangUp: 'Hang up',
		ended: 'You hung up on Bob',
		callAgain: 'Call Bob',
		hideLesson: 'Hide lesson',
		showLesson: 'Show lesson'
	},
	de: {
		rooms: 'Räume',
		lesson: 'Lektion',
		status: 'Schritt {step} von {total}',
		people: 'Personen',
		emoji: 'Mit Emojis verifizieren',
		list: 'Zu vergleichende Emojis',
		call: 'Anruf mit Bob',
		hangUp: 'Auflegen',
		ended: 'Du hast das Gespräch mit Bob beendet',
		callAgain: 'Bob anrufen',
		hideLesson: 'Lektion ausblenden',
		showLesson: 'Lektion einblenden'
	}
};

/**
 * Runs in the page: every text in the room header, timeline, composer, call and right panel must fit. A problem is
 * an element whose content is wider than its box (unless it truncates on purpose with an ellipsis and still shows
 * a readable part), a word that runs out of its box, a word broken over two lines, or an input's placeholder wider
 * than the input.
 */
async function textProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const AREAS: Record<string, string> = {
			'room header': '.room-header',
			timeline: '.timeline-scroll',
			composer: '.composer',
			call: '.call',
			'right panel': '.right-panel'
		};
		const problems: string[] = [];
		const shown = (el: Element) => {
			const box = el.getBoundingClientRect();
			if (box.width <= 1 || box.height <= 1) return false; // visually hidden text for screen readers
			for (let e: Element | null = el; e; e = e.parentElement) {
				const cs = getComputedStyle(e);
				if (cs.display === 'none' || cs.visibility === 'hidden') return false;
				if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return false;
			}
			return true;
		};
		const blockOf = (el: Element) => {
			let e: Element | null = el;
			while (e && getComputedStyle(e).display === 'inline') e = e.parentElement;
			return e ?? el;
		};
		const canvas = document.createElement('canvas').getContext('2d')!;
		for (const [area, selector] of Object.entries(AREAS)) {
			for (const root of document.querySelectorAll(selector)) {
				if (!shown(root)) continue;
				const all = [root, ...root.querySelectorAll('*')];
				for (const el of all) {
					if (!(el instanceof HTMLElement) || !shown(el)) continue;
					const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
					const cs = getComputedStyle(el);
					const text = (el.innerText || '').trim().slice(0, 40);
					if (own && el.clientWidth > 0 && el.scrollWidth - el.clientWidth > 1) {
						// An ellipsis is meant, but "B…" is not a name: at least 6 characters' room must show.
						const readable = Math.min(el.scrollWidth, parseFloat(cs.fontSize) * 6);
						if (cs.textOverflow !== 'ellipsis') {
							problems.push(`${area}: "${text}" is clipped (${el.scrollWidth}px in ${el.clientWidth}px)`);
						} else if (el.clientWidth < readable) {
							problems.push(`${area}: "${text}" is cut to ${el.clientWidth}px`);
						}
					}
					if (el instanceof HTMLInputElement && el.placeholder) {
						canvas.font = cs.font;
						const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
						const need = canvas.measureText(el.placeholder).width;
						if (need > room + 1) {
							problems.push(
								`${area}: placeholder "${el.placeholder}" is cut (${Math.round(need)}px in ${room}px)`
							);
						}
					}
				}
				// Every word: on one line, and inside the box of the element that holds it.
				const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
				for (let node = walker.nextNode(); node; node = walker.nextNode()) {
					const parent = node.parentElement;
					if (!parent || !shown(parent)) continue;
					const holder = blockOf(parent);
					const hcs = getComputedStyle(holder);
					if (hcs.textOverflow === 'ellipsis') continue; // checked above
					const box = holder.getBoundingClientRect();
					// A hyphenated compound may wrap after a hyphen ("end-to-|end"): each part is a word here.
					for (const match of (node.textContent ?? '').matchAll(/[^\s\-‐]+[-‐]?/g)) {
						const range = document.createRange();
						range.setStart(node, match.index);
						range.setEnd(node, match.index + match[0].length);
						const rects = [...range.getClientRects()].filter((r) => r.width > 0);
						if (!rects.length) continue;
						const tops = new Set(rects.map((r) => Math.round(r.top / 4)));
						if (match[0].length > 1 && tops.size > 1) {
							problems.push(`${area}: the word "${match[0]}" is broken over ${tops.size} lines`);
						}
						const right = Math.max(...rects.map((r) => r.right));
						const left = Math.min(...rects.map((r) => r.left));
						if (right > box.right + 1 || left < box.left - 1) {
							problems.push(`${area}: the word "${match[0]}" runs out of its box`);
						}
					}
				}
			}
		}
		return [...new Set(problems)];
	});
}

for (const lang of ['en', 'de'] as const) {
	// One world per language: each state of the page is photographed and checked at every screen size in turn.
	test(`${lang}: at every size the client keeps its proportions with each panel open; no text is clipped`, async ({
		page,
		learner
	}) => {
		test.setTimeout(300_000);
		const t = LABELS[lang];
		const problems: Record<string, string[]> = {};
		const shoot = async (state: string) => {
			for (const size of SIZES) {
				const name = `${lang}-${size.width}x${size.height}`;
				await page.setViewportSize(size);
				await page.screenshot({ path: `${OUT}/${name}-${state}.png`, fullPage: size.width < 768 });
				const found = await textProblems(page);
				if (found.length) problems[`${name} ${state}`] = found;
			}
			await page.setViewportSize(SIZES[0]);
		};
		await page.setViewportSize(SIZES[0]);
		if (lang === 'de') await learner.useGerman();
		await learner.openLesson('verify-contact', { rooms: t.rooms, timeout: CLIENT_TIMEOUT });
		const lesson = learner.lessonPanel(t.lesson);

		await learner.openRoom('Bob', t.rooms);
		await shoot('1-room');

		await page.getByRole('button', { name: t.people, exact: true }).click();
		const bob = learner.panel().getByRole('button', { name: /^Bob/ });
		await expect(bob).toBeVisible();
		await shoot('2-people');

		await bob.click();
		await expect(learner.panel().getByRole('heading', { name: 'Bob', exact: true })).toBeVisible();
		await shoot('3-user-info');

		await learner.startVerification();
		await learner.expectStep(2, 3, t.status);
		// Bob accepts and the learner picks emoji (or Bob has started them already: both orders are fine).
		const emojiButton = learner.panel().getByRole('button', { name: t.emoji });
		const mine = learner.panel().getByRole('list', { name: t.list });
		await expect(emojiButton.or(mine)).toBeVisible({ timeout: 30_000 });
		if (await emojiButton.isVisible()) await emojiButton.click();
		await expect(mine.getByRole('listitem')).toHaveCount(7);
		const call = page.getByRole('region', { name: t.call });
		await expect(call.getByRole('list', { name: t.list }).getByRole('listitem')).toHaveCount(7);
		await shoot('4-call');

		if (!BEFORE) {
			// The learner folds the lesson away for more room, and brings it back.
			await page.getByRole('button', { name: t.hideLesson }).click();
			await expect(lesson.getByRole('heading', { level: 1 })).toBeHidden();
			await shoot('5-lesson-folded');
			await page.getByRole('button', { name: t.showLesson }).click();
			await expect(lesson.getByRole('heading', { level: 1 })).toBeVisible();

			// Hung up: one line where the call was, the room list and the timeline in full view beside it.
			await call.getByRole('button', { name: t.hangUp }).click();
			const ended = page.getByRole('region', { name: t.ended });
			await expect(ended.getByRole('button', { name: t.callAgain })).toBeVisible();
			for (const size of SIZES) {
				await page.setViewportSize(size);
				const line = (await ended.boundingBox())!;
				// The room's heading stands for the client: the ended call is right of it (docked beside the client), or
				// small above it (one line; two on a phone).
				const room = (await page.getByRole('heading', { level: 2, name: 'Bob', exact: true }).boundingBox())!;
				if (line.x >= room.x + room.width) continue;
				expect(line.height, `${size.width}: the ended call is small`).toBeLessThan(96);
				expect(line.y + line.height, `${size.width}: the ended call is above the client`).toBeLessThanOrEqual(
					room.y
				);
			}
			await shoot('6-call-ended');
		}

		expect(problems).toEqual({});
	});
}

test('1280×720: a wrong move opens the folded lesson and brings its explanation into view', async ({
	page,
	learner
}) => {
	test.setTimeout(240_000);
	await page.setViewportSize({ width: 1280, height: 720 });
	const { lesson } = await learner.openLesson('emoji-mismatch', { timeout: CLIENT_TIMEOUT });
	// The learner folds the lesson away for room while comparing.
	await page.getByRole('button', { name: 'Hide lesson' }).click();
	await expect(lesson.getByRole('heading', { level: 1 })).toBeHidden();

	await learner.openRoom('Bob');
	await page.getByRole('button', { name: 'People', exact: true }).click();
	await learner.panel().getByRole('button', { name: /^Bob/ }).click();
	await learner.startVerification();
	const emojiButton = learner.panel().getByRole('button', { name: 'Verify by emoji' });
	const mine = learner.panel().getByRole('list', { name: 'Emoji to compare' });
	await expect(emojiButton.or(mine)).toBeVisible();
	if (await emojiButton.isVisible()) await emojiButton.click();
	await expect(mine.getByRole('listitem')).toHaveCount(7);

	// The wrong move: "They match" although the man in the middle's emoji differ from Bob's.
	await learner.panel().getByRole('button', { name: 'They match' }).click();
	const mistake = lesson.getByRole('alert').filter({ hasText: 'Not quite' });
	await expect(mistake).toBeVisible({ timeout: 30_000 });
	await expect(lesson.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(mistake.getByRole('heading', { name: 'Not quite' })).toBeInViewport();
	await expect(mistake.getByRole('button', { name: 'Try again' })).toBeInViewport();
	await page.screenshot({ path: `${OUT}/en-1280x720-6-wrong-move.png` });
});
