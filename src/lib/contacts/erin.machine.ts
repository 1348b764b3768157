/**
 * Erin, the identity reset: verifies with the learner like Bob. A little later she loses all her devices, signs in
 * on a new phone and resets her cryptographic identity (new cross-signing keys). The learner sees the banner, and
 * re-verifies her (she explains and cooperates) or withdraws the verification.
 */
import { assign, fromPromise } from 'xstate';
import { chatting, defineContact, personaSetup, replyBy, type ReplyTable } from './persona';
import type { ContactHost, PersonaContext } from './types';
import { verifyingContactReplies, verifyingOffers, verifyingThenChanging } from './verifying';

/** Erin has no options: she resets 8 s after she was verified, or when an instructor nudges her. */
export type ErinOptions = Record<never, never>;

export interface ErinContext extends PersonaContext {
	/** She reset her identity (it happens once). */
	identityReset: boolean;
}

export const erinDescription = {
	en: 'Identity reset. Verifies with you like Bob; a few seconds after being verified she loses her phone, signs in anew and resets her cryptographic identity. You see the red banner: ask her about it, then verify her again or withdraw the verification.',
	de: 'Identität zurückgesetzt. Verifiziert sich mit dir wie Bob; ein paar Sekunden danach verliert sie ihr Handy, meldet sich neu an und setzt ihre kryptografische Identität zurück. Du siehst das rote Banner: Frag sie danach, dann verifiziere sie erneut oder ziehe die Verifizierung zurück.'
};

export const erinReplies: ReplyTable<ErinContext> = {
	...verifyingContactReplies,
	greet: 'erin.greet',
	didReset: (context) => (context.identityReset ? 'erin.yesReally' : 'chat.noReset'),
	other: 'erin.other'
};

// Verified once: a little later her phone is gone. After the reset, verifying her again changes nothing more.
const states = verifyingThenChanging({
	change: 'resetting',
	unchanged: 'notResetYet',
	delay: 'RESET_DELAY',
	nudge: 'resetIdentity'
});

export const erinMachine = personaSetup(
	{ context: {} as ErinContext, options: {} as ErinOptions },
	{ resetIdentity: fromPromise<void, { host: ContactHost }>(({ input }) => input.host.resetIdentity()) }
)
	.extend({
		actions: { replyInCharacter: replyBy(erinReplies), noteReset: assign({ identityReset: true }) },
		guards: { notResetYet: ({ context }) => !context.identityReset }
	})
	.createMachine({
		id: 'erin',
		context: ({ input }) => ({ host: input.host, identityReset: false }),
		initial: 'idle',
		on: chatting,
		states: {
			...states,
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
			reset: { tags: ['reset'], on: states.idle.on }
		}
	});

export const erin = defineContact('Erin', {
	kind: 'erin',
	machine: erinMachine,
	description: erinDescription,
	offers: (snapshot) =>
		verifyingOffers(
			snapshot,
			snapshot.context.identityReset
				? { chat: ['suggest.didReset', 'suggest.askVerify'], call: ['suggest.greet'] }
				: undefined
		)
});
