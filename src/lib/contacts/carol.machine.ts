/**
 * Carol, busy: ignores the first verification request (it times out, or the learner gives up), or declines it
 * while she is in a meeting. Once the learner has written to her she makes time, and accepts the next request.
 * She shows the learner the cancel paths.
 */
import { and, assign, setup, type SnapshotFrom } from 'xstate';
import {
	alwaysOn,
	DELAYS,
	initialContext,
	offerToVerify,
	outcomeEntries,
	replyBy,
	type Reply,
	sharedActions,
	sharedActors,
	sharedGuards,
	verifyingWithLearner
} from './persona';
import type { PhraseKey } from './phrases';
import type { PersonaContext, PersonaEvent, PersonaInput } from './types';
import type { Intent } from './understand';

export const carolDescription = {
	en: 'Busy. Ignores the first verification request until it times out (or, if set to decline, presses “Ignore” after a few seconds). Once you have written to her (if your request still waits, she closes it herself), she accepts the next request and verifies like Bob.',
	de: 'Beschäftigt. Ignoriert die erste Verifizierungsanfrage, bis sie abläuft (oder lehnt sie, wenn so eingestellt, nach ein paar Sekunden ab). Sobald du ihr geschrieben hast (wartet deine Anfrage noch, schließt sie sie selbst), nimmt sie die nächste Anfrage an und verifiziert wie Bob.'
};

export function carolReply(intent: Intent, context: PersonaContext): Reply {
	switch (intent) {
		case 'askVerify':
			return offerToVerify('carol.nowIsFine');
		case 'thanks':
			return 'chat.thanks';
		case 'verifyTablet':
			return 'chat.noTablet';
		case 'didReset':
			return 'chat.noReset';
		case 'canRead':
			return 'chat.canRead';
		case 'compareEmoji':
		case 'readEmoji':
			return 'chat.emojiInCall';
		default:
			// The first thing the learner writes catches her between meetings.
			return context.learnerWrote ? 'carol.other' : 'carol.busy';
	}
}

/** How Carol treats a request: accepts once written to, else declines or ignores it. */
const onRequest = {
	VERIFICATION_REQUESTED: [
		{
			guard: and(['fromLearner', 'learnerHasWritten']),
			target: 'requestReceived',
			actions: 'rememberRequest'
		},
		{ guard: and(['fromLearner', 'declinesRequests']), target: 'aboutToDecline', actions: 'rememberRequest' },
		{ guard: 'fromLearner', target: 'ignoring', actions: 'rememberRequest', reenter: true }
	]
} as const;

export const carolMachine = setup({
	types: {
		context: {} as PersonaContext,
		events: {} as PersonaEvent,
		input: {} as PersonaInput
	},
	actors: sharedActors,
	actions: {
		...sharedActions,
		replyInCharacter: replyBy(carolReply),
		noteLearnerWrote: assign({ learnerWrote: true })
	},
	guards: {
		...sharedGuards,
		learnerHasWritten: ({ context }) => context.learnerWrote,
		declinesRequests: ({ context }) => context.firstRequest === 'decline'
	},
	delays: DELAYS
}).createMachine({
	id: 'carol',
	context: ({ input }) => initialContext(input),
	initial: 'idle',
	on: {
		...alwaysOn,
		INVITE: { actions: 'joinInvited' },
		MESSAGE: { guard: 'fromLearner', actions: ['replyInCharacter', 'noteLearnerWrote'] }
	},
	states: {
		idle: { on: onRequest },
		/**
		 * The toast sits there; she does not react. The request times out, or the learner cancels it, or writes to
		 * her: then she sees it, closes the stale request and asks for a new one (nobody waits for her for good).
		 */
		ignoring: {
			tags: ['busy'],
			on: {
				...onRequest,
				VERIFICATION_CANCELLED: { guard: 'isCurrentFlow', target: 'missedRequest', actions: 'forgetFlow' },
				MESSAGE: { guard: 'fromLearner', target: 'closingMissed', actions: 'noteLearnerWrote' }
			}
		},
		closingMissed: {
			tags: ['busy'],
			invoke: {
				id: 'closeMissed',
				src: 'declineRequest',
				input: ({ context }) => ({
					host: context.host,
					flowId: context.flowId ?? '',
					role: 'phone' as const
				}),
				onDone: {
					target: 'idle',
					actions: [{ type: 'sayLater', params: { key: 'carol.missed' } }, 'forgetFlow']
				},
				onError: {
					target: 'idle',
					actions: [{ type: 'sayLater', params: { key: 'carol.missed' } }, 'forgetFlow']
				}
			}
		},
		aboutToDecline: {
			tags: ['busy'],
			after: { DECLINE_DELAY: 'declining' },
			on: {
				VERIFICATION_CANCELLED: { guard: 'isCurrentFlow', target: 'missedRequest', actions: 'forgetFlow' }
			}
		},
		declining: {
			tags: ['busy'],
			invoke: {
				id: 'decline',
				src: 'declineRequest',
				input: ({ context }) => ({
					host: context.host,
					flowId: context.flowId ?? '',
					role: 'phone' as const
				}),
				onDone: 'declined',
				onError: 'idle'
			}
		},
		declined: {
			entry: [{ type: 'sayLater', params: { key: 'carol.declined' } }, 'forgetFlow'],
			on: onRequest
		},
		/** She missed a request: the next message from the learner reminds her. */
		missedRequest: {
			on: {
				...onRequest,
				MESSAGE: {
					guard: 'fromLearner',
					target: 'idle',
					actions: [{ type: 'sayLater', params: { key: 'carol.missed' } }, 'noteLearnerWrote']
				}
			}
		},
		...verifyingWithLearner,
		verified: { entry: outcomeEntries.verified, on: onRequest },
		mismatched: { entry: outcomeEntries.mismatched, on: onRequest },
		cancelled: { entry: outcomeEntries.cancelled, on: onRequest }
	}
});

export function carolOffers(snapshot: SnapshotFrom<typeof carolMachine>): {
	chat: PhraseKey[];
	call: PhraseKey[];
} {
	if (snapshot.hasTag('comparing')) return { chat: [], call: ['suggest.readEmoji', 'suggest.compareEmoji'] };
	if (snapshot.hasTag('verifying')) return { chat: [], call: ['suggest.greet'] };
	return { chat: ['suggest.greet', 'suggest.askVerify'], call: ['suggest.greet'] };
}
