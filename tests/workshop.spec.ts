/**
 * The workshop, live (issue #14), against a real classroom server started here: the instructor's link opens the
 * dashboard, two learners join in browsers of their own, one finishes a lesson step and the dashboard's row and class
 * view follow; then the projector's live quiz: two questions go out as Matrix polls, the learners answer (one changes
 * the answer), the live count goes 0 → 1 → 2 and the reveal shows the votes per option. One class for the whole
 * file (joining costs each browser its crypto engine and keys); the tests run in order on it.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { joinWorkshop, laptop, startClassroomServer, type ClassroomServer } from './classroom-fixtures';
import { expectNoAxeViolations, shootForReview } from './sandbox-fixtures';

type Workshop = ClassroomServer;

interface Class {
	instructor: Page;
	anna: Page;
	ben: Page;
}

const test = base.extend<object, { workshop: Workshop; klass: Class }>({
	workshop: [
		// Playwright reads a fixture's dependencies from its first parameter: this one has none.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const { server, stop } = await startClassroomServer();
			await use(server);
			await stop();
		},
		{ scope: 'worker', timeout: 90_000 }
	],
	klass: [
		async ({ browser, workshop }, use) => {
			const [instructor, anna, ben] = await Promise.all([
				laptop(browser, workshop),
				laptop(browser, workshop),
				laptop(browser, workshop)
			]);
			await Promise.all([joinWorkshop(anna, workshop.code, 'Anna'), joinWorkshop(ben, workshop.code, 'Ben')]);
			await use({ instructor, anna, ben });
			await Promise.all([instructor, anna, ben].map((p) => p.context().close()));
		},
		{ scope: 'worker', timeout: 150_000 }
	]
});

test.describe.configure({ mode: 'serial', timeout: 150_000 });

/** The question card in a learner's classroom. */
const questionCard = (page: Page) => page.getByRole('region', { name: 'Question from your instructor' });

test('a wrong instructor’s link says so, and offers to try another', async ({ browser, workshop }) => {
	const page = await laptop(browser, workshop);
	await page.goto('/#instructor=not-the-secret');
	await expect(page).toHaveURL(/\/workshop$/);
	const problem = page.getByRole('alert').filter({ hasText: "This instructor's link does not work" });
	await expect(problem).toBeVisible();
	await problem.getByRole('button', { name: 'Try another link' }).click();
	await expect(page.getByRole('heading', { name: "Open the instructor's link" })).toBeVisible();
	await page.context().close();
});

test('the instructor’s link opens the dashboard, and a learner’s lesson step shows in their row and the class view', async ({
	workshop,
	klass
}) => {
	const { instructor, anna, ben } = klass;
	await instructor.goto(workshop.link);
	await expect(instructor).toHaveURL(/\/workshop$/);
	// The secret left the address bar.
	expect(instructor.url()).not.toContain('instructor=');
	await expect(instructor.getByRole('heading', { name: 'Workshop code' })).toBeVisible();
	await expect(instructor.getByText(workshop.code, { exact: true })).toBeVisible();
	const learners = instructor.getByRole('region', { name: 'Learners' });
	await expect(learners.getByRole('row', { name: /Anna/ })).toContainText('Not in a lesson');
	await expect(learners.getByRole('row', { name: /Ben/ })).toBeVisible();

	await instructor
		.getByLabel('Lesson everyone should open')
		.selectOption({ label: 'Your first encrypted chat' });
	await instructor.getByRole('button', { name: 'Ask everyone to open it' }).click();
	await expect(instructor.getByText('Asked for now: Your first encrypted chat')).toBeVisible();

	const banner = anna.getByText('Your instructor asks you to open the lesson “Your first encrypted chat”.');
	await expect(banner).toBeVisible();
	await expect(ben.getByText(/Your instructor asks you to open the lesson/)).toBeVisible();
	await anna.getByRole('link', { name: 'Open the lesson' }).click();
	const nav = anna.getByRole('navigation', { name: 'Rooms' });
	await expect(anna).toHaveURL(/\/lessons\/first-encrypted-chat$/);
	// Learners meet today's Element (2026), the course's default.
	await expect(nav.getByRole('button', { name: 'New conversation' })).toBeVisible({ timeout: 90_000 });
	await expect(learners.getByRole('row', { name: /Anna/ })).toContainText('0 of 3');

	await nav.getByRole('button', { name: 'New conversation' }).click();
	await anna.getByRole('menuitem', { name: 'Start chat' }).click();
	await anna.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /Bob/ }).click();
	await expect(anna.getByRole('heading', { level: 2, name: 'Bob' })).toBeVisible();

	await expect(learners.getByRole('row', { name: /Anna/ })).toContainText('1 of 3');
	const classView = instructor.getByRole('region', { name: 'The class in “Your first encrypted chat”' });
	await expect(classView.getByRole('listitem').first()).toContainText('1 of 2 finished');
	await expect(classView.getByRole('listitem').nth(1)).toContainText('0 of 2 finished');
	await expectNoAxeViolations(instructor);
	await shootForReview(instructor, 'workshop-dashboard-en');

	// Back in the classroom for the quiz.
	await anna.goBack();
	await expect(anna.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 60_000 });
});

test('two quiz questions go out as polls: the projector counts the answers live, then shows the votes per option', async ({
	klass
}) => {
	const { instructor, anna, ben } = klass;
	// Ben stays off the scoreboard.
	await ben.getByLabel('Keep my name off the scoreboard').check();

	await instructor.getByRole('link', { name: 'Open the projector view' }).click();
	await expect(instructor.getByRole('heading', { name: 'Live quiz' })).toBeVisible();
	await instructor.getByRole('radio', { name: 'Element classic (as in the 2021 guide)' }).check();
	await instructor.getByLabel('How many questions').fill('2');
	await instructor.getByRole('button', { name: 'Start the quiz' }).click();

	const answered = (n: number) => instructor.getByText(`${n} of 2 answered`);
	await expect(instructor.getByText('Question 1 of 2')).toBeVisible();
	await expect(answered(0)).toBeVisible();
	await expectNoAxeViolations(instructor);
	await shootForReview(instructor, 'workshop-projector-asking-en');
	await shootForReview(anna, 'workshop-card-asking-en', questionCard(anna));
	await expectNoAxeViolations(anna, '#workshop-question');

	await questionCard(anna).getByRole('radio').first().check();
	await questionCard(anna).getByRole('button', { name: 'Send my answer' }).click();
	await expect(questionCard(anna).getByText(/Your answer is in: A/)).toBeVisible();
	await expect(answered(1)).toBeVisible();

	await questionCard(ben).getByRole('radio').first().check();
	await questionCard(ben).getByRole('button', { name: 'Send my answer' }).click();
	await expect(answered(2)).toBeVisible();
	// Ben changes his mind: his latest answer counts, still one answer from him.
	await questionCard(ben).getByRole('button', { name: 'Change my answer' }).click();
	await questionCard(ben).getByRole('radio').nth(1).check();
	await questionCard(ben).getByRole('button', { name: 'Send my answer' }).click();
	await expect(questionCard(ben).getByText(/Your answer is in: B/)).toBeVisible();
	await expect(answered(2)).toBeVisible();

	// Space reveals (the presenter's key).
	await instructor.keyboard.press('Space');
	const votes = instructor.getByRole('list', { name: 'Votes per option' }).getByRole('listitem');
	await expect(votes.nth(0)).toContainText('Votes: 1');
	await expect(votes.nth(1)).toContainText('Votes: 1');
	await expect(instructor.getByRole('heading', { name: /^Answer: [A-H] – / })).toBeVisible();
	for (const learner of [anna, ben])
		await expect(
			questionCard(learner).getByRole('heading', { name: /Right!|Not quite\.|did not answer/ })
		).toBeVisible();
	await expect(questionCard(anna).getByRole('radio')).toHaveCount(await votes.count());
	await shootForReview(instructor, 'workshop-projector-revealed-en', votes.first());
	await shootForReview(ben, 'workshop-card-revealed-en', questionCard(ben).getByRole('status').last());
	await expectNoAxeViolations(ben, '#workshop-question');

	await instructor.getByRole('button', { name: 'Next question' }).click();
	await expect(instructor.getByText('Question 2 of 2')).toBeVisible();
	await expect(answered(0)).toBeVisible();
	for (const learner of [anna, ben]) {
		await expect(questionCard(learner).getByRole('button', { name: 'Send my answer' })).toBeVisible();
		await questionCard(learner).getByRole('radio').first().check();
		await questionCard(learner).getByRole('button', { name: 'Send my answer' }).click();
	}
	await expect(answered(2)).toBeVisible();
	await instructor.getByRole('button', { name: 'Reveal the answer' }).click();
	await expect(votes.nth(0)).toContainText('Votes: 2');
	await instructor.getByRole('button', { name: 'End the quiz' }).click();
	await expect(
		instructor.getByRole('heading', { name: 'That was the last question. Thank you!' })
	).toBeVisible();
	await expect(questionCard(anna)).toBeHidden();

	await instructor.getByRole('switch', { name: 'Show the scoreboard' }).click();
	const board = instructor.getByRole('region', { name: 'Scoreboard' });
	await expect(board.getByRole('listitem')).toHaveCount(1);
	await expect(board).toContainText('Anna');
	await expect(board).not.toContainText('Ben');
	await expectNoAxeViolations(instructor);
	await shootForReview(instructor, 'workshop-projector-end-en', board);
});

test('in German: the dashboard, the learner’s banner and a question in German', async ({ klass }) => {
	const { instructor, ben } = klass;
	await instructor.getByRole('link', { name: 'Back to the dashboard' }).click();
	await instructor.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
	await expect(instructor.locator('html')).toHaveAttribute('lang', 'de');
	const learners = instructor.getByRole('region', { name: 'Teilnehmende' });
	await expect(learners.getByRole('row', { name: /Anna/ })).toContainText('1 von 3');
	await expect(
		instructor.getByRole('region', { name: 'Die Gruppe in „Dein erster verschlüsselter Chat“' })
	).toBeVisible();
	const [download] = await Promise.all([
		instructor.waitForEvent('download'),
		instructor.getByRole('button', { name: 'Als CSV exportieren' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.csv$/);
	const csv = await new Promise<string>((resolve, reject) => {
		void download.createReadStream().then((stream) => {
			let text = '';
			stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
			stream.on('end', () => resolve(text));
			stream.on('error', reject);
		}, reject);
	});
	expect(csv.split(/\r?\n/).filter((line) => line.includes('Anna'))).toHaveLength(1);

	await instructor.getByRole('button', { name: 'Workshop löschen' }).click();
	const dialog = instructor.getByRole('alertdialog', { name: 'Diesen Workshop löschen?' });
	await expect(dialog).toContainText('Das lässt sich nicht rückgängig machen.');
	await dialog.getByRole('button', { name: 'Abbrechen' }).click();
	await expect(dialog).toBeHidden();

	await shootForReview(instructor, 'workshop-dashboard-de');

	await ben.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
	await expect(ben.getByText(/Deine Lehrperson bittet dich, die Lektion „.+“ zu öffnen\./)).toBeVisible();

	// A question of today's Element, asked in German on both screens.
	await instructor.getByRole('link', { name: 'Ansicht für den Beamer öffnen' }).click();
	await instructor.getByRole('radio', { name: 'Element heute (2026)' }).check();
	await instructor.getByLabel('Wie viele Fragen').fill('1');
	await instructor.getByRole('button', { name: 'Quiz starten' }).click();
	await expect(instructor.getByText('Frage 1 von 1')).toBeVisible();
	await expect(instructor.getByText('0 von 2 haben geantwortet')).toBeVisible();
	const card = ben.getByRole('region', { name: 'Frage deiner Lehrperson' });
	const prompt = await instructor.getByRole('heading', { level: 1 }).textContent();
	await expect(card.getByText(prompt!.trim(), { exact: true })).toBeVisible();
	await card.getByRole('radio').first().check();
	await card.getByRole('button', { name: 'Antwort senden' }).click();
	await expect(card.getByText(/Deine Antwort ist angekommen: A/)).toBeVisible();
	await expect(instructor.getByText('1 von 2 haben geantwortet')).toBeVisible();
	await shootForReview(instructor, 'workshop-projector-asking-de');
	await shootForReview(ben, 'workshop-card-asking-de', card);
	await instructor.keyboard.press('Enter');
	await expect(
		instructor.getByRole('list', { name: 'Stimmen je Antwort' }).getByRole('listitem').first()
	).toContainText('Stimmen: 1');
	await expect(card.getByRole('heading', { name: /Richtig!|Nicht ganz\./ })).toBeVisible();
	await shootForReview(instructor, 'workshop-projector-revealed-de');
	await shootForReview(ben, 'workshop-card-revealed-de', card.getByRole('status').last());

	// Deleting the workshop, confirmed this time: the learners are gone and there is a new code.
	await instructor.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
	const oldCode = await instructor
		.getByRole('region', { name: 'Workshop-Code' })
		.getByText(/^\w{3}-\w{3}$/)
		.textContent();
	await instructor.getByRole('button', { name: 'Workshop löschen' }).click();
	await instructor
		.getByRole('alertdialog', { name: 'Diesen Workshop löschen?' })
		.getByRole('button', { name: 'Alles löschen' })
		.click();
	await expect(instructor.getByText(/^Der Workshop wurde gelöscht\. Neuer Code: /)).toBeVisible();
	await expect(instructor.getByText('Noch niemand ist beigetreten.', { exact: false })).toBeVisible();
	await expect(instructor.getByRole('region', { name: 'Workshop-Code' })).not.toContainText(oldCode!);
});
