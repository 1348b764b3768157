/**
 * Message shields follow the current trust (issue 10 §1): in lesson 6 Bob's first message carries the grey
 * "Encrypted by an unverified user." shield; once the learner has verified Bob by emoji (both lists read from the
 * screen), the same message — decrypted before the verification — no longer does, while the chat turns green.
 */
import {
	emojiOf,
	expect,
	expectLessonComplete,
	openLesson,
	openProfile,
	openRoom,
	panel,
	test
} from './lesson-fixtures';

test('verifying Bob by emoji takes the grey shield off the message he sent before', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	const nav = await openLesson(page, 'verify-contact');
	await openRoom(page, 'Bob');
	const bobsMessage = page
		.getByRole('list', { name: 'Messages in Bob' })
		.getByRole('listitem')
		.filter({ hasText: 'Shall we check our keys today?' });
	const unverified = bobsMessage.getByRole('img', { name: 'Encrypted by an unverified user.' });
	await expect(unverified).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('message-shields-before-verify.png') });

	await openProfile(page, 'Bob');
	await panel(page).getByRole('button', { name: 'Verify', exact: true }).click();
	await panel(page).getByRole('button', { name: 'Start Verification' }).click();
	await panel(page).getByRole('button', { name: 'Verify by emoji' }).click();
	const mine = await emojiOf(panel(page).getByRole('list', { name: 'Emoji to compare' }));
	const call = page.getByRole('region', { name: 'Call with Bob' });
	expect(await emojiOf(call.getByRole('list', { name: 'Emoji to compare' }))).toEqual(mine);
	await panel(page).getByRole('button', { name: 'They match' }).click();
	await expect(panel(page).getByText("You've successfully verified Bob!")).toBeVisible();
	await panel(page).getByRole('button', { name: 'Got it' }).click();
	await expectLessonComplete(page);

	await expect(nav.getByRole('button', { name: 'Bob' }).getByRole('img')).toHaveAccessibleName(
		'Everyone in this room is verified'
	);
	await panel(page).getByRole('button', { name: 'Close' }).click();
	await expect(bobsMessage).toBeVisible();
	await expect(unverified).toHaveCount(0);
	await expect(bobsMessage.getByRole('img')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('message-shields-after-verify.png') });
});
