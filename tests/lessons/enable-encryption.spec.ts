/**
 * Lesson 5 as a learner does it: in Bob's Garden club the switch is greyed out (only admins); in the Book club the
 * learner turns "Encrypted" on, writes, and Bob answers encrypted. In English, and in German.
 */
import { expect, test, type Learner } from '../lesson-fixtures';

interface Labels {
	rooms: string;
	roomInfo: string;
	settings: string;
	settingsTitle: string;
	tab: string;
	encrypted: string;
	notAllowed: string;
	close: string;
	confirm: string;
	ok: string;
	placeholder: string;
	stepText: string;
	complete: string;
	panel: string;
}

const EN: Labels = {
	rooms: 'Rooms',
	roomInfo: 'Room info',
	settings: 'Settings',
	settingsTitle: 'Room Settings - {name}',
	tab: 'Security & Privacy',
	encrypted: 'Encrypted',
	notAllowed: 'Only room admins can turn on encryption here.',
	close: 'Close',
	confirm: 'Enable encryption?',
	ok: 'OK',
	placeholder: 'Send an encrypted message…',
	stepText: 'Step {step} of {total}',
	complete: 'Lesson complete',
	panel: 'Lesson'
};

async function openSecurity(learner: Learner, l: Labels, room: string) {
	await learner.openRoom(room, l.rooms);
	// The room info panel stays open from the room before; the header button would close it.
	const settingsButton = learner.panel().getByRole('button', { name: l.settings });
	if (!(await settingsButton.isVisible()))
		await learner.page.getByRole('button', { name: l.roomInfo }).click();
	await settingsButton.click();
	const settings = learner.page.getByRole('dialog', { name: l.settingsTitle.replace('{name}', room) });
	await settings.getByRole('tab', { name: l.tab }).click();
	return settings;
}

async function doLesson(
	learner: Learner,
	l: Labels,
	rooms: { garden: string; book: string },
	shot?: string,
	axe = true
) {
	await learner.expectStep(1, 3, l.stepText);

	// Bob's room: the learner is no admin there, so the switch is greyed out.
	let settings = await openSecurity(learner, l, rooms.garden);
	await expect(settings.getByRole('switch', { name: l.encrypted })).toBeDisabled();
	await expect(settings.getByText(l.notAllowed)).toBeVisible();
	await settings.getByRole('button', { name: l.close }).click();

	settings = await openSecurity(learner, l, rooms.book);
	const encrypted = settings.getByRole('switch', { name: l.encrypted });
	await expect(encrypted).toBeEnabled();
	await encrypted.click();
	const confirm = learner.page.getByRole('alertdialog', { name: l.confirm });
	await confirm.getByRole('button', { name: l.ok }).click();
	// OK closes the question and the settings, as in Element.
	await expect(settings).toHaveCount(0);
	await learner.expectStep(2, 3, l.stepText);
	// Room for the timeline: the notice "Encryption enabled" below the old messages.
	await learner.panel().getByRole('button', { name: l.close }).click();
	await expect(learner.panel()).toHaveCount(0);

	const composer = learner.page.getByPlaceholder(l.placeholder);
	await composer.fill(
		l.rooms === 'Rooms' ? 'Thursday at seven works for me.' : 'Donnerstag um sieben passt mir.'
	);
	await composer.press('Enter');
	await learner.expectStep(3, 3, l.stepText);
	if (shot) await learner.page.screenshot({ path: shot.replace('{}', 'in-progress') });

	await learner.expectLessonComplete(l.complete, l.panel);
	if (shot) await learner.page.screenshot({ path: shot.replace('{}', 'summary') });
	if (axe) await learner.expectNoAxeViolations();
}

test.describe('lesson 5: turn on encryption in an existing room', () => {
	test('the Garden club switch is greyed out; the Book club is encrypted, Bob answers', async ({
		page,
		learner
	}, testInfo) => {
		await learner.openLesson('enable-encryption');
		await expect(
			learner.lessonPanel().getByRole('heading', { level: 1, name: 'Turn on encryption in an existing room' })
		).toBeVisible();
		await learner.expectNoAxeViolations();
		await doLesson(
			learner,
			EN,
			{ garden: 'Garden club', book: 'Book club' },
			testInfo.outputPath('lesson-5-{}.png')
		);
		// The old messages stay as they were sent.
		await expect(page.getByText('Has everyone finished chapter three?')).toBeVisible();
	});

	test('auf Deutsch: den Buchclub verschlüsseln', async ({ learner }, testInfo) => {
		await learner.useGerman();
		await learner.openLesson('enable-encryption');
		await expect(
			learner.lessonPanel().getByRole('heading', {
				level: 1,
				name: 'Verschlüsselung in einem bestehenden Raum einschalten'
			})
		).toBeVisible();
		await doLesson(
			learner,
			{
				rooms: 'Räume',
				roomInfo: 'Rauminfo',
				settings: 'Einstellungen',
				settingsTitle: 'Raumeinstellungen - {name}',
				tab: 'Sicherheit',
				encrypted: 'Verschlüsselt',
				notAllowed: 'Nur Raum-Admins können hier die Verschlüsselung einschalten.',
				close: 'Schließen',
				confirm: 'Verschlüsselung aktivieren?',
				ok: 'OK',
				placeholder: 'Verschlüsselte Nachricht senden …',
				stepText: 'Schritt {step} von {total}',
				complete: 'Lektion geschafft',
				panel: 'Lektion'
			},
			{ garden: 'Gartenverein', book: 'Buchclub' },
			testInfo.outputPath('lesson-5-de-{}.png')
		);
	});

	test('2026: the same settings, and the composer then says “Send a message…”', async ({ learner }) => {
		await learner.startLesson(
			'enable-encryption',
			'Turn on encryption in an existing room',
			3,
			'“Room info” → “Settings” → “Security & Privacy”'
		);
		await doLesson(
			learner,
			{ ...EN, placeholder: 'Send a message…' },
			{ garden: 'Garden club', book: 'Book club' },
			undefined,
			false
		);
		await learner.expectSummarySays('“Security & Privacy” → “Encrypted” → “OK”');
	});
});
