/**
 * Message shields follow the current trust (issue 10 §1): in lesson 6 Bob's first message carries the grey
 * "Encrypted by an unverified user." shield; once the learner has verified Bob by emoji (both lists read from the
 * screen), the same message — decrypted before the verification — no longer does, while the chat turns green.
 */
import { expect, test } from './lesson-fixtures';

test('verifying Bob by emoji takes the grey shield off the message he sent before', async ({
	page,
	learner
}, testInfo) => {
	test.setTimeout(180_000);
	const { nav } = await learner.openLesson('verify-contact');
	await learner.openRoom('Bob');
	const bobsMessage = page
		.getByRole('list', { name: 'Messages in Bob' })
		.getByRole('listitem')
		.filter({ hasText: 'Shall we check our keys today?' });
	const unverified = bobsMessage.getByRole('img', { name: 'Encrypted by an unverified user.' });
	await expect(unverified).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('message-shields-before-verify.png') });

	await learner.openProfile('Bob');
	await learner.startVerification();
	await learner.pressVerifyByEmoji();
	await learner.compareWithCall('Bob');
	await learner.confirmMatch('Bob');
	await learner.expectLessonComplete();

	await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
		'Everyone in this room is verified'
	);
	await learner.panel().getByRole('button', { name: 'Close' }).click();
	await expect(bobsMessage).toBeVisible();
	await expect(unverified).toHaveCount(0);
	await expect(bobsMessage.getByRole('img')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('message-shields-after-verify.png') });
});
