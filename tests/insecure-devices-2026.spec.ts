/**
 * "Exclude insecure devices" (MSC4153) in today's Element, as a learner in the sandbox: the switch under Settings →
 * Encryption → Advanced, then a second device (the Laptop) signed in and left unconfirmed. The Phone's message
 * reaches the Laptop without its key: the Phone's crypto library withheld it, and the Laptop says so ("The sender has
 * blocked you…"). Then Dave writes from a new tablet he never verified: the Phone refuses it ("Sent from an insecure
 * device."). The library decides; the page only says why.
 * Screenshots for review go to /tmp/shots-insecure/ when SHOTS is set.
 */
import { expect, expectNoAxeViolations, openRoom, shootForReview as shoot, test } from './sandbox-fixtures';

const SHOTS = process.env.SHOTS;

test('2026: exclude insecure devices, and an unconfirmed Laptop is blocked from the Phone’s message', async ({
	page
}) => {
	await page.goto('/sandbox?element=2026');
	await expect(page.getByRole('navigation', { name: 'Rooms' })).toBeVisible({ timeout: 120_000 });

	// The switch, off by default; on, it shows the world's state.
	await page.getByRole('button', { name: 'User menu' }).click();
	await page.getByRole('menuitem', { name: 'Encryption' }).click();
	const settings = page.getByRole('dialog', { name: 'Settings' });
	const exclude = settings.getByRole('switch', {
		name: 'Exclude insecure devices when sending/receiving messages'
	});
	await expect(exclude).toHaveAttribute('aria-checked', 'false');
	await exclude.click();
	await expect(exclude).toHaveAttribute('aria-checked', 'true');
	await expectNoAxeViolations(page);
	await shoot(page, 'en-settings', exclude);
	await settings.getByRole('button', { name: 'Close' }).click();

	// The Laptop, signed in and not confirmed.
	await page.getByRole('button', { name: 'Sign in on another device' }).click();
	await expect(page.getByRole('heading', { name: 'Confirm your digital identity' })).toBeVisible();
	await page.getByRole('button', { name: 'Skip verification for now' }).click();
	await page.getByRole('button', { name: "I'll verify later" }).click();
	const devices = page.getByRole('group', { name: 'Your devices' });
	const phone = devices.getByRole('button', { name: 'Phone' });
	const laptop = devices.getByRole('button', { name: 'Laptop' });

	// From the Phone: the Laptop gets no key for it.
	await phone.click();
	await openRoom(page, 'Bob');
	await page.getByRole('textbox', { name: 'Send a message…' }).fill('Meet at eight.');
	await page.keyboard.press('Enter');
	await expect(page.getByText('Meet at eight.')).toBeVisible();
	await laptop.click();
	await openRoom(page, 'Bob');
	await expect(
		page.getByText('The sender has blocked you from receiving this message because your device is unverified')
	).toBeVisible();

	await expectNoAxeViolations(page);
	await shoot(page, 'en-laptop');
	// Nor can the Laptop write: the library does not share a room key from an unverified device, and the learner is
	// told what to do about it.
	await page.getByRole('textbox', { name: 'Send a message…' }).fill('Hello from my laptop.');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toContainText(
		'This device is not verified. While insecure devices are excluded, it cannot send encrypted messages'
	);
	await shoot(page, 'en-laptop-sending');

	// A contact's insecure device: Dave signs in on a new tablet he never verifies and writes from it, in a chat the
	// learner starts with him. The Phone excludes insecure devices: its crypto library refuses the tablet's message,
	// and the client says why (shared-components en_EN: timeline.decryption_failure.sender_unsigned_device).
	await phone.click();
	await page
		.getByRole('navigation', { name: 'Rooms' })
		.getByRole('button', { name: 'New conversation' })
		.click();
	await page.getByRole('menuitem', { name: 'Start chat' }).click();
	await page.getByRole('dialog', { name: 'Start chat' }).getByRole('button', { name: /^Dave/ }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Dave', exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Practice situations' }).click();
	await page.getByRole('menuitem', { name: 'Dave signs in on a new tablet' }).click();
	await expect(page.getByText('Sent from an insecure device.')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByText('I’m writing this on the sofa')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await shoot(page, 'en-dave-tablet');
	await laptop.click();
	if (SHOTS) {
		await page.getByRole('alert').getByRole('button').click();
		await expect(page.getByRole('alert')).toHaveCount(0);
		await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
		await expect(
			page.getByText(
				'Der Absender hat verhindert, dass du diese Nachricht erhältst, weil dein Gerät nicht verifiziert ist'
			)
		).toBeVisible();
		await shoot(page, 'de-laptop');
		await page.getByRole('group', { name: 'Deine Geräte' }).getByRole('button', { name: 'Handy' }).click();
		await page.getByRole('button', { name: 'Benutzermenü' }).click();
		await page.getByRole('menuitem', { name: 'Verschlüsselung' }).click();
		const ausschliessen = page.getByRole('switch', {
			name: 'Ungesicherte Geräte beim Senden/Empfangen von Nachrichten ausschließen'
		});
		await expect(ausschliessen).toHaveAttribute('aria-checked', 'true');
		await shoot(page, 'de-settings', ausschliessen);
	}
});
