/**
 * A contact who verifies with the learner (Bob, Carol, Dave, Erin): the states of "the learner asked me to verify,
 * and I go along" (Element's flow, seen from the other side), the three outcomes, and what such a contact answers
 * in the chat. Each persona builds its machine's states from `verifyingContact(waiting)` and overrides or adds what
 * is its own.
 */
import { and } from 'xstate';
import { flowInput, offerToVerify, type DelayName, type Offers, type ReplyTable } from './persona';
import type { Nudge, PersonaContext, PersonaEvent } from './types';

const mismatch = and(['isCurrentFlow', { type: 'cancelledAs', params: { code: 'm.mismatched_sas' } }]);

/** The verification ended without trust: the learner pressed "They don't match", or it was cancelled. */
export const endsWithoutTrust = {
	VERIFICATION_CANCELLED: [
		{ guard: mismatch, target: 'mismatched' },
		{ guard: 'isCurrentFlow', target: 'cancelled' }
	]
} as const;

/** The persona's own screen shows the emoji: it compares. */
export const emojiShown = {
	EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' }
} as const;

const awaitingDone = {
	VERIFICATION_DONE: { guard: 'isCurrentFlow', target: 'verified' },
	...endsWithoutTrust
} as const;

/** The states from a request to `verified`, `mismatched` or `cancelled`. */
export const verifyingWithLearner = {
	/** The toast "Verification requested" is showing; the persona takes a moment. */
	requestReceived: {
		tags: ['verifying'],
		after: { ACCEPT_DELAY: 'accepting' },
		on: endsWithoutTrust
	},
	accepting: {
		tags: ['verifying'],
		invoke: { id: 'accept', src: 'acceptRequest', input: flowInput(), onDone: 'ready', onError: 'cancelled' },
		on: endsWithoutTrust
	},
	/** Accepted: waiting for someone to press "Verify by emoji". */
	ready: {
		tags: ['verifying'],
		after: { START_DELAY: 'startingEmoji' },
		on: { ...emojiShown, ...endsWithoutTrust }
	},
	startingEmoji: {
		tags: ['verifying'],
		invoke: {
			id: 'startEmoji',
			src: 'startEmoji',
			input: flowInput(),
			onDone: 'awaitingEmoji',
			// The learner pressed "Verify by emoji" at the same moment: their start wins, the emoji still come.
			onError: 'awaitingEmoji'
		},
		on: { ...emojiShown, ...endsWithoutTrust }
	},
	awaitingEmoji: {
		tags: ['verifying'],
		on: { ...emojiShown, ...endsWithoutTrust }
	},
	/** The emoji are on both screens; the persona reads its own in the call and waits for "They match". */
	comparing: {
		tags: ['verifying', 'comparing'],
		entry: 'readEmojiInCall',
		on: {
			// Called back after the learner hung up: they read their emoji again.
			CALL_STARTED: { actions: 'readEmojiInCall' },
			OTHER_CONFIRMED: { guard: 'isCurrentFlow', target: 'aboutToConfirm' },
			...endsWithoutTrust
		}
	},
	aboutToConfirm: {
		tags: ['verifying', 'comparing'],
		after: { CONFIRM_DELAY: 'confirming' },
		on: endsWithoutTrust
	},
	confirming: {
		tags: ['verifying', 'comparing'],
		invoke: {
			id: 'confirm',
			src: 'confirmEmoji',
			input: flowInput(),
			onDone: 'awaitingDone',
			onError: 'cancelled'
		},
		on: awaitingDone
	},
	awaitingDone: {
		tags: ['verifying', 'comparing'],
		on: awaitingDone
	}
} as const;

/**
 * A contact who verifies: `idle`, the verifying states, and the three outcomes. `waiting` is what the persona
 * listens to while it is not verifying (a new request at least): in `idle` and after each outcome.
 */
export function verifyingContact<const TWaiting extends object>(waiting: TWaiting) {
	return {
		idle: { on: waiting },
		...verifyingWithLearner,
		verified: {
			entry: [
				{ type: 'sayLater', params: { key: 'chat.verified' } },
				{ type: 'callSay', params: { key: 'call.verified' } }
			],
			on: waiting
		},
		mismatched: {
			entry: [
				{ type: 'sayLater', params: { key: 'chat.mismatch' } },
				{ type: 'callSay', params: { key: 'call.mismatch' } },
				'forgetFlow'
			],
			on: waiting
		},
		cancelled: { entry: ['sayWhyCancelled', 'forgetFlow'], on: waiting }
	} as const;
}

/** The learner asks for a verification: the persona goes along. */
export const takesRequests = {
	VERIFICATION_REQUESTED: { guard: 'fromLearner', target: 'requestReceived', actions: 'rememberRequest' }
} as const;

/**
 * A contact who verifies, and once verified changes something a little later, once (Dave signs in on a tablet,
 * Erin resets her identity): after `delay` in `verified`, or at once when an instructor sends `nudge`, it goes to
 * `change` while the guard `unchanged` holds. Returns the states; the persona adds `change` and what follows.
 */
export function verifyingThenChanging<
	const TChange extends string,
	const TUnchanged extends string,
	const TDelay extends DelayName
>(how: { change: TChange; unchanged: TUnchanged; delay: TDelay; nudge: Nudge }) {
	const waiting = {
		...takesRequests,
		NUDGE: {
			// The guard's name is the persona's own: XState can type the pair only once it is known (hence `never`).
			guard: and<PersonaContext, PersonaEvent, [TUnchanged, { type: 'nudged'; params: { nudge: Nudge } }]>([
				how.unchanged as never,
				{ type: 'nudged', params: { nudge: how.nudge } }
			]),
			target: how.change
		}
	} as const;
	const states = verifyingContact(waiting);
	return {
		...states,
		verified: {
			...states.verified,
			after: { [how.delay]: { guard: how.unchanged, target: how.change } } as Record<
				TDelay,
				{ guard: TUnchanged; target: TChange }
			>
		}
	} as const;
}

/** What the learner hears offered most of the time: hello, and "can we verify?". */
const chatToVerify: Offers = { chat: ['suggest.greet', 'suggest.askVerify'], call: ['suggest.greet'] };

/**
 * What a contact who verifies lets the learner say: in the call, while comparing, the emoji questions; while
 * verifying, hello; otherwise what `otherwise` says (by default hello and "can we verify?").
 */
export function verifyingOffers(
	snapshot: { hasTag(tag: string): boolean },
	otherwise: Offers = chatToVerify
): Offers {
	if (snapshot.hasTag('comparing')) return { chat: [], call: ['suggest.readEmoji', 'suggest.compareEmoji'] };
	if (snapshot.hasTag('verifying')) return { chat: [], call: ['suggest.greet'] };
	return otherwise;
}

/** What a contact who verifies answers; each persona adds its own lines (`greet`, `other` …) over these. */
export const verifyingContactReplies = {
	askVerify: offerToVerify('chat.howToVerify'),
	thanks: 'chat.thanks',
	verifyTablet: 'chat.noTablet',
	didReset: 'chat.noReset',
	canRead: 'chat.canRead',
	compareEmoji: 'chat.emojiInCall',
	readEmoji: 'chat.emojiInCall'
} as const satisfies Omit<ReplyTable<PersonaContext>, 'other'>;
