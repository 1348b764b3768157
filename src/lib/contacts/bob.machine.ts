/**
 * Bob, the cooperative contact: answers in the chat, accepts a verification request after a moment, reads the emoji
 * on his screen in the call, presses "They match" after the learner did and says so in the chat. If the learner
 * presses "They don't match", he is puzzled and suggests trying again.
 */
import { and, assign, raise } from 'xstate';
import {
	chatting,
	defineContact,
	flowInput,
	personaSetup,
	replyBy,
	type DelayName,
	type ReplyTable
} from './persona';
import type { PersonaContext, PersonaEvent, SayEvent } from './types';
import {
	emojiShown,
	endsWithoutTrust,
	takesRequests,
	verifyingContact,
	verifyingContactReplies,
	verifyingOffers
} from './verifying';

export interface BobOptions {
	/** Scans the learner's QR code with his phone (the QR lesson) and leaves "Verify by emoji" to the learner. */
	scansQr?: boolean;
}

export interface BobContext extends PersonaContext {
	scansQr: boolean;
	/** His client showed the banner: the learner reset their digital identity (he asked them about it). */
	learnerReset: boolean;
}

export const bobDescription = {
	en: 'Cooperative. Accepts a verification request after a few seconds, reads his emoji aloud in the call, presses “They match” after you did and confirms in the chat. Puzzled by “They don’t match”: suggests trying again. In the QR lesson he scans your code with his phone once you ask him to. If you reset your digital identity, his Element shows the banner: he asks you about it in the chat and, once you say it was you, asks you to verify again.',
	de: 'Kooperativ. Nimmt eine Verifizierungsanfrage nach ein paar Sekunden an, liest im Anruf seine Emojis vor, drückt nach dir auf „Sie passen zueinander“ und bestätigt es im Chat. Bei „Sie passen nicht zueinander“ ist er verwundert und schlägt einen neuen Versuch vor. In der QR-Lektion scannt er deinen Code mit seinem Handy, sobald du ihn darum bittest. Setzt du deine digitale Identität zurück, zeigt sein Element das Banner: Er fragt dich im Chat danach und bittet dich, sobald du sagst, dass du es warst, um eine neue Verifizierung.'
};

/** What Bob answers in the chat. */
export const bobReplies: ReplyTable<BobContext> = {
	...verifyingContactReplies,
	greet: 'bob.greet',
	// "Did you reset?" / "Yes, I reset": after his client showed the learner's reset, he asks to verify again.
	didReset: (context) =>
		context.learnerReset
			? { key: 'bob.letsVerifyAgain', ifLearnerVerified: 'chat.alreadyVerified' }
			: 'chat.noReset',
	// Asked while no code is on the learner's screen (with one, he scans instead: `codeShown`).
	scanQr: 'bob.noCode',
	other: 'bob.other'
};

/**
 * Bob with `scansQr`: once the learner's screen shows its QR code and the learner asks him to scan it (Element: "Ask
 * Bob to scan your code"), he points his phone at it, scans it, and his phone shows a green shield; the learner
 * answers "Yes" (or "No") to "Is Bob showing the same shield?".
 */
const scanningQr = {
	/** The code is on the learner's screen; he waits to be asked (in the chat) to scan it. */
	codeShown: {
		tags: ['verifying', 'codeShown'],
		on: {
			MESSAGE: [
				{
					guard: { type: 'intentIs', params: { intent: 'scanQr' } },
					target: 'aboutToScan',
					actions: { type: 'sayLater', params: { key: 'bob.scanning' } }
				},
				{ guard: 'fromLearner', actions: 'replyInCharacter' }
			],
			...emojiShown,
			...endsWithoutTrust
		}
	},
	aboutToScan: {
		tags: ['verifying'],
		after: { SCAN_DELAY: 'scanning' },
		on: {
			...emojiShown,
			...endsWithoutTrust
		}
	},
	scanning: {
		tags: ['verifying'],
		invoke: {
			id: 'scanQr',
			src: 'scanQr',
			input: ({ context }: { context: BobContext }) => ({
				...flowInput()({ context }),
				payload: context.qrPayload ?? []
			}),
			onDone: 'qrScanned',
			onError: 'cancelled'
		},
		on: endsWithoutTrust
	},
	/** His phone shows the shield; he waits for the learner's "Yes". */
	qrScanned: {
		tags: ['verifying'],
		entry: { type: 'sayLater', params: { key: 'bob.qrScanned' } },
		on: { VERIFICATION_DONE: { guard: 'isCurrentFlow', target: 'verifiedByQr' }, ...endsWithoutTrust }
	}
} as const;

const states = verifyingContact(takesRequests);

/** Bob asks the learner about the banner his client shows: red when he had verified them, plain otherwise. */
const sayAboutReset = raise<BobContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>(
	({ context, event }): SayEvent => ({
		type: 'SAY',
		key:
			event.type === 'LEARNER_IDENTITY_RESET' && event.wasVerified ? 'bob.sawResetVerified' : 'bob.sawReset',
		vars: { name: context.host.displayName }
	}),
	{ delay: 'TYPING' }
);

export const bobMachine = personaSetup({ context: {} as BobContext, options: {} as BobOptions })
	.extend({
		actions: {
			replyInCharacter: replyBy(bobReplies),
			noteLearnerReset: assign({ learnerReset: true }),
			// Verified anew: his client shows no banner any more.
			forgetLearnerReset: assign({ learnerReset: false }),
			// What his own client shows: the red banner ("Withdraw verification") if he had verified the learner.
			askAboutReset: sayAboutReset
		},
		guards: {
			scansQr: ({ context }) => context.scansQr,
			startsEmoji: ({ context }) => !context.scansQr
		}
	})
	.createMachine({
		id: 'bob',
		context: ({ input }) => ({
			host: input.host,
			scansQr: input.options.scansQr ?? false,
			learnerReset: false
		}),
		initial: 'idle',
		on: {
			...chatting,
			// Whatever he is doing: his Element shows the banner about the learner, and he asks in the chat.
			LEARNER_IDENTITY_RESET: { actions: ['noteLearnerReset', 'askAboutReset'] }
		},
		states: {
			...states,
			verified: { ...states.verified, entry: [...states.verified.entry, 'forgetLearnerReset'] },
			ready: {
				...states.ready,
				// Someone who scans codes waits for the learner's code (or their "Verify by emoji").
				after: { START_DELAY: { guard: 'startsEmoji', target: 'startingEmoji' } },
				on: {
					...states.ready.on,
					QR_SHOWN: {
						guard: and(['scansQr', 'isCurrentFlow']),
						target: 'codeShown',
						actions: 'rememberQrCode'
					}
				}
			},
			...scanningQr,
			// Met in person to scan: no call to hang up, only the chat line.
			verifiedByQr: { entry: { type: 'sayLater', params: { key: 'chat.verified' } }, on: takesRequests }
		}
	});

export const bob = defineContact('Bob', {
	kind: 'bob',
	machine: bobMachine,
	description: bobDescription,
	watchesLearnerIdentity: true,
	/** What the composer and the call panel offer the learner to say to Bob, in this state. */
	offers: (snapshot) =>
		snapshot.hasTag('codeShown')
			? { chat: ['suggest.scanQr'], call: ['suggest.greet'] }
			: verifyingOffers(snapshot, {
					chat: snapshot.context.learnerReset
						? ['suggest.iReset', 'suggest.askVerify']
						: ['suggest.greet', 'suggest.askVerify'],
					call: ['suggest.greet', 'suggest.compareEmoji']
				})
});
