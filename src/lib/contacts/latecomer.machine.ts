/**
 * The latecomer: invited to a room after messages were sent there, joins a moment later and cannot read them (their
 * room keys were shared only with the members of that time). Says so, and answers when asked.
 */
import { assign, fromPromise, raise, setup, type SnapshotFrom } from 'xstate';
import {
	alwaysOn,
	DELAYS,
	initialContext,
	offerToVerify,
	replyBy,
	type Reply,
	sharedActions,
	sharedActors,
	sharedGuards
} from './persona';
import type { DelayName } from './persona';
import type { PhraseKey } from './phrases';
import type { ContactHost, PersonaContext, PersonaEvent, PersonaInput, SayEvent } from './types';
import type { Intent } from './understand';

export const latecomerDescription = {
	en: 'Latecomer. Joins a room a few seconds after being invited, after messages were already sent there. Those show “Unable to decrypt” for him, and he says so; ask him whether he can read the earlier messages.',
	de: 'Nachzügler. Tritt einem Raum ein paar Sekunden nach der Einladung bei, nachdem dort schon geschrieben wurde. Diese Nachrichten kann er nicht entschlüsseln und sagt das auch; frag ihn, ob er die früheren Nachrichten lesen kann.'
};

export function latecomerReply(intent: Intent, context: PersonaContext): Reply {
	switch (intent) {
		case 'canRead':
			return context.roomId && context.host.undecryptable(context.roomId) > 0
				? 'latecomer.cannotRead'
				: 'latecomer.canRead';
		case 'greet':
			return 'latecomer.hello';
		case 'askVerify':
			return offerToVerify('chat.howToVerify');
		case 'thanks':
			return 'chat.thanks';
		default:
			return 'latecomer.other';
	}
}

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

export const latecomerMachine = setup({
	types: {
		context: {} as PersonaContext,
		events: {} as PersonaEvent,
		input: {} as PersonaInput
	},
	actors: {
		...sharedActors,
		joinRoom: fromPromise<void, { host: ContactHost; roomId: string }>(({ input }) =>
			input.host.join(input.roomId)
		)
	},
	actions: {
		...sharedActions,
		replyInCharacter: replyBy(latecomerReply),
		rememberRoom: assign(({ event }) => (event.type === 'INVITE' ? { roomId: event.roomId } : {})),
		greetRoom
	},
	guards: sharedGuards,
	delays: DELAYS
}).createMachine({
	id: 'latecomer',
	context: ({ input }) => initialContext(input),
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

export function latecomerOffers(snapshot: SnapshotFrom<typeof latecomerMachine>): {
	chat: PhraseKey[];
	call: PhraseKey[];
} {
	return snapshot.hasTag('joined')
		? { chat: ['suggest.canRead', 'suggest.greet'], call: ['suggest.greet'] }
		: { chat: [], call: ['suggest.greet'] };
}
