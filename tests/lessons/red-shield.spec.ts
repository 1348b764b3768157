/**
 * Lesson 8 as a learner does it: "Book club" was green (Bob and Dave verified earlier) and turns red when Dave signs
 * in on a new tablet; the learner finds him in "People", sees the tablet not verified by its owner, asks him with a
 * suggested reply, and the room turns green once Dave verified it. In English and in German.
 */
import { expect, test } from '../lesson-fixtures';

test.describe('lesson 8: a red shield', () => {
	test('a learner finds Dave’s unverified tablet, asks him, and the room turns green', async ({
		page,
		learner
	}) => {
		await learner.startLesson('red-shield', 'A red shield', 2);

		await learner.openRoom('Book club');
		await expect(learner.headerMark('Book club')).toHaveAccessibleName('Someone is using an unknown session');
		await learner.expectNoAxeViolations();

		// Who? Dave: verified, but one of his sessions is not verified by him.
		await learner.openProfile('Dave');
		await expect(
			learner.panel().getByText('This user has not verified all of their sessions.').first()
		).toBeVisible();
		const tablet = learner.panel().getByRole('listitem').filter({ hasText: 'Tablet' });
		await expect(tablet).toContainText('Not verified by its owner');
		await page.screenshot({ path: 'test-results/red-shield-in-progress.png' });

		await learner.reply('Please verify your new tablet.');
		await learner.expectStep(2, 2);
		// Back to the member list while Dave is at it.
		await learner.openRoom('Book club');
		await expect(learner.panel().getByRole('heading', { name: 'Dave', exact: true })).toHaveCount(0);

		// Dave compares emoji between his phone and his tablet: the room is green again. The step asks the learner
		// to look at Dave's sessions too: it is done once his profile is open.
		await expect(learner.headerMark('Book club')).toHaveAccessibleName('Everyone in this room is verified', {
			timeout: 30_000
		});
		await learner.expectStep(2, 2);
		await learner.panel().getByRole('button', { name: /^Dave/ }).click();
		await learner.expectLessonComplete();
		await expect(tablet).toContainText('Verified by its owner');
		await learner.expectSummaryShields('Red shield', 'Green shield');
		await page.screenshot({ path: 'test-results/red-shield-summary.png' });
		await learner.expectNoAxeViolations();
	});

	test('auf Deutsch: Daves neues Tablet', async ({ page, learner }) => {
		await learner.useGerman();
		const { lesson } = await learner.startLesson('red-shield', 'Ein rotes Schild', 2);

		await learner.openRoom('Buchclub');
		await expect(learner.headerMark('Buchclub')).toHaveAccessibleName(
			'Jemand verwendet eine unbekannte Sitzung'
		);
		await learner.openProfile('Dave');
		const tablet = learner.panel().getByRole('listitem').filter({ hasText: 'Tablet' });
		await expect(tablet).toContainText('Vom Besitzer nicht verifiziert');

		await page
			.getByRole('group', { name: 'Antwortvorschläge' })
			.getByRole('button', { name: 'Bitte verifiziere dein neues Tablet.' })
			.click();
		await learner.expectStep(2, 2);
		await expect(learner.headerMark('Buchclub')).toHaveAccessibleName(
			'Alle in diesem Raum sind verifiziert',
			{
				timeout: 30_000
			}
		);
		await learner.expectLessonComplete();
		await expect(lesson.getByRole('img', { name: 'Grünes Schild' })).toBeVisible();
		await learner.expectNoAxeViolations();
	});

	test('2026: no room shield; Dave’s red mark in “People”, his tablet, and “Verified” again', async ({
		page,
		learner
	}) => {
		await learner.startLesson('red-shield', 'A device nobody vouched for', 2, 'find who shows a warning');

		await learner.openRoom('Book club');
		await expect(learner.headerMark('Book club')).toHaveCount(0);
		await page.getByRole('button', { name: 'People', exact: true }).click();
		const dave = learner.panel().getByRole('button', { name: /^Dave/ });
		// The red mark beside Dave (today's Element: its tooltip names the unverified device).
		await expect(dave.getByRole('img')).toHaveAccessibleName(
			'This user has not verified all of their sessions.'
		);
		await learner.expectNoAxeViolations();
		await dave.click();
		const tablet = learner.panel().getByRole('listitem').filter({ hasText: 'Tablet' });
		await expect(tablet).toContainText('Not verified by its owner');
		await learner.reply('Please verify your new tablet.');
		await learner.expectStep(2, 2);

		// Dave verifies his tablet; his profile, opened again, shows it.
		await learner.openProfile('Dave');
		await expect(tablet).toContainText('Verified by its owner', { timeout: 30_000 });
		await learner.expectSummarySays('they are using a device they have not verified');
		await expect(learner.headerMark('Book club')).toHaveCount(0);
	});
});
