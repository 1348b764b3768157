/**
 * The crowd: a large encrypted room (30 people by default, up to 200) whose members have real devices with real
 * keys, so a key really is shared to every one of them. They are created in the background with progress, then
 * someone says something now and then, and someone answers when the learner writes.
 */
import { assign, fromPromise } from 'xstate';
import { alwaysOn, definePersona, personaSetup, replyBy } from './persona';
import type { ContactHost, PersonaContext } from './types';

export interface CrowdOptions {
	/** How many people (default 30, at most 200). */
	size?: number;
}

export interface CrowdContext extends PersonaContext {
	size: number;
}

export const crowdDescription = {
	en: 'A crowd. A large encrypted room (30 people by default, up to 200), each person with a real device and real keys, created in the background. Someone says something now and then. Shows why checking every key in a large room takes a long time.',
	de: 'Eine Menge. Ein großer verschlüsselter Raum (standardmäßig 30 Personen, bis zu 200), jede Person mit echtem Gerät und echten Schlüsseln, im Hintergrund angelegt. Ab und zu schreibt jemand etwas. Zeigt, warum es in einem großen Raum lange dauert, alle Schlüssel zu prüfen.'
};

export const MAX_CROWD = 200;
export const DEFAULT_CROWD = 30;

export const crowdMachine = personaSetup(
	{ context: {} as CrowdContext, options: {} as CrowdOptions },
	{
		createCrowd: fromPromise<string, { host: ContactHost; size: number }>(({ input }) =>
			input.host.createCrowd(input.size)
		)
	}
)
	.extend({
		actions: {
			replyInCharacter: replyBy({ other: 'crowd.answer' }),
			rememberRoom: assign(({ event }) =>
				'output' in event && typeof event.output === 'string' ? { roomId: event.output } : {}
			),
			/** Someone in the crowd says something (the host picks who, and goes round the lines). */
			chatter: ({ context }) => context.host.say(context.roomId, 'crowd.chatter')
		}
	})
	.createMachine({
		id: 'crowd',
		context: ({ input }) => ({ host: input.host, size: input.options.size ?? DEFAULT_CROWD }),
		initial: 'creating',
		on: { ...alwaysOn },
		states: {
			creating: {
				invoke: {
					id: 'create',
					src: 'createCrowd',
					input: ({ context }) => ({ host: context.host, size: context.size }),
					onDone: { target: 'chatting', actions: 'rememberRoom' },
					onError: 'failed'
				}
			},
			chatting: {
				tags: ['ready'],
				after: { CHAT_GAP: { target: 'chatting', reenter: true, actions: 'chatter' } },
				on: { MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' } }
			},
			failed: {}
		}
	});

export const crowd = definePersona({
	kind: 'crowd',
	machine: crowdMachine,
	description: crowdDescription,
	offers: (snapshot) =>
		snapshot.hasTag('ready') ? { chat: ['suggest.hello'], call: [] } : { chat: [], call: [] },
	takesCalls: false
});
