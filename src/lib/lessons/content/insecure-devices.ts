/**
 * Today's Element only: unverified devices are being cut off ("invisible crypto", MSC4153). "Exclude insecure
 * devices" is on from the start (the scenario's `excludeInsecureDevices`): the crypto library of the learner's
 * devices shares room keys only with cross-signed devices. The learner's new Laptop, not yet confirmed, cannot read
 * what the Phone writes next (the Phone withheld the key: `m.unverified`); once its digital identity is confirmed,
 * it reads the next message. Every verdict is the library's: the predicates read the timeline as the Laptop holds it.
 */
import type { TimelineEntry } from '../../device/types';
import { m } from '../../paraglide/messages';
import { LEARNER_LAPTOP } from '../../scenario/sandbox';
import { writeIn, type LessonSolution } from '../driver';
import { headerOf } from '../outline';
import { dmOn, laptopStep, ownDevicesScenario, signInOnLaptop } from '../own-devices';
import { confirmedWithOtherDevice } from '../own-devices-2026';
import type { Lesson, LessonView } from '../types';
import { dmWith } from '../view';
import { showEmoji } from './verify-new-device';

/**
 * The learner's encrypted messages in the chat with Bob, as the Laptop holds them, oldest first (the lesson's
 * messages are the Phone's: the Laptop writes none, and an unreadable event names no sending device).
 */
function phoneMessagesOnLaptop(v: LessonView): TimelineEntry[] {
	return (dmOn(v, 'bob', LEARNER_LAPTOP)?.timeline ?? []).filter(
		(e) => e.encrypted && e.sender === v.learner
	);
}

/** The Phone withheld the key of a message from the unverified Laptop: it shows "blocked", not the text. */
function laptopBlocked(v: LessonView): boolean {
	return phoneMessagesOnLaptop(v).some((e) => e.utd?.reason === 'blocked-unverified-device');
}

/**
 * The Laptop is confirmed and reads the newest of the learner's messages, written after the one it was blocked from:
 * the chat starts with one line of the learner's, the blocked message is the second, so a third is newer than both.
 * (Whether the blocked one becomes readable later depends on the library answering a key request; not asked here.)
 */
function laptopReadsNew(v: LessonView): boolean {
	const msgs = phoneMessagesOnLaptop(v);
	return confirmedWithOtherDevice(v) && msgs.length >= 3 && !msgs.at(-1)!.utd;
}

export const lesson: Lesson = {
	...headerOf('insecure-devices'),
	features: { laptop: true },
	scenario: (locale) => ({
		...ownDevicesScenario(locale, { bob: m.l17_history_bob, you: m.l17_history_you }),
		excludeInsecureDevices: true
	}),
	steps: [
		laptopStep('signin', {
			title: m.l17_step_signin_title_2026,
			why: m.l17_step_signin_why_2026,
			hints: [m.l17_step_signin_hint1_2026]
		}),
		{
			id: 'blocked',
			title: m.l17_step_blocked_title_2026,
			why: m.l17_step_blocked_why_2026,
			hints: [m.l17_step_blocked_hint1_2026, m.l17_step_blocked_hint2_2026],
			done: laptopBlocked
		},
		{
			id: 'confirm',
			title: m.l17_step_confirm_title_2026,
			why: m.l17_step_confirm_why_2026,
			hints: [m.l17_step_confirm_hint1_2026, m.l17_step_confirm_hint2_2026],
			done: confirmedWithOtherDevice
		},
		{
			id: 'reads',
			title: m.l17_step_reads_title_2026,
			why: m.l17_step_reads_why_2026,
			hints: [m.l17_step_reads_hint1_2026],
			done: laptopReadsNew
		}
	],
	summary: [m.l17_summary_1_2026, m.l17_summary_2_2026, m.l17_summary_3_2026]
};

const onPhone = (body: string) => (d: Parameters<LessonSolution['steps'][string]>[0]) =>
	writeIn(d, (v) => dmWith(v, 'bob'), body, 'No chat with Bob.');

export const solution: LessonSolution = {
	steps: {
		signin: (d) => signInOnLaptop(d),
		blocked: onPhone('Can you see this on the Laptop?'),
		confirm: async (d) => {
			const flowId = await showEmoji(d);
			await d.act({ type: 'confirmSas', flowId }, LEARNER_LAPTOP);
			await d.act({ type: 'confirmSas', flowId });
		},
		reads: onPhone('And this one?')
	}
};
