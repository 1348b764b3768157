/**
 * Carol, busy: ignores the first verification request (it times out, or the learner gives up), or declines it
 * while she is in a meeting. Once the learner has written to her she makes time, and accepts the next request.
 * She shows the learner the cancel paths.
 */
import { and, assign } from 'xstate';
import {
	chatting,
	defineContact,
	flowInput,
	offerToVerify,
	personaSetup,
	replyBy,
	type ReplyTable
} from './persona';
import type { PersonaContext } from './types';
import { verifyingContact, verifyingContactReplies, verifyingOffers } from './verifying';

export interface CarolOptions {
	/** What she does with a request before the learner wrote to her (default: ignore it). */
	firstRequest?: 'ignore' | 'decline';
}

export interface CarolContext extends PersonaContext {
	/** The learner wrote to her, so she makes time. */
	learnerWrote: boolean;
	firstRequest: 'ignore' | 'decline';
}

export const carolDescription = {
	en: 'Busy. Ignores the first verification request until it times out (or, if set to decline, presses “Ignore” after a few seconds). Once you have written to her (if your request still waits, she closes it herself), she accepts the next request and verifies like Bob.',
	de: 'Beschäftigt. Ignoriert die erste Verifizierungsanfrage, bis sie abläuft (oder lehnt sie, wenn so eingestellt, nach ein paar Sekunden ab). Sobald du ihr geschrieben hast (wartet deine Anfrage noch, schließt sie sie selbst), nimmt sie die nächste Anfrage an und verifiziert wie Bob.'
};

export const carolReplies: ReplyTable<CarolContext> = {
	...verifyingContactReplies,
	askVerify: offerToVerify('carol.nowIsFine'),
	// No greeting of her own: the first thing the learner writes catches her between meetings.
	other: (context) => (context.learnerWrote ? 'carol.other' : 'carol.busy')
};

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

/** She noticed a request she had missed: she says so, and forgets it. */
const missedIt = {
	target: 'idle',
	actions: [{ type: 'sayLater', params: { key: 'carol.missed' } }, 'forgetFlow']
} as const;

const states = verifyingContact(onRequest);

export const carolMachine = personaSetup({ context: {} as CarolContext, options: {} as CarolOptions })
	.extend({
		actions: {
			replyInCharacter: replyBy(carolReplies),
			noteLearnerWrote: assign({ learnerWrote: true })
		},
		guards: {
			learnerHasWritten: ({ context }) => context.learnerWrote,
			declinesRequests: ({ context }) => context.firstRequest === 'decline'
		}
	})
	.createMachine({
		id: 'carol',
		context: ({ input }) => ({
			host: input.host,
			learnerWrote: false,
			firstRequest: input.options.firstRequest ?? 'ignore'
		}),
		initial: 'idle',
		on: {
			...chatting,
			MESSAGE: { guard: 'fromLearner', actions: ['replyInCharacter', 'noteLearnerWrote'] }
		},
		states: {
			...states,
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
					input: flowInput(),
					onDone: missedIt,
					onError: missedIt
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
					input: flowInput(),
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
			}
		}
	});

export const carol = defineContact('Carol', {
	kind: 'carol',
	machine: carolMachine,
	description: carolDescription,
	offers: (snapshot) => verifyingOffers(snapshot)
});
