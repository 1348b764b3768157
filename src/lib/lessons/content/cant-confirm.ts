/**
 * Today's Element only: "Can't confirm?" → reset your digital identity, and what your contacts then see. The learner
 * lost the Phone and never got a recovery key; on the new Laptop nothing can confirm the digital identity, so the
 * learner resets it (real new cross-signing keys). Bob had verified the learner: his own Element now shows the red
 * banner about them (read from his crypto, `contactSees`), he asks about it in the chat, and once told it was the
 * learner, they verify each other again by emoji from the Laptop, which clears his banner.
 */
import { m } from '../../paraglide/messages';
import { LEARNER, LEARNER_LAPTOP, LEARNER_PHONE } from '../../scenario/sandbox';
import type { LessonSolution } from '../driver';
import { headerOf } from '../outline';
import { dmOn, laptopOf, laptopStep, ownDevicesScenario, signInOnLaptop } from '../own-devices';
import type { Lesson, LessonView } from '../types';
import { contactSees, dmWith, learnerAsked, trustOf } from '../view';
import { verifyByEmoji } from './emoji-verification';

/**
 * The digital identity was reset from the Laptop: the Laptop is signed by the learner's identity, and that identity
 * does not sign the Phone, which the old one did (so it is a new identity, not the Phone's confirming the Laptop).
 */
export function resetOnLaptop(v: LessonView): boolean {
	const laptop = laptopOf(v);
	return (
		!!laptop?.crossSigning.deviceVerified &&
		laptop.own.devices.some((d) => d.deviceId === LEARNER_PHONE && !d.signedByOwner)
	);
}

/** Bob's own client shows the red banner about the learner: he had verified them, and their identity changed. */
export function bobSeesReset(v: LessonView): boolean {
	return !!contactSees(v, 'bob')?.wasVerified;
}

/** Bob's client shows the banner, and the learner told him in their chat (from either device) that they reset. */
function toldBob(v: LessonView): boolean {
	return bobSeesReset(v) && learnerAsked(v, [dmWith(v, 'bob'), dmOn(v, 'bob', LEARNER_LAPTOP)], 'didReset');
}

/**
 * Verified anew both ways: the Laptop (the new identity) verified Bob, and Bob's client verified the learner's new
 * identity, so his banner is gone.
 */
function verifiedAgain(v: LessonView): boolean {
	const bob = contactSees(v, 'bob');
	return !!trustOf(v, 'bob', LEARNER_LAPTOP)?.verified && !!bob?.verified && !bob.wasVerified;
}

export const lesson: Lesson = {
	...headerOf('cant-confirm'),
	features: { laptop: true },
	scenario: (locale) => ({
		...ownDevicesScenario(locale, { bob: m.l18_history_bob, you: m.l18_history_you }),
		// Earlier, the learner and Bob compared emoji: each one's client shows the other as verified.
		verified: [{ who: LEARNER, whom: 'bob' }]
	}),
	steps: [
		laptopStep('signin', {
			title: m.l18_step_signin_title_2026,
			why: m.l18_step_signin_why_2026,
			hints: [m.l18_step_signin_hint1_2026]
		}),
		{
			id: 'reset',
			title: m.l18_step_reset_title_2026,
			why: m.l18_step_reset_why_2026,
			hints: [m.l18_step_reset_hint1_2026, m.l18_step_reset_hint2_2026],
			done: resetOnLaptop
		},
		{
			id: 'answer',
			title: m.l18_step_answer_title_2026,
			why: m.l18_step_answer_why_2026,
			hints: [m.l18_step_answer_hint1_2026, m.l18_step_answer_hint2_2026],
			done: toldBob
		},
		{
			id: 'reverify',
			title: m.l18_step_reverify_title_2026,
			why: m.l18_step_reverify_why_2026,
			hints: [m.l18_step_reverify_hint1_2026, m.l18_step_reverify_hint2_2026, m.l18_step_reverify_hint3_2026],
			done: verifiedAgain
		}
	],
	summary: [m.l18_summary_1_2026, m.l18_summary_2_2026, m.l18_summary_3_2026, m.l18_summary_4_2026]
};

export const solution: LessonSolution = {
	steps: {
		signin: (d) => signInOnLaptop(d),
		// "Can't confirm?" → "Continue".
		reset: async (d) => {
			await d.act({ type: 'resetIdentity' }, LEARNER_LAPTOP);
		},
		// The suggested reply, on the Laptop, once Bob's client shows the banner.
		answer: async (d) => {
			await d.waitFor('Bob sees the reset', bobSeesReset);
			const room = dmOn(await d.view(), 'bob', LEARNER_LAPTOP);
			if (!room) throw new Error('The Laptop is not in the chat with Bob.');
			await d.act(
				{ type: 'sendText', roomId: room.roomId, body: 'Yes, that was me: I reset my digital identity.' },
				LEARNER_LAPTOP
			);
		},
		reverify: (d) => verifyByEmoji(d, 'bob', LEARNER_LAPTOP)
	}
};
