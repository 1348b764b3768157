/**
 * Erin, the identity reset: verifies with the learner like Bob. A little later she loses all her devices, signs in
 * on a new phone and resets her cryptographic identity (new cross-signing keys). The learner sees the banner, and
 * re-verifies her (she explains and cooperates) or withdraws the verification.
 */
import { and, assign, fromPromise, setup, type SnapshotFrom } from 'xstate';
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
import type { ContactHost, PersonaContext, PersonaEvent, PersonaInput } from './types';
import type { Intent } from './understand';

export const erinDescription = {
	en: 'Identity reset. Verifies with you like Bob; a few seconds after being verified she loses her phone, signs in anew and resets her cryptographic identity. You see the red banner: ask her about it, then verify her again or withdraw the verification.',
	de: 'Identität zurückgesetzt. Verifiziert sich mit dir wie Bob; ein paar Sekunden danach verliert sie ihr Handy, meldet sich neu an und setzt ihre kryptografische Identität zurück. Du siehst das rote Banner: Frag sie danach, dann verifiziere sie erneut oder ziehe die Verifizierung zurück.'
};

export function erinReply(intent: Intent, context: PersonaContext): Reply {
	switch (intent) {
		case 'greet':
			return 'erin.greet';
		case 'askVerify':
			return offerToVerify('chat.howToVerify');
		case 'didReset':
			return context.changed ? 'erin.yesReally' : 'chat.noReset';
		case 'thanks':
			return 'chat.thanks';
		case 'verifyTablet':
			return 'chat.noTablet';
		case 'canRead':
			return 'chat.canRead';
		case 'compareEmoji':
		case 'readEmoji':
			return 'chat.emojiInCall';
		default:
			return 'erin.other';
	}
}

const waitingForRequest = {
	VERIFICATION_REQUESTED: { guard: 'fromLearner', target: 'requestReceived', actions: 'rememberRequest' },
	NUDGE: {
		guard: and(['notChangedYet', { type: 'nudged', params: { nudge: 'resetIdentity' } }]),
		target: 'resetting'
	}
} as const;

export const erinMachine = setup({
	types: {
		context: {} as PersonaContext,
		events: {} as PersonaEvent,
		input: {} as PersonaInput
	},
	actors: {
		...sharedActors,
		resetIdentity: fromPromise<void, { host: ContactHost }>(({ input }) => input.host.resetIdentity())
	},
	actions: {
		...sharedActions,
		replyInCharacter: replyBy(erinReply),
		noteReset: assign({ changed: true })
	},
	guards: sharedGuards,
	delays: DELAYS
}).createMachine({
	id: 'erin',
	context: ({ input }) => initialContext(input),
	initial: 'idle',
	on: {
		...alwaysOn,
		INVITE: { actions: 'joinInvited' },
		MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' }
	},
	states: {
		idle: { on: waitingForRequest },
		...verifyingWithLearner,
		verified: {
			entry: outcomeEntries.verified,
			// Verified once: a little later her phone is gone. After the reset, verifying her again changes nothing more.
			after: { RESET_DELAY: { guard: 'notChangedYet', target: 'resetting' } },
			on: waitingForRequest
		},
		mismatched: { entry: outcomeEntries.mismatched, on: waitingForRequest },
		cancelled: { entry: outcomeEntries.cancelled, on: waitingForRequest },
		resetting: {
			invoke: {
				id: 'reset',
				src: 'resetIdentity',
				input: ({ context }) => ({ host: context.host }),
				onDone: {
					target: 'reset',
					actions: ['noteReset', 'forgetFlow', { type: 'sayLater', params: { key: 'erin.iReset' } }]
				},
				onError: 'idle'
			}
		},
		/** New device, new identity: the learner sees the banner. */
		reset: { tags: ['reset'], on: waitingForRequest }
	}
});

export function erinOffers(snapshot: SnapshotFrom<typeof erinMachine>): {
	chat: PhraseKey[];
	call: PhraseKey[];
} {
	if (snapshot.hasTag('comparing')) return { chat: [], call: ['suggest.readEmoji', 'suggest.compareEmoji'] };
	if (snapshot.hasTag('verifying')) return { chat: [], call: ['suggest.greet'] };
	if (snapshot.context.changed)
		return { chat: ['suggest.didReset', 'suggest.askVerify'], call: ['suggest.greet'] };
	return { chat: ['suggest.greet', 'suggest.askVerify'], call: ['suggest.greet'] };
}
