/**
 * Lesson 12: verify with a QR code. The learner starts a verification with Bob; once he accepted, the panel shows
 * the learner's QR code ("Ask Bob to scan your code"); the learner asks him, Bob's phone scans it (a persona that
 * scans codes) and shows a green shield; the learner answers "Is Bob showing the same shield?" with "Yes". Pressing
 * "No" cancels: explained, and tried again in place.
 */
import { m } from '../../paraglide/messages';
import { BOB, dmRoom, learnerPerson } from '../../scenario/sandbox';
import { writeIn, type LessonDriver, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import type { Lesson, LessonView } from '../types';
import { dmWith, hasVerified, learnerDevice, userIdOf } from '../view';

/** The learner's verifications with Bob on the phone, with the QR code the phone shows (newest last). */
function withBob(v: LessonView) {
	const bob = userIdOf(v, 'bob');
	return learnerDevice(v)?.verifications.filter((f) => f.otherUserId === bob) ?? [];
}

/** The learner's newest verification with Bob. */
const latest = (v: LessonView) => withBob(v).at(-1);

export const lesson: Lesson = {
	...headerOf('qr-code', { summary: [m.l12_summary_1, m.l12_summary_2, m.l12_summary_3_2026] }),
	scenario: (locale) => ({
		people: [learnerPerson(locale), { ...BOB, persona: { kind: 'bob', options: { scansQr: true } } }],
		rooms: [dmRoom('bob')]
	}),
	steps: [
		{
			id: 'start',
			title: m.l12_step_start_title,
			why: m.l12_step_start_why,
			hints: [m.l12_step_start_hint1, m.l12_step_start_hint2],
			today: {
				title: m.l12_step_start_title_2026,
				hints: [m.l12_step_start_hint1_2026, m.l12_step_start_hint2]
			},
			// Bob accepted, and the learner's panel shows the code.
			done: (v) => withBob(v).some((f) => f.phase !== 'cancelled' && !!f.qrPayload)
		},
		{
			id: 'scan',
			title: m.l12_step_scan_title,
			why: m.l12_step_scan_why,
			hints: [m.l12_step_scan_hint1, m.l12_step_scan_hint2],
			done: (v) => withBob(v).some((f) => f.qr?.state === 'scanned'),
			mistakes: [
				{
					id: 'emoji',
					// "Verify by emoji" out of habit: an emoji comparison instead of the scan. It cannot be turned
					// back into a scan, so the lesson sets the verification up again.
					happened: (v) => {
						const f = latest(v);
						return f?.method === 'sas' ? f.flowId : undefined;
					},
					explain: m.l12_mistake_emoji,
					rebuild: { retryFrom: 1 }
				}
			]
		},
		{
			id: 'confirm',
			title: m.l12_step_confirm_title,
			why: m.l12_step_confirm_why,
			hints: [m.l12_step_confirm_hint1, m.l12_step_confirm_hint2],
			done: (v) => hasVerified(v, 'bob'),
			mistakes: [
				{
					id: 'no',
					// "No" to "Is Bob showing the same shield?": the learner cancelled the newest verification, the one
					// Bob scanned (a cancelled one keeps no method, so the newest is the one this step was about).
					happened: (v) => {
						const f = latest(v);
						return f?.phase === 'cancelled' && f.cancel?.byUs ? f.flowId : undefined;
					},
					explain: m.l12_mistake_no,
					today: { explain: m.l12_mistake_no_2026 }
				}
			]
		}
	],
	summary: [m.l12_summary_1, m.l12_summary_2, m.l12_summary_3]
};

/** Asks Bob to verify and shows the code once he accepted (as the panel does by itself). */
async function startAndShow(d: LessonDriver): Promise<string> {
	await d.act({ type: 'requestVerification', otherUserId: d.userIdOf('bob') });
	const v = await d.waitFor('Bob accepts', (view) => latest(view)?.phase === 'ready');
	const flowId = latest(v)!.flowId;
	await d.act({ type: 'showQrCode', flowId });
	return flowId;
}

/** "Please scan my QR code." in the chat with Bob. */
const askToScan = (d: LessonDriver) =>
	writeIn(d, (v) => dmWith(v, 'bob'), 'Please scan my QR code.', 'No chat with Bob.');

/** Waits until Bob scanned the newest code. */
async function scanned(d: LessonDriver): Promise<string> {
	const v = await d.waitFor('Bob scans the code', (view) => latest(view)?.qr?.state === 'scanned');
	return latest(v)!.flowId;
}

export const solution: LessonSolution = {
	steps: {
		start: async (d) => {
			await startAndShow(d);
		},
		scan: askToScan,
		confirm: async (d) => {
			// After "No", the learner starts again and asks Bob to scan the new code.
			if (latest(await d.view())?.qr?.state !== 'scanned') {
				await startAndShow(d);
				await askToScan(d);
			}
			await d.act({ type: 'confirmQrScanned', flowId: await scanned(d) });
		}
	},
	mistakes: {
		emoji: async (d) => {
			const flowId = latest(await d.view())?.flowId;
			if (!flowId) throw new Error('No verification with Bob.');
			await d.act({ type: 'startSas', flowId });
		},
		no: async (d) => {
			await d.act({ type: 'cancelVerification', flowId: await scanned(d) });
		}
	}
};
