/**
 * Learners join a workshop on the classroom server (`npm run classroom`, started here with its own data folder and
 * serving the built course) and verify each other by emoji, each in their own browser: the real SAS between two
 * classroom devices over HTTP. The emoji are read from both screens, never written here. Also: the home page served
 * by a plain static server says that the instructor's address is needed, and opens it.
 */
import { expect, test as base, type Browser, type Page } from '@playwright/test';
import { joinWorkshop, laptop, startClassroomServer, type ClassroomServer } from './classroom-fixtures';
import { expectNoAxeViolations } from './sandbox-fixtures';

const test = base.extend<object, { classroomServer: ClassroomServer }>({
	classroomServer: [
		// Playwright reads a fixture's dependencies from its first parameter: this one has none.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const { server, stop } = await startClassroomServer();
			await use(server);
			await stop();
		},
		{ scope: 'worker' }
	]
});

/**
 * Two learners' laptops, side by side. Like the suite's own pages, the classroom's learners meet classic Element:
 * these steps use classic's labels.
 */
const twoLaptops = (browser: Browser, server: ClassroomServer): Promise<[Page, Page]> =>
	Promise.all([laptop(browser, server, { classic: true }), laptop(browser, server, { classic: true })]);

const classmate = (page: Page, name: string) =>
	page.getByRole('list', { name: 'Classmates' }).getByRole('listitem').filter({ hasText: name });

/** The seven emoji names on this screen, in order. */
async function emojiOnScreen(page: Page): Promise<string[]> {
	const list = page.getByRole('list', { name: 'Emoji to compare' });
	await expect(list.getByRole('listitem')).toHaveCount(7);
	return (await list.getByRole('listitem').allTextContents()).map((t) => t.trim());
}

/**
 * Two learners side by side: each sees the other, one opens a DM and the other accepts it, one asks to verify and
 * the other accepts, one starts "Verify by emoji": both screens show the same seven emoji (read aloud, in class).
 */
async function upToTheEmoji(pair: [Page, Page], names: [string, string]): Promise<void> {
	const [a, b] = pair;
	const [nameA, nameB] = names;
	await expect(classmate(a, nameB)).toBeVisible();
	await expect(classmate(b, nameA)).toBeVisible();
	await expect(classmate(a, nameB).getByText('Not verified')).toBeVisible();

	await a.getByRole('button', { name: `Message ${nameB}` }).click();
	await expect(a.getByRole('heading', { level: 2, name: nameB, exact: true })).toBeVisible();
	const invite = b
		.getByRole('navigation', { name: 'Rooms' })
		.getByRole('listitem')
		.filter({ hasText: nameA });
	await invite.getByRole('button', { name: 'Accept' }).click();
	await expect(b.getByRole('heading', { level: 2, name: nameA, exact: true })).toBeVisible();

	await a.getByRole('button', { name: `Verify ${nameB}` }).click();
	await a.getByRole('button', { name: 'Start Verification' }).click();
	const toast = b.getByRole('group', { name: 'Verification requested' });
	await expect(toast).toContainText(nameA);
	await toast.getByRole('button', { name: 'Verify User' }).click();
	await a.getByRole('button', { name: 'Verify by emoji' }).click();

	const [emojiA, emojiB] = await Promise.all([emojiOnScreen(a), emojiOnScreen(b)]);
	expect(emojiA).toHaveLength(7);
	expect(emojiB).toEqual(emojiA);
}

test.describe('a workshop on the classroom server', () => {
	// Two browsers each start the crypto engine and make their keys: on a machine busy with other work that alone
	// takes many seconds. The tests wait for states, never for times.
	test.describe.configure({ timeout: 120_000 });
	test('two learners join, see each other, and verify each other by emoji', async ({
		browser,
		classroomServer
	}) => {
		const [anna, ben] = await twoLaptops(browser, classroomServer);
		await Promise.all([
			joinWorkshop(anna, classroomServer.code, 'Anna', { axe: true }),
			joinWorkshop(ben, classroomServer.code.toLowerCase(), 'Ben')
		]);
		await expect(classmate(anna, 'Ben')).toBeVisible();
		// The Classmates view (the client beside it has its own axe checks in the sandbox's tests).
		await expectNoAxeViolations(anna, 'main .top');
		await expectNoAxeViolations(anna, 'main .side');

		await upToTheEmoji([anna, ben], ['Anna', 'Ben']);
		await anna.getByRole('button', { name: 'They match' }).click();
		await ben.getByRole('button', { name: 'They match' }).click();

		await expect(anna.getByText("You've successfully verified Ben!")).toBeVisible();
		await expect(ben.getByText("You've successfully verified Anna!")).toBeVisible();
		await expect(classmate(anna, 'Ben').getByText('Verified', { exact: true })).toBeVisible();
		await expect(classmate(ben, 'Anna').getByText('Verified', { exact: true })).toBeVisible();

		// Anna reloads: her account, her keys and her trust in Ben are still there.
		await anna.reload();
		await expect(anna.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
		await expect(anna.getByText('You are Anna on')).toBeVisible();
		await expect(classmate(anna, 'Ben').getByText('Verified', { exact: true })).toBeVisible();
	});

	test('"They don\'t match" on one side cancels the verification on both', async ({
		browser,
		classroomServer
	}) => {
		const [cleo, dan] = await twoLaptops(browser, classroomServer);
		await Promise.all([
			joinWorkshop(cleo, classroomServer.code, 'Cleo'),
			joinWorkshop(dan, classroomServer.code, 'Dan')
		]);
		await upToTheEmoji([cleo, dan], ['Cleo', 'Dan']);
		await dan.getByRole('button', { name: "They don't match" }).click();

		// Both screens say that nobody was verified (Element classic's warning), and the list agrees.
		for (const page of [dan, cleo]) {
			const warning = page.getByRole('alertdialog', { name: 'Your messages are not secure' });
			await expect(warning).toContainText('Nobody was verified');
			await warning.getByRole('button', { name: 'OK' }).click();
		}
		await expect(classmate(cleo, 'Dan').getByText('Not verified')).toBeVisible();
		await expect(classmate(dan, 'Cleo').getByText('Not verified')).toBeVisible();
	});

	test('with site data blocked, the classroom lasts as long as the tab', async ({
		browser,
		classroomServer
	}) => {
		const page = await laptop(browser, classroomServer, { classic: true });
		// As with site data blocked: merely touching localStorage throws.
		await page.addInitScript(() =>
			Object.defineProperty(window, 'localStorage', {
				get() {
					throw new DOMException('Blocked', 'SecurityError');
				}
			})
		);
		await joinWorkshop(page, classroomServer.code, 'Fay');
		await expect(page.getByText('This browser keeps no site data')).toBeVisible();
		// Off to the course home page and back, in the same tab: still in the workshop, as Fay.
		await page.getByRole('link', { name: 'E2EE Trainer' }).click();
		await page.getByRole('button', { name: /Join a workshop/ }).click();
		await expect(page.getByText('You are in this workshop as Fay.')).toBeVisible();
		await page.getByRole('link', { name: 'Open the classroom' }).click();
		await expect(page.getByText('You are Fay on')).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible();

		// Leaving asks first: "Cancel" stays, "Leave" forgets the account and shows the join form again.
		await page.getByRole('button', { name: 'Leave this workshop' }).click();
		const leave = page.getByRole('alertdialog', { name: 'Leave this workshop?' });
		await leave.getByRole('button', { name: 'Cancel' }).click();
		await expect(leave).toHaveCount(0);
		await expect(page.getByText('You are Fay on')).toBeVisible();
		await page.getByRole('button', { name: 'Leave this workshop' }).click();
		await leave.getByRole('button', { name: 'Leave', exact: true }).click();
		await expect(page.getByLabel('Workshop code')).toBeVisible();
		await expect(page.getByText('You are Fay on')).toHaveCount(0);
	});

	test('a wrong workshop code is refused, with the reason beside the form', async ({
		browser,
		classroomServer
	}) => {
		const page = await laptop(browser, classroomServer, { classic: true });
		await page.goto('/classroom');
		await page.getByLabel('Workshop code').fill('NOT-THIS');
		await page.getByLabel('Your name').fill('Eve');
		await page.getByRole('button', { name: 'Join' }).click();
		await expect(page.getByRole('alert')).toHaveText(/That is not the workshop code/);
	});
});

test('without a classroom server, "Join a workshop" asks for the instructor\'s address and opens it', async ({
	page,
	classroomServer
}) => {
	await page.goto('/');
	await page.getByRole('button', { name: /Join a workshop/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Join a workshop' });
	await expect(dialog.getByText('This page does not come from a classroom server')).toBeVisible();
	await expectNoAxeViolations(page, '[role="dialog"]');

	const address = dialog.getByLabel("Instructor's address");
	await address.fill('not an address');
	await dialog.getByRole('button', { name: 'Open' }).click();
	await expect(dialog.getByRole('alert')).toContainText('That is not a web address');

	await address.fill(classroomServer.url.replace('http://', ''));
	await dialog.getByRole('button', { name: 'Open' }).click();
	await expect(page).toHaveURL(`${classroomServer.url}/classroom`);
	await expect(page.getByLabel('Workshop code')).toBeVisible();
});
