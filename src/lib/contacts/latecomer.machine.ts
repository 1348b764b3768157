/**
 * The latecomer: invited to a room after messages were sent there, joins a moment later and cannot read them (their
 * room keys were shared only with the members of that time). Says so, and answers when asked.
 */
import { assign, fromPromise, raise } from 'xstate';
import {
	alwaysOn,
	definePersona,
	offerToVerify,
	personaSetup,
	replyBy,
	type DelayName,
	type ReplyTable
} from './persona';
import type { ContactHost, PersonaContext, PersonaEvent, SayEvent } from './types';

/** The latecomer has no options: he joins 3 s after an invite, or when an instructor nudges him. */
export type LatecomerOptions = Record<never, never>;

export const latecomerDescription = {
	en: 'Latecomer. Joins a room a few seconds after being invited, after messages were already sent there. Those show “Unable to decrypt” for him, and he says so; ask him whether he can read the earlier messages.',
	de: 'Nachzügler. Tritt einem Raum ein paar Sekunden nach der Einladung bei, nachdem dort schon geschrieben wurde. Diese Nachrichten kann er nicht entschlüsseln und sagt das auch; frag ihn, ob er die früheren Nachrichten lesen kann.'
};

/** He is no contact who verifies: to tablets, resets and emoji he says his own `other`. */
export const latecomerReplies: ReplyTable = {
	canRead: (context) =>
		context.roomId && context.host.undecryptable(context.roomId) > 0
			? 'latecomer.cannotRead'
			: 'latecomer.canRead',
	greet: 'latecomer.hello',
	askVerify: offerToVerify('chat.howToVerify'),
	thanks: 'chat.thanks',
	other: 'latecomer.other'
};

/** Hello in the room; mentions the unreadable history when there is some. */
const greetRoom = raise<PersonaContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>(
	({ context }): SayEvent => {
		const count = context.roomId ? context.host.undecryptable(context.roomId) : 0;
		return {
			type: 'SAY',
			key: count > 0 ? 'latecomer.helloUnreadable' : 'latecomer.hello',
			vars: { count },
			roomId: context.roomId
		};
	},
	{ delay: 'TYPING' }
);

export const latecomerMachine = personaSetup(
	{ context: {} as PersonaContext, options: {} as LatecomerOptions },
	{
		joinRoom: fromPromise<void, { host: ContactHost; roomId: string }>(({ input }) =>
			input.host.join(input.roomId)
		)
	}
)
	.extend({
		actions: {
			replyInCharacter: replyBy(latecomerReplies),
			rememberRoom: assign(({ event }) => (event.type === 'INVITE' ? { roomId: event.roomId } : {})),
			greetRoom
		}
	})
	.createMachine({
		id: 'latecomer',
		context: ({ input }) => ({ host: input.host }),
		initial: 'outside',
		on: {
			...alwaysOn,
			MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' }
		},
		states: {
			outside: { on: { INVITE: { target: 'invited', actions: 'rememberRoom' } } },
			invited: {
				after: { JOIN_DELAY: 'joining' },
				on: { NUDGE: { guard: { type: 'nudged', params: { nudge: 'join' } }, target: 'joining' } }
			},
			joining: {
				invoke: {
					id: 'join',
					src: 'joinRoom',
					input: ({ context }) => ({ host: context.host, roomId: context.roomId ?? '' }),
					onDone: 'joined',
					onError: 'outside'
				}
			},
			joined: {
				tags: ['joined'],
				entry: 'greetRoom',
				on: { INVITE: { actions: 'joinInvited' } }
			}
		}
	});

export const latecomer = definePersona({
	kind: 'latecomer',
	machine: latecomerMachine,
	description: latecomerDescription,
	offers: (snapshot) =>
		snapshot.hasTag('joined')
			? { chat: ['suggest.canRead', 'suggest.greet'], call: ['suggest.greet'] }
			: { chat: [], call: ['suggest.greet'] },
	person: { localpart: 'frank', displayName: 'Frank' },
	takesCalls: true
});
