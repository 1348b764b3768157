/**
 * The learner's moves for verifying a contact by emoji, as lessons 9 and 13 solve them: request, wait for the
 * contact to accept, "Verify by emoji" (unless the contact pressed it first), then "They match".
 */
import type { VerificationView } from '../../client/types';
import type { LessonDriver } from '../driver';
import type { LessonView } from '../types';
import { learnerDevice } from '../view';

export function flowOf(view: LessonView, flowId: string): VerificationView | undefined {
	return learnerDevice(view)?.verifications.find((f) => f.flowId === flowId);
}

/** Verifies a contact (by localpart) by emoji, as the learner would; returns the flow id. */
export async function verifyByEmoji(d: LessonDriver, localpart: string): Promise<string> {
	const flowId = String(await d.act({ type: 'requestVerification', otherUserId: d.userIdOf(localpart) }));
	const ready = await d.waitFor(`${localpart} accepts`, (v) => {
		const phase = flowOf(v, flowId)?.phase;
		return phase === 'ready' || phase === 'transitioned';
	});
	if (flowOf(ready, flowId)?.phase === 'ready') await d.act({ type: 'startSas', flowId });
	await d.waitFor('the emoji', (v) => flowOf(v, flowId)?.sas?.emojiIndex?.length === 7);
	await d.act({ type: 'confirmSas', flowId });
	await d.waitFor(`${localpart} confirms`, (v) => flowOf(v, flowId)?.phase === 'done');
	return flowId;
}
