/**
 * Dave, the new tablet: verifies with the learner like Bob. A little later he signs in on a new tablet, does not
 * verify it, and writes from it, so a room with him turns red for the learner (and, where insecure devices are
 * excluded, his tablet's message is refused: "Sent from an insecure device."). When the learner asks him in the chat, he verifies the
 * tablet with his phone: a real emoji verification between his own two devices, after which the room is green again.
 */
import { and, assign, fromPromise } from 'xstate';
import {
	chatting,
	defineContact,
	flowInput,
	offerToVerify,
	personaSetup,
	replyBy,
	type ReplyTable
} from './persona';
import { deviceName } from './phrases';
import type { ContactHost, PersonaContext } from './types';
import { verifyingContactReplies, verifyingOffers, verifyingThenChanging } from './verifying';

/** Dave has no options: his tablet comes 8 s after he was verified, or when an instructor nudges him. */
export type DaveOptions = Record<never, never>;

export interface DaveContext extends PersonaContext {
	/** He signed in on his tablet (it comes once). */
	tabletSignedIn: boolean;
}

export const daveDescription = {
	en: 'New tablet. Verifies with you like Bob; a few seconds after being verified he signs in on a new tablet and leaves it unverified (your room with him turns red). Ask him in the chat to verify his new tablet: he does it with his phone by emoji, and the room turns green again.',
	de: 'Neues Tablet. Verifiziert sich mit dir wie Bob; ein paar Sekunden danach meldet er sich auf einem neuen Tablet an und verifiziert es nicht (euer Raum wird rot). Bitte ihn im Chat, sein neues Tablet zu verifizieren: Er macht es per Emoji mit seinem Handy, und der Raum wird wieder grün.'
};

export const daveReplies: ReplyTable<DaveContext> = {
	...verifyingContactReplies,
	greet: 'dave.greet',
	askVerify: (context) =>
		context.tabletSignedIn ? 'dave.alreadyVerified' : offerToVerify('chat.howToVerify'),
	verifyTablet: (context) => (context.tabletSignedIn ? 'dave.tabletVerified' : 'chat.noTablet'),
	other: 'dave.other'
};

const asksForTablet = { type: 'intentIs', params: { intent: 'verifyTablet' } } as const;
const onPhone = { type: 'onRole', params: { role: 'phone' } } as const;
const onTablet = { type: 'onRole', params: { role: 'tablet' } } as const;

/** His own verification, step by step: the tablet is ready, the emoji show on the phone, the tablet is verified. */
const readyOnTablet = { VERIFICATION_READY: { guard: onTablet, target: 'startingEmoji' } } as const;
const emojiOnPhone = { EMOJI_SHOWN: { guard: onPhone, target: 'comparing' } } as const;
const doneOnTablet = { VERIFICATION_DONE: { guard: onTablet, target: '#dave.tabletVerified' } } as const;

/**
 * One step of his own verification: he does it (`src`), then waits for `next`, which may also come before the step's
 * call has returned. If the step fails, the verification failed.
 */
const ownStep = <const TInput, const TWaiting extends string, const TNext extends object>(
	id: string,
	src: 'acceptRequest' | 'startEmoji' | 'confirmOwnDevices',
	input: TInput,
	waiting: TWaiting,
	next: TNext
) =>
	({
		invoke: { id, src, input, onDone: waiting, onError: '#dave.selfVerificationFailed' },
		on: next
	}) as const;

/** The learner asks him to verify his tablet: he goes to it. */
const onItWhenAsked = {
	MESSAGE: {
		guard: asksForTablet,
		target: 'selfVerifying',
		actions: { type: 'sayLater', params: { key: 'dave.onIt' } }
	}
} as const;

const states = verifyingThenChanging({
	change: 'signingIn',
	unchanged: 'noTabletYet',
	delay: 'TABLET_DELAY',
	nudge: 'newTablet'
});

export const daveMachine = personaSetup(
	{ context: {} as DaveContext, options: {} as DaveOptions },
	{
		addTablet: fromPromise<void, { host: ContactHost }>(({ input }) =>
			input.host.addDevice('tablet', 'TABLET', deviceName(input.host.locale, 'tablet'))
		),
		requestSelfVerification: fromPromise<string, { host: ContactHost }>(({ input }) =>
			input.host.requestSelfVerification('tablet')
		),
		/** He presses "They match" on both screens. */
		confirmOwnDevices: fromPromise<void, { host: ContactHost; flowId: string }>(async ({ input }) => {
			await input.host.confirmSas(input.flowId, 'tablet');
			await input.host.confirmSas(input.flowId, 'phone');
		})
	}
)
	.extend({
		actions: {
			replyInCharacter: replyBy(daveReplies),
			noteTablet: assign({ tabletSignedIn: true }),
			rememberOwnFlow: assign(({ event }) =>
				'output' in event && typeof event.output === 'string'
					? { flowId: event.output }
					: 'flowId' in event
						? { flowId: event.flowId }
						: {}
			)
		},
		guards: {
			noTabletYet: ({ context }) => !context.tabletSignedIn,
			isSelfRequest: ({ event }) => event.type === 'VERIFICATION_REQUESTED' && event.isSelf
		}
	})
	.createMachine({
		id: 'dave',
		context: ({ input }) => ({ host: input.host, tabletSignedIn: false }),
		initial: 'idle',
		on: chatting,
		states: {
			...states,
			signingIn: {
				invoke: {
					id: 'signIn',
					src: 'addTablet',
					input: ({ context }) => ({ host: context.host }),
					onDone: {
						target: 'tabletUnverified',
						actions: [
							'noteTablet',
							'forgetFlow',
							// Written on the new tablet itself: a message from a device its owner never verified.
							{ type: 'sayLater', params: { key: 'dave.newTablet', role: 'tablet' } }
						]
					},
					onError: 'idle'
				}
			},
			/** The tablet is signed in and not verified: the learner's room with Dave is red. */
			tabletUnverified: {
				tags: ['tabletUnverified'],
				on: onItWhenAsked
			},
			selfVerifying: {
				tags: ['tabletUnverified', 'selfVerifying'],
				initial: 'requesting',
				states: {
					requesting: {
						invoke: {
							id: 'requestSelf',
							src: 'requestSelfVerification',
							input: ({ context }) => ({ host: context.host }),
							onDone: { target: 'waitingForPhone', actions: 'rememberOwnFlow' },
							onError: '#dave.selfVerificationFailed'
						},
						on: {
							// The phone may see the request before the tablet's request call has returned.
							VERIFICATION_REQUESTED: {
								guard: and([onPhone, 'isSelfRequest']),
								target: 'pickingUpPhone',
								actions: 'rememberOwnFlow'
							}
						}
					},
					waitingForPhone: {
						on: {
							VERIFICATION_REQUESTED: { guard: and([onPhone, 'isSelfRequest']), target: 'pickingUpPhone' }
						}
					},
					pickingUpPhone: { after: { ACCEPT_DELAY: 'accepting' } },
					accepting: ownStep(
						'acceptOnPhone',
						'acceptRequest',
						flowInput('phone'),
						'waitingForReady',
						readyOnTablet
					),
					waitingForReady: { on: readyOnTablet },
					startingEmoji: ownStep(
						'startOnTablet',
						'startEmoji',
						flowInput('tablet'),
						'waitingForEmoji',
						emojiOnPhone
					),
					waitingForEmoji: { on: emojiOnPhone },
					/** He looks from one screen to the other. */
					comparing: { after: { COMPARE_DELAY: 'confirming' } },
					confirming: ownStep(
						'confirmOnBoth',
						'confirmOwnDevices',
						({ context }: { context: DaveContext }) => ({ host: context.host, flowId: context.flowId ?? '' }),
						'waitingForDone',
						doneOnTablet
					),
					waitingForDone: { on: doneOnTablet }
				},
				on: {
					VERIFICATION_CANCELLED: { guard: 'isCurrentFlow', target: 'selfVerificationFailed' }
				}
			},
			selfVerificationFailed: {
				id: 'selfVerificationFailed',
				tags: ['tabletUnverified'],
				entry: [{ type: 'sayLater', params: { key: 'dave.selfFailed' } }, 'forgetFlow'],
				on: onItWhenAsked
			},
			tabletVerified: {
				id: 'tabletVerified',
				entry: [{ type: 'sayLater', params: { key: 'dave.tabletVerified' } }, 'forgetFlow']
			}
		}
	});

export const dave = defineContact('Dave', {
	kind: 'dave',
	machine: daveMachine,
	description: daveDescription,
	offers: (snapshot) =>
		verifyingOffers(
			snapshot,
			snapshot.hasTag('selfVerifying')
				? { chat: ['suggest.thanks'], call: ['suggest.greet'] }
				: snapshot.hasTag('tabletUnverified')
					? { chat: ['suggest.verifyTablet', 'suggest.greet'], call: ['suggest.greet'] }
					: undefined
		)
});
