/**
 * A lesson comes back as the learner left it: its world is kept in the browser (crypto stores, homeserver, contacts)
 * with the lesson's place in it, and a reload (or leaving and coming back) restores it without redoing any step: the
 * chat the learner started, the Security Key they saved, the saved step that never drops. A verification that was open
 * (lesson 6's emoji comparison) cannot be kept: the lesson goes back to "start the verification", and it can be
 * finished. Lesson 7 after its three verifications comes back with Bob, Carol and Dave verified at once.
 */
import type { Page } from '@playwright/test';
import {
	expect,
	expectStep,
	openLesson,
	PROGRESS_KEY,
	savedProgress,
	startChatWithBob,
	test
} from './lesson-fixtures';

const KEY_FORMAT = /^([1-9A-HJ-NP-Za-km-z]{4} ){11}[1-9A-HJ-NP-Za-km-z]{4}$/;
const RESTORED = 'Welcome back: the lesson is as you left it.';

/** What the lesson's kept world says of its place (stored with it in the browser), if it is kept. */
function keptPlace(
	page: Page,
	id: string
): Promise<{ step: number; restStep: number; verified: string[] } | undefined> {
	return page.evaluate(
		(name) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('e2ee-trainer-worlds');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('worlds').objectStore('worlds').get(name);
					get.onsuccess = () => {
						type Flow = { phase: string; otherUserId: string };
						const note = (get.result as { pageNote?: Record<string, unknown> } | undefined)?.pageNote as
							{ place: { step: number }; restStep: number; flows: { flows: Flow[] }[] } | undefined;
						open.result.close();
						resolve(
							note && {
								step: note.place.step,
								restStep: note.restStep,
								verified: note.flows.flatMap((d) =>
									d.flows
										.filter((f) => f.phase === 'done')
										.map((f) => f.otherUserId.slice(1, f.otherUserId.indexOf(':')))
								)
							}
						);
					};
				};
			}),
		`lesson|${id}|classic`
	);
}

test.describe('a lesson comes back as the learner left it', () => {
	test('lesson 1 reloaded: the chat with Bob is there, the saved step never drops, the notice goes once the learner moves on', async ({
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
		}, PROGRESS_KEY);
		await learner.openLesson('first-encrypted-chat');
		await startChatWithBob(learner.page);
		await learner.expectStep(2, 3);
		await expect.poll(() => keptPlace(page, 'first-encrypted-chat')).toMatchObject({ step: 1 });

		await page.reload();
		const restored = page.getByText(RESTORED);
		await expect(restored).toBeVisible({ timeout: 60_000 });
		await learner.expectStep(2, 3);
		const steps = await page.evaluate(
			({ id }) =>
				(window as unknown as { progressWrites: string[] }).progressWrites.map(
					(w) => (JSON.parse(w) as { lessons: Record<string, { step: number }> }).lessons[id]?.step
				),
			{ id: 'first-encrypted-chat' }
		);
		expect(steps.every((s) => s === 1)).toBe(true);
		expect(await savedProgress(page, 'first-encrypted-chat')).toMatchObject({
			status: 'in-progress',
			step: 1
		});

		// The chat the learner started is there; the notice goes once they move on.
		await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Bob/ }).click();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Hi Bob');
		await composer.press('Enter');
		await learner.expectStep(3, 3);
		await expect(restored).toHaveCount(0);
	});

	test('lesson 1 in a second tab: the first tab keeps it, the second says that it keeps nothing, until it is the only tab', async ({
		page,
		learner
	}) => {
		await learner.openLesson('first-encrypted-chat');
		await startChatWithBob(learner.page);
		await learner.expectStep(2, 3);
		await expect.poll(() => keptPlace(page, 'first-encrypted-chat')).toMatchObject({ step: 1 });

		const notKept = 'This lesson is also open in another tab, which keeps it';
		const second = await page.context().newPage();
		await openLesson(second, 'first-encrypted-chat');
		await expectStep(second, 2, 3);
		await expect(second.getByRole('status').filter({ hasText: notKept })).toBeVisible();
		await expect(page.getByText(notKept)).toHaveCount(0);

		// The only tab now, reloaded: it keeps the lesson, and the world the first tab kept comes back.
		await page.close();
		await second.reload();
		await expect(second.getByText(RESTORED)).toBeVisible({ timeout: 60_000 });
		await expect(second.getByText(notKept)).toHaveCount(0);
		await expectStep(second, 2, 3);
		await expect(
			second.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Bob/ })
		).toBeVisible();
	});

	test('a finished lesson, gone through again and left midway, comes back where the learner left it', async ({
		page,
		learner
	}) => {
		await page.addInitScript((key) => {
			if (!sessionStorage.getItem('seeded')) {
				const done = { status: 'done', step: 3, updatedAt: 1 };
				localStorage.setItem(key, JSON.stringify({ version: 1, lessons: { 'first-encrypted-chat': done } }));
				sessionStorage.setItem('seeded', '1');
			}
		}, PROGRESS_KEY);
		await learner.openLesson('first-encrypted-chat');
		await learner.expectStep(1, 3);
		await startChatWithBob(learner.page);
		await learner.expectStep(2, 3);
		await expect
			.poll(() => savedProgress(page, 'first-encrypted-chat'))
			.toMatchObject({ status: 'done', step: 1 });
		await expect.poll(() => keptPlace(page, 'first-encrypted-chat')).toMatchObject({ step: 1 });

		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		const first = page.getByRole('region', { name: 'Lessons' }).getByRole('listitem').first();
		await expect(first).toContainText('Done');
		await first.getByRole('link').click();
		await expect(page.getByText(RESTORED)).toBeVisible({ timeout: 60_000 });
		await learner.expectStep(2, 3);
	});

	test('Secure Backup, left and come back to: the Security Key the learner saved opens the history on the Laptop', async ({
		page,
		learner
	}) => {
		test.setTimeout(120_000);
		await learner.openLesson('secure-backup');
		const setup = await learner.startSecureBackupFromSettings();
		const keyField = setup.getByRole('textbox', { name: 'Security Key' });
		await expect(keyField).toHaveValue(KEY_FORMAT);
		const securityKey = await keyField.inputValue();
		const download = page.waitForEvent('download');
		await setup.getByRole('button', { name: 'Download' }).click();
		await download;
		await learner.finishSecureBackup(setup);
		await learner.expectStep(2, 3);
		await expect.poll(() => keptPlace(page, 'secure-backup')).toMatchObject({ step: 1 });

		// Away and back: the world as it was, the backup with it; nothing redone, so no new key to be told of.
		await page.goto('/');
		await page
			.getByRole('region', { name: 'Lessons' })
			.getByRole('link', { name: /Protect your keys/ })
			.click();
		await expect(page.getByText(RESTORED)).toBeVisible({ timeout: 60_000 });
		await expect(page.getByText('Redoing your steps set up Secure Backup again')).toHaveCount(0);
		await learner.expectStep(2, 3);

		await page.getByRole('button', { name: 'Sign in on another device' }).click();
		await learner.expectStep(3, 3);
		await learner.verifyWithSecurityKey(securityKey);
		await learner.openRoom('Bob');
		await expect(
			page.getByText('The spare key for the allotment is under the blue flower pot.')
		).toBeVisible();
		await learner.expectLessonComplete();
	});

	test('reloaded in the middle of lesson 6’s emoji comparison: back at “start the verification”, then finished', async ({
		page,
		learner
	}) => {
		test.setTimeout(150_000);
		await learner.openLesson('verify-contact');
		await learner.requestEmojiVerification('Bob', 3);
		// Kept at "They match", with the step to go back to: the one where the verification began.
		await expect
			.poll(() => keptPlace(page, 'verify-contact'), { timeout: 30_000 })
			.toMatchObject({
				step: 2,
				restStep: 0
			});

		await page.reload();
		const told = page.getByText(
			'Welcome back: the lesson is as you left it, but the verification you had not finished could not be kept: start it again.'
		);
		await expect(told).toBeVisible({ timeout: 60_000 });
		// Never "press They match" with no emoji to compare: the step where the verification begins.
		await learner.expectStep(1, 3);
		// Bob, restored in the middle of it, cancelled it and says so.
		await learner.openRoom('Bob');
		await expect(page.getByText('Okay, verification cancelled. We can do it another time.')).toBeVisible({
			timeout: 30_000
		});

		await learner.openProfile('Bob');
		await learner.startVerification();
		await learner.expectStep(2, 3);
		await expect(told).toHaveCount(0);
		await learner.pressVerifyByEmoji();
		await learner.expectStep(3, 3);
		await learner.compareWithCall('Bob');
		await learner.confirmMatch('Bob');
		await learner.expectLessonComplete();
	});

	test('lesson 7 reloaded after its three verifications: Bob, Carol and Dave verified at once, then finished', async ({
		page,
		learner
	}) => {
		// Three verifications and a missed request, each waiting on a contact.
		test.setTimeout(240_000);
		const { nav } = await learner.startLesson('verify-group', 'Verify everyone in a group', 5);
		const shield = nav.getByRole('button', { name: 'Book club' }).getByRole('img');
		await learner.openRoom('Book club');
		await learner.openMember('Bob');
		await learner.verifyWithCallAndHangUp('Bob');
		await learner.openRoom('Book club');
		await learner.openMember('Carol');
		await learner.startVerification();
		await learner.expectStep(3, 5);
		await learner.panel().getByRole('button', { name: 'Cancel' }).click();
		await learner.panel().getByRole('button', { name: 'OK' }).click();
		const composer = page.getByPlaceholder('Send an encrypted message…');
		await composer.fill('Do you have a minute to verify?');
		await composer.press('Enter');
		await learner.expectStep(4, 5);
		await learner.openMember('Carol');
		await learner.verifyWithCallAndHangUp('Carol');
		await learner.openRoom('Book club');
		await learner.openMember('Dave');
		await learner.verifyWithCallAndHangUp('Dave');
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		await learner.expectStep(5, 5);
		await expect
			.poll(async () => (await keptPlace(page, 'verify-group'))?.verified.sort(), { timeout: 30_000 })
			.toEqual(['bob', 'carol', 'dave']);

		await page.reload();
		await expect(page.getByText('Welcome back: the lesson is as you left it.')).toBeVisible({
			timeout: 60_000
		});
		// At once: the steps done, the room green, and no verification or call running that could have redone them.
		await learner.expectStep(5, 5);
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
		await expect(page.getByRole('region', { name: /^Call with/ })).toHaveCount(0);
		await expect(page.getByRole('status').filter({ hasText: 'Redoing' })).toHaveCount(0);
		await learner.openRoom('Book club');
		await learner.expectLessonComplete();
		// Each member verified in the member list, with no verification started since the reload.
		const members = learner.panel().getByRole('button', { name: /^Bob/ });
		if (!(await members.isVisible())) await page.getByRole('button', { name: 'People', exact: true }).click();
		await learner.expectMembersVerified(['Bob', 'Carol', 'Dave']);
		await expect(shield).toHaveAccessibleName('Everyone in this room is verified');
	});
});
