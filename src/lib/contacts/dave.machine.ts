/**
 * Dave, the new tablet: verifies with the learner like Bob. A little later he signs in on a new tablet and does not
 * verify it, so a room with him turns red for the learner. When the learner asks him in the chat, he verifies the
 * tablet with his phone: a real emoji verification between his own two devices, after which the room is green again.
 */
import { and, assign, fromPromise, setup, type SnapshotFrom } from 'xstate';
import {
	alwaysOn,
	DELAYS,
	flowInput,
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
import { deviceName, type PhraseKey } from './phrases';
import type { ContactHost, PersonaContext, PersonaEvent, PersonaInput } from './types';
import type { Intent } from './understand';

export const daveDescription = {
	en: 'New tablet. Verifies with you like Bob; a few seconds after being verified he signs in on a new tablet and leaves it unverified (your room with him turns red). Ask him in the chat to verify his new tablet: he does it with his phone by emoji, and the room turns green again.',
	de: 'Neues Tablet. Verifiziert sich mit dir wie Bob; ein paar Sekunden danach meldet er sich auf einem neuen Tablet an und verifiziert es nicht (euer Raum wird rot). Bitte ihn im Chat, sein neues Tablet zu verifizieren: Er macht es per Emoji mit seinem Handy, und der Raum wird wieder grün.'
};

export function daveReply(intent: Intent, context: PersonaContext): Reply {
	switch (intent) {
		case 'greet':
			return 'dave.greet';
		case 'askVerify':
			return context.changed ? 'dave.alreadyVerified' : offerToVerify('chat.howToVerify');
		case 'verifyTablet':
			return context.changed ? 'dave.tabletVerified' : 'chat.noTablet';
		case 'thanks':
			return 'chat.thanks';
		case 'didReset':
			return 'chat.noReset';
		case 'canRead':
			return 'chat.canRead';
		case 'compareEmoji':
		case 'readEmoji':
			return 'chat.emojiInCall';
		default:
			return 'dave.other';
	}
}

const beforeTablet = {
	VERIFICATION_REQUESTED: { guard: 'fromLearner', target: 'requestReceived', actions: 'rememberRequest' },
	NUDGE: {
		guard: and(['notChangedYet', { type: 'nudged', params: { nudge: 'newTablet' } }]),
		target: 'signingIn'
	}
} as const;

const asksForTablet = { type: 'intentIs', params: { intent: 'verifyTablet' } } as const;
const onPhone = { type: 'onRole', params: { role: 'phone' } } as const;
const onTablet = { type: 'onRole', params: { role: 'tablet' } } as const;

export const daveMachine = setup({
	types: {
		context: {} as PersonaContext,
		events: {} as PersonaEvent,
		input: {} as PersonaInput
	},
	actors: {
		...sharedActors,
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
	},
	actions: {
		...sharedActions,
		replyInCharacter: replyBy(daveReply),
		noteTablet: assign({ changed: true }),
		rememberOwnFlow: assign(({ event }) =>
			'output' in event && typeof event.output === 'string'
				? { flowId: event.output }
				: 'flowId' in event
					? { flowId: event.flowId }
					: {}
		)
	},
	guards: {
		...sharedGuards,
		isSelfRequest: ({ event }) => event.type === 'VERIFICATION_REQUESTED' && event.isSelf
	},
	delays: DELAYS
}).createMachine({
	id: 'dave',
	context: ({ input }) => initialContext(input),
	initial: 'idle',
	on: {
		...alwaysOn,
		INVITE: { actions: 'joinInvited' },
		MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' }
	},
	states: {
		idle: { on: beforeTablet },
		...verifyingWithLearner,
		verified: {
			entry: outcomeEntries.verified,
			after: { TABLET_DELAY: { guard: 'notChangedYet', target: 'signingIn' } },
			on: beforeTablet
		},
		mismatched: { entry: outcomeEntries.mismatched, on: beforeTablet },
		cancelled: { entry: outcomeEntries.cancelled, on: beforeTablet },
		signingIn: {
			invoke: {
				id: 'signIn',
				src: 'addTablet',
				input: ({ context }) => ({ host: context.host }),
				onDone: {
					target: 'tabletUnverified',
					actions: ['noteTablet', 'forgetFlow', { type: 'sayLater', params: { key: 'dave.newTablet' } }]
				},
				onError: 'idle'
			}
		},
		/** The tablet is signed in and not verified: the learner's room with Dave is red. */
		tabletUnverified: {
			tags: ['tabletUnverified'],
			on: {
				MESSAGE: {
					guard: asksForTablet,
					target: 'selfVerifying',
					actions: { type: 'sayLater', params: { key: 'dave.onIt' } }
				}
			}
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
				accepting: {
					invoke: {
						id: 'acceptOnPhone',
						src: 'acceptRequest',
						input: flowInput('phone'),
						onDone: 'waitingForReady',
						onError: '#dave.selfVerificationFailed'
					},
					on: { VERIFICATION_READY: { guard: onTablet, target: 'startingEmoji' } }
				},
				waitingForReady: { on: { VERIFICATION_READY: { guard: onTablet, target: 'startingEmoji' } } },
				startingEmoji: {
					invoke: {
						id: 'startOnTablet',
						src: 'startEmoji',
						input: flowInput('tablet'),
						onDone: 'waitingForEmoji',
						onError: '#dave.selfVerificationFailed'
					},
					on: { EMOJI_SHOWN: { guard: onPhone, target: 'comparing' } }
				},
				waitingForEmoji: { on: { EMOJI_SHOWN: { guard: onPhone, target: 'comparing' } } },
				/** He looks from one screen to the other. */
				comparing: { after: { COMPARE_DELAY: 'confirming' } },
				confirming: {
					invoke: {
						id: 'confirmOnBoth',
						src: 'confirmOwnDevices',
						input: ({ context }) => ({ host: context.host, flowId: context.flowId ?? '' }),
						onDone: 'waitingForDone',
						onError: '#dave.selfVerificationFailed'
					},
					on: { VERIFICATION_DONE: { guard: onTablet, target: '#dave.tabletVerified' } }
				},
				waitingForDone: {
					on: { VERIFICATION_DONE: { guard: onTablet, target: '#dave.tabletVerified' } }
				}
			},
			on: {
				VERIFICATION_CANCELLED: { guard: 'isCurrentFlow', target: 'selfVerificationFailed' }
			}
		},
		selfVerificationFailed: {
			id: 'selfVerificationFailed',
			tags: ['tabletUnverified'],
			entry: [{ type: 'sayLater', params: { key: 'dave.selfFailed' } }, 'forgetFlow'],
			on: {
				MESSAGE: {
					guard: asksForTablet,
					target: 'selfVerifying',
					actions: { type: 'sayLater', params: { key: 'dave.onIt' } }
				}
			}
		},
		tabletVerified: {
			id: 'tabletVerified',
			entry: [{ type: 'sayLater', params: { key: 'dave.tabletVerified' } }, 'forgetFlow']
		}
	}
});

export function daveOffers(snapshot: SnapshotFrom<typeof daveMachine>): {
	chat: PhraseKey[];
	call: PhraseKey[];
} {
	if (snapshot.hasTag('comparing')) return { chat: [], call: ['suggest.readEmoji', 'suggest.compareEmoji'] };
	if (snapshot.hasTag('verifying')) return { chat: [], call: ['suggest.greet'] };
	if (snapshot.hasTag('selfVerifying')) return { chat: ['suggest.thanks'], call: ['suggest.greet'] };
	if (snapshot.hasTag('tabletUnverified'))
		return { chat: ['suggest.verifyTablet', 'suggest.greet'], call: ['suggest.greet'] };
	return { chat: ['suggest.greet', 'suggest.askVerify'], call: ['suggest.greet'] };
}
