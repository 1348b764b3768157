/**
 * The man in the middle. With the compromised-server fault the server hands the learner an attacker's keys for the
 * contact (and the contact the attacker's keys for the learner). The attacker has a device on each side: `asTarget`
 * poses as the contact to the learner, `asVictim` poses as the learner to the contact. It relays the chat both
 * ways, and relays a verification: when the learner asks "the contact" to verify, it opens a second verification
 * with the real contact and passes each step on. Both legs are real SAS flows with different keys, so the emoji
 * the learner sees differ from the ones the real contact reads aloud in the call.
 */
import { assign, fromPromise } from 'xstate';
import { alwaysOn, definePersona, flowInput, personaSetup } from './persona';
import type { ContactHost, DeviceRole, PersonaContext } from './types';

export interface MitmOptions {
	/**
	 * The contact it stands in for: a localpart or user id (default: a Bob, added if needed). The machine gets the
	 * user id.
	 */
	target?: string;
}

export interface MitmContext extends PersonaContext {
	targetId: string;
	/** The learner's flow (with the attacker posing as the target) and the target's. */
	victimFlowId?: string;
	targetFlowId?: string;
}

export const mitmDescription = {
	en: 'Man in the middle. Compromises the server between you and a contact: an attacker’s device stands in for each of you. It relays your messages and your verification, so the emoji you see differ from the ones the real contact reads in the call. Compare your emoji with the ones the contact reads in the call: only you see both.',
	de: 'Angreifer in der Mitte. Kompromittiert den Server zwischen dir und einem Kontakt: Ein Gerät des Angreifers gibt sich jeweils als der andere aus. Es leitet eure Nachrichten und eure Verifizierung weiter, sodass deine Emojis andere sind als die, die der echte Kontakt im Anruf vorliest. Vergleiche deine Emojis mit denen, die der Kontakt im Anruf vorliest: Nur du siehst beide.'
};

const asTarget = { type: 'onRole', params: { role: 'asTarget' } } as const;
const asVictim = { type: 'onRole', params: { role: 'asVictim' } } as const;

/** Either leg ended: the attacker drops the other one too, so that nothing is left hanging. */
const legEnded = {
	VERIFICATION_CANCELLED: [
		{ guard: 'isMismatchOnVictimLeg', target: '#mitm.exposed', actions: 'mirrorMismatch' },
		{ guard: 'isVictimLeg', target: '#mitm.abandoned', actions: 'cancelTargetLeg' },
		{ guard: 'isTargetLeg', target: '#mitm.abandoned', actions: 'cancelVictimLeg' }
	]
} as const;

function dropLeg(host: ContactHost, flowId: string | undefined, role: DeviceRole, mismatch: boolean): void {
	if (!flowId) return;
	const cancel = () => host.cancelVerification(flowId, role);
	void (mismatch ? host.mismatchSas(flowId, role).catch(cancel) : cancel()).catch(() => undefined);
}

/** The learner asks "the contact" to verify: the attacker opens the second leg. */
const onLearnersRequest = {
	VERIFICATION_REQUESTED: { guard: 'fromLearner', target: 'openingTargetLeg', actions: 'rememberVictimFlow' }
} as const;

/**
 * The two legs: the learner's ("victim") flow, on which the attacker poses as the target, and the target's, on which
 * it poses as the learner; and what it does to the other leg when a step on this one fails.
 */
const LEGS = {
	victim: { role: 'asTarget', flow: 'victimFlowId', dropOther: 'cancelTargetLeg' },
	target: { role: 'asVictim', flow: 'targetFlowId', dropOther: 'cancelVictimLeg' }
} as const;

/** One awaited step on one leg; if it fails, the attacker gives up and drops the other leg. */
const stepOn = <const TDone extends string>(
	leg: keyof typeof LEGS,
	id: string,
	src: 'acceptRequest' | 'confirmEmoji',
	onDone: TDone
) => ({
	id,
	src,
	input: flowInput(LEGS[leg].role, LEGS[leg].flow),
	onDone,
	onError: { target: 'abandoned', actions: LEGS[leg].dropOther }
});

/** Whoever pressed "Verify by emoji", the attacker starts the emoji on the other leg (both may have: fine). */
const startEmojiOn = (leg: keyof typeof LEGS, id: string) =>
	({
		tags: ['relaying'],
		invoke: {
			id,
			src: 'startEmoji',
			input: flowInput(LEGS[leg].role, LEGS[leg].flow),
			onDone: 'relayingConfirmations',
			onError: 'relayingConfirmations'
		},
		on: legEnded
	}) as const;

/** The learner's flow is done: they trust the attacker's keys. */
const victimLegDone = {
	VERIFICATION_DONE: { guard: 'isVictimLeg', target: 'succeeded' },
	...legEnded
} as const;

export const mitmMachine = personaSetup(
	{ context: {} as MitmContext, options: {} as MitmOptions },
	{
		/** Posing as the learner, asks the real contact to verify. */
		openTargetLeg: fromPromise<string, { host: ContactHost; targetId: string }>(({ input }) =>
			input.host.requestVerification(input.targetId, 'asVictim')
		)
	}
)
	.extend({
		actions: {
			/** Passes a message on to the other side, unchanged, so neither notices the relay. */
			relayMessage: ({ context, event }) => {
				if (event.type !== 'MESSAGE') return;
				if (event.role === 'asTarget' && event.fromLearner)
					context.host.relay('asVictim', event.roomId, event.body);
				if (event.role === 'asVictim' && event.sender === context.targetId)
					context.host.relay('asTarget', event.roomId, event.body);
			},
			rememberVictimFlow: assign(({ event }) =>
				event.type === 'VERIFICATION_REQUESTED' ? { victimFlowId: event.flowId, targetFlowId: undefined } : {}
			),
			rememberTargetFlow: assign(({ event }) =>
				'output' in event && typeof event.output === 'string' ? { targetFlowId: event.output } : {}
			),
			mirrorMismatch: ({ context }) => dropLeg(context.host, context.targetFlowId, 'asVictim', true),
			cancelTargetLeg: ({ context }) => dropLeg(context.host, context.targetFlowId, 'asVictim', false),
			cancelVictimLeg: ({ context }) => dropLeg(context.host, context.victimFlowId, 'asTarget', false)
		},
		guards: {
			isVictimLeg: ({ context, event }) => 'flowId' in event && event.flowId === context.victimFlowId,
			isTargetLeg: ({ context, event }) => 'flowId' in event && event.flowId === context.targetFlowId,
			isMismatchOnVictimLeg: ({ context, event }) =>
				event.type === 'VERIFICATION_CANCELLED' &&
				event.flowId === context.victimFlowId &&
				event.code === 'm.mismatched_sas'
		}
	})
	.createMachine({
		id: 'mitm',
		context: ({ input }) => ({ host: input.host, targetId: input.options.target ?? '' }),
		initial: 'lurking',
		on: { ...alwaysOn, MESSAGE: { actions: 'relayMessage' } },
		states: {
			/** Relaying the chat, waiting for the learner to ask "the contact" to verify. */
			lurking: {
				on: onLearnersRequest
			},
			openingTargetLeg: {
				tags: ['relaying'],
				invoke: {
					id: 'openTargetLeg',
					src: 'openTargetLeg',
					input: ({ context }) => ({ host: context.host, targetId: context.targetId }),
					onDone: { target: 'waitingForTarget', actions: 'rememberTargetFlow' },
					onError: { target: 'abandoned', actions: 'cancelVictimLeg' }
				},
				on: { VERIFICATION_CANCELLED: { guard: 'isVictimLeg', target: 'abandoned' } }
			},
			/** The learner sees "Waiting for … to accept" until the real contact accepted the second leg. */
			waitingForTarget: {
				tags: ['relaying'],
				on: {
					VERIFICATION_READY: { guard: 'isTargetLeg', target: 'acceptingVictimLeg' },
					...legEnded
				}
			},
			acceptingVictimLeg: {
				tags: ['relaying'],
				invoke: stepOn('victim', 'acceptVictimLeg', 'acceptRequest', 'waitingForEmoji'),
				on: legEnded
			},
			/** Whoever presses "Verify by emoji" first, the attacker starts the other leg's emoji to match. */
			waitingForEmoji: {
				tags: ['relaying'],
				on: {
					EMOJI_SHOWN: [
						{ guard: asTarget, target: 'startingTargetEmoji' },
						{ guard: asVictim, target: 'startingVictimEmoji' }
					],
					...legEnded
				}
			},
			startingTargetEmoji: startEmojiOn('target', 'startTargetEmoji'),
			startingVictimEmoji: startEmojiOn('victim', 'startVictimEmoji'),
			/** Both see (different) emoji. When the learner presses "They match", the attacker confirms to the contact. */
			relayingConfirmations: {
				tags: ['relaying', 'comparing'],
				on: {
					OTHER_CONFIRMED: { guard: 'isVictimLeg', target: 'confirmingToTarget' },
					...legEnded
				}
			},
			confirmingToTarget: {
				tags: ['relaying', 'comparing'],
				invoke: stepOn('target', 'confirmToTarget', 'confirmEmoji', 'waitingForTargetConfirm'),
				on: legEnded
			},
			waitingForTargetConfirm: {
				tags: ['relaying', 'comparing'],
				on: {
					OTHER_CONFIRMED: { guard: 'isTargetLeg', target: 'confirmingToVictim' },
					...legEnded
				}
			},
			confirmingToVictim: {
				tags: ['relaying', 'comparing'],
				invoke: stepOn('victim', 'confirmToVictim', 'confirmEmoji', 'awaitingDone'),
				on: victimLegDone
			},
			awaitingDone: {
				tags: ['relaying', 'comparing'],
				on: victimLegDone
			},
			/** The learner verified the attacker's keys: the attack worked. */
			succeeded: {
				on: onLearnersRequest
			},
			/** The learner pressed "They don't match": the attack was noticed. */
			exposed: {
				id: 'exposed',
				on: onLearnersRequest
			},
			abandoned: {
				id: 'abandoned',
				on: onLearnersRequest
			}
		}
	});

export const mitm = definePersona({
	kind: 'mitm',
	machine: mitmMachine,
	description: mitmDescription,
	/** The attacker talks to nobody: it offers the learner nothing to say. */
	offers: () => ({ chat: [], call: [] }),
	takesCalls: false
});
