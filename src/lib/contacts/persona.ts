/**
 * What the persona machines share: human delays, the actors that act on the world through the host, the actions
 * and guards most of them use, and the states of "someone verifies with the learner". Each persona file builds its
 * own machine from these with `setup({ types, actions, guards, actors, delays }).createMachine()`.
 */
import { and, assign, fromPromise, raise, type ActionFunction } from 'xstate';
import type { PhraseKey, Vars } from './phrases';
import { stableHash } from './phrases';
import type { ContactHost, DeviceRole, PersonaContext, PersonaEvent, PersonaInput, SayEvent } from './types';
import type { Intent } from './understand';

/**
 * Human delays in milliseconds. They stay well inside the crypto's own limits (a SAS flow is cancelled after 60 s
 * without a step, a request after 10 minutes), which run on the real clock whatever the personas' clock says.
 */
export const DELAYS = {
	/** Typing a chat answer. */
	TYPING: 1_200,
	/** Noticing the "Verification requested" toast and pressing "Verify User", then "Start". */
	ACCEPT_DELAY: 2_500,
	/** Waiting for the learner to choose "Verify by emoji" before doing it oneself. */
	START_DELAY: 6_000,
	/** Pressing "They match" after the learner did. */
	CONFIRM_DELAY: 1_500,
	/** Carol pressing "Ignore" while she is in a meeting. */
	DECLINE_DELAY: 3_000,
	/** Bob pointing his phone at the learner's QR code. */
	SCAN_DELAY: 3_000,
	/** Comparing emoji between one's own two screens. */
	COMPARE_DELAY: 2_000,
	/** Dave, once verified, signs in on his new tablet a little later. */
	TABLET_DELAY: 8_000,
	/** Erin, once verified, loses her phone a little later. */
	RESET_DELAY: 8_000,
	/** The latecomer notices the invite. */
	JOIN_DELAY: 3_000,
	/** Someone in the crowd says something now and then. */
	CHAT_GAP: 25_000
} as const;

export type DelayName = keyof typeof DELAYS;

export function initialContext(input: PersonaInput): PersonaContext {
	return {
		host: input.host,
		learnerWrote: false,
		firstRequest: input.firstRequest ?? 'ignore',
		changed: false,
		targetId: input.targetId,
		size: input.size ?? 30,
		scansQr: input.scansQr ?? false
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Actors: each one step on the world, awaited by the machine (onDone / onError).

interface FlowInput {
	host: ContactHost;
	flowId: string;
	role: DeviceRole;
}

export const flowInput =
	(role: DeviceRole = 'phone', which: 'flowId' | 'victimFlowId' | 'targetFlowId' = 'flowId') =>
	({ context }: { context: PersonaContext }): FlowInput => ({
		host: context.host,
		flowId: context[which] ?? '',
		role
	});

export const sharedActors = {
	acceptRequest: fromPromise<void, FlowInput>(({ input }) =>
		input.host.acceptVerification(input.flowId, input.role)
	),
	declineRequest: fromPromise<void, FlowInput>(({ input }) =>
		input.host.cancelVerification(input.flowId, input.role)
	),
	startEmoji: fromPromise<void, FlowInput>(({ input }) => input.host.startSas(input.flowId, input.role)),
	confirmEmoji: fromPromise<void, FlowInput>(({ input }) => input.host.confirmSas(input.flowId, input.role)),
	scanQr: fromPromise<void, FlowInput & { payload: number[] }>(({ input }) =>
		input.host.scanQrCode(input.flowId, input.payload, input.role)
	)
};

// ---------------------------------------------------------------------------------------------------------------
// Actions

type Action<TParams = undefined> = ActionFunction<
	PersonaContext,
	PersonaEvent,
	PersonaEvent,
	TParams,
	never,
	never,
	never,
	never,
	never
>;

/** The room an event happened in, else the one of the current verification. */
function roomOf(context: PersonaContext, event: PersonaEvent): string | undefined {
	return 'roomId' in event && event.roomId ? event.roomId : context.roomId;
}

/** A chat line, sent after a typing delay (a delayed SAY, so the persona's clock decides when). */
export const sayLater = raise<
	PersonaContext,
	PersonaEvent,
	PersonaEvent,
	{ key: PhraseKey; vars?: Vars },
	DelayName,
	DelayName
>(
	({ context, event }, params): SayEvent => ({
		type: 'SAY',
		key: params.key,
		vars: { name: context.host.displayName, ...params.vars },
		roomId: roomOf(context, event)
	}),
	{ delay: 'TYPING' }
);

/**
 * What a persona answers: a phrase, or two of them when the answer depends on whether the persona's own device has
 * verified the learner (it sees that in its own client, and nothing more).
 */
export type Reply = PhraseKey | { key: PhraseKey; ifLearnerVerified: PhraseKey };

/** "Can we verify?": how to do it, or, when the persona's device already trusts the learner, that it is done. */
export function offerToVerify(key: PhraseKey): Reply {
	return { key, ifLearnerVerified: 'chat.alreadyVerified' };
}

/** Answers a message in character: `table` maps what the persona understood to what it says. */
export function replyBy(
	table: (intent: Intent, context: PersonaContext) => Reply
): ReturnType<typeof raise<PersonaContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>> {
	return raise<PersonaContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>(
		({ context, event }): SayEvent => {
			const message = event.type === 'MESSAGE' ? event : undefined;
			const reply = table(message?.intent ?? 'other', context);
			return {
				type: 'SAY',
				...(typeof reply === 'string' ? { key: reply } : reply),
				vars: {
					name: context.host.displayName,
					count: message ? context.host.undecryptable(message.roomId) : 0,
					variant: message ? stableHash(message.body) : 0
				},
				roomId: roomOf(context, event)
			};
		},
		{ delay: 'TYPING' }
	);
}

const speak: Action = ({ context, event }) => {
	if (event.type !== 'SAY') return;
	const { variant, ...vars } = event.vars ?? {};
	context.host.say(
		event.roomId,
		event.key,
		vars,
		typeof variant === 'number' ? variant : undefined,
		event.ifLearnerVerified
	);
};

const joinInvited: Action = ({ context, event }) => {
	if (event.type === 'INVITE') void context.host.join(event.roomId, event.role).catch(() => undefined);
};

const rememberRequest = assign<PersonaContext, PersonaEvent, undefined, PersonaEvent, never>(({ event }) =>
	event.type === 'VERIFICATION_REQUESTED'
		? { flowId: event.flowId, roomId: event.roomId, emoji: undefined }
		: {}
);

const rememberEmoji = assign<PersonaContext, PersonaEvent, undefined, PersonaEvent, never>(({ event }) =>
	event.type === 'EMOJI_SHOWN' ? { emoji: event.emojiIndex } : {}
);

const readEmojiInCall: Action = ({ context }) => {
	if (!context.flowId || !context.emoji) return;
	context.host.callShowEmoji(context.flowId, context.emoji);
	context.host.callSay('call.readEmoji', {
		name: context.host.displayName,
		emoji: context.host.emojiNames(context.emoji)
	});
};

const callSay: Action<{ key: PhraseKey }> = ({ context }, params) =>
	context.host.callSay(params.key, { name: context.host.displayName });

/**
 * The learner talks in the call. The contact reads the emoji on *its own* screen: this is where a man in the middle
 * shows, because the two screens were never talking to each other. Only the learner sees both lists, so only the
 * learner decides whether they match.
 */
const answerInCall: Action = ({ context, event }) => {
	const host = context.host;
	if (event.type === 'CALL_STARTED') {
		host.callSay('call.hello', { name: host.displayName });
		return;
	}
	if (event.type !== 'CALL_SAID') return;
	const mine = context.emoji;
	const variant = stableHash(event.text);
	switch (event.intent) {
		case 'compareEmoji':
			// The contact sees only its own screen: it reads its emoji and leaves the verdict to the learner.
			if (mine) host.callSay('call.compareYours', { emoji: host.emojiNames(mine) });
			else host.callSay('call.noEmoji');
			return;
		case 'readEmoji':
			if (mine) host.callSay('call.readAgain', { emoji: host.emojiNames(mine) });
			else host.callSay('call.noEmoji');
			return;
		case 'greet':
			host.callSay('call.hello', { name: host.displayName });
			return;
		case 'thanks':
			host.callSay('call.thanks');
			return;
		default:
			host.callSay('call.other', {}, variant);
	}
};

/** What to say in the chat when a verification ended without trust. */
const sayWhyCancelled = raise<PersonaContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>(
	({ context, event }): SayEvent => ({
		type: 'SAY',
		key:
			event.type === 'VERIFICATION_CANCELLED' && event.code === 'm.timeout'
				? 'chat.timeout'
				: 'chat.cancelled',
		roomId: context.roomId
	}),
	{ delay: 'TYPING' }
);

const forgetFlow = assign<PersonaContext, PersonaEvent, undefined, PersonaEvent, never>({
	flowId: undefined,
	emoji: undefined,
	qrPayload: undefined
});

const rememberQrCode = assign<PersonaContext, PersonaEvent, undefined, PersonaEvent, never>(({ event }) =>
	event.type === 'QR_SHOWN' ? { qrPayload: [...event.payload] } : {}
);

export const sharedActions = {
	speak,
	joinInvited,
	rememberRequest,
	rememberEmoji,
	readEmojiInCall,
	callSay,
	answerInCall,
	sayLater,
	sayWhyCancelled,
	forgetFlow,
	rememberQrCode
};

// ---------------------------------------------------------------------------------------------------------------
// Guards

type Guard<TParams = undefined> = (
	args: { context: PersonaContext; event: PersonaEvent },
	params: TParams
) => boolean;

const fromLearner: Guard = ({ event }) =>
	(event.type === 'MESSAGE' || event.type === 'VERIFICATION_REQUESTED') && event.fromLearner;
const isCurrentFlow: Guard = ({ context, event }) => 'flowId' in event && event.flowId === context.flowId;
const intentIs: Guard<{ intent: Intent }> = ({ event }, params) =>
	event.type === 'MESSAGE' && event.fromLearner && event.intent === params.intent;
const cancelledAs: Guard<{ code: string }> = ({ event }, params) =>
	event.type === 'VERIFICATION_CANCELLED' && event.code === params.code;
const onRole: Guard<{ role: DeviceRole }> = ({ event }, params) =>
	'role' in event && event.role === params.role;
const nudged: Guard<{ nudge: string }> = ({ event }, params) =>
	event.type === 'NUDGE' && event.nudge === params.nudge;
const notChangedYet: Guard = ({ context }) => !context.changed;
const scansQr: Guard = ({ context }) => context.scansQr;
const startsEmoji: Guard = ({ context }) => !context.scansQr;

export const sharedGuards = {
	fromLearner,
	isCurrentFlow,
	intentIs,
	cancelledAs,
	onRole,
	nudged,
	notChangedYet,
	scansQr,
	startsEmoji
};

// ---------------------------------------------------------------------------------------------------------------
// The states of "the learner asked me to verify, and I go along" (Element's flow, the other side's view).
// They lead to three sibling states each persona defines: `verified`, `mismatched`, `cancelled`.

const mismatch = and(['isCurrentFlow', { type: 'cancelledAs', params: { code: 'm.mismatched_sas' } }]);

const endsWithoutTrust = {
	VERIFICATION_CANCELLED: [
		{ guard: mismatch, target: 'mismatched' },
		{ guard: 'isCurrentFlow', target: 'cancelled' }
	]
} as const;

export const verifyingWithLearner = {
	/** The toast "Verification requested" is showing; the persona takes a moment. */
	requestReceived: {
		tags: ['verifying'],
		after: { ACCEPT_DELAY: 'accepting' },
		on: { ...endsWithoutTrust }
	},
	accepting: {
		tags: ['verifying'],
		invoke: { id: 'accept', src: 'acceptRequest', input: flowInput(), onDone: 'ready', onError: 'cancelled' },
		on: { ...endsWithoutTrust }
	},
	/** Accepted: waiting for someone to press "Verify by emoji". */
	ready: {
		tags: ['verifying'],
		// Someone who scans codes waits for the learner's code (or their "Verify by emoji").
		after: { START_DELAY: { guard: 'startsEmoji', target: 'startingEmoji' } },
		on: {
			EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' },
			...endsWithoutTrust
		}
	},
	startingEmoji: {
		tags: ['verifying'],
		invoke: {
			id: 'startEmoji',
			src: 'startEmoji',
			input: flowInput(),
			onDone: 'awaitingEmoji',
			// The learner pressed "Verify by emoji" at the same moment: their start wins, the emoji still come.
			onError: 'awaitingEmoji'
		},
		on: {
			EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' },
			...endsWithoutTrust
		}
	},
	awaitingEmoji: {
		tags: ['verifying'],
		on: {
			EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' },
			...endsWithoutTrust
		}
	},
	/** The emoji are on both screens; the persona reads its own in the call and waits for "They match". */
	comparing: {
		tags: ['verifying', 'comparing'],
		entry: 'readEmojiInCall',
		on: {
			// Called back after the learner hung up: they read their emoji again.
			CALL_STARTED: { actions: 'readEmojiInCall' },
			OTHER_CONFIRMED: { guard: 'isCurrentFlow', target: 'aboutToConfirm' },
			...endsWithoutTrust
		}
	},
	aboutToConfirm: {
		tags: ['verifying', 'comparing'],
		after: { CONFIRM_DELAY: 'confirming' },
		on: { ...endsWithoutTrust }
	},
	confirming: {
		tags: ['verifying', 'comparing'],
		invoke: {
			id: 'confirm',
			src: 'confirmEmoji',
			input: flowInput(),
			onDone: 'awaitingDone',
			onError: 'cancelled'
		},
		on: { VERIFICATION_DONE: { guard: 'isCurrentFlow', target: 'verified' }, ...endsWithoutTrust }
	},
	awaitingDone: {
		tags: ['verifying', 'comparing'],
		on: { VERIFICATION_DONE: { guard: 'isCurrentFlow', target: 'verified' }, ...endsWithoutTrust }
	}
} as const;

/** Entry actions of the three outcomes. */
export const outcomeEntries = {
	verified: [
		{ type: 'sayLater', params: { key: 'chat.verified' } },
		{ type: 'callSay', params: { key: 'call.verified' } }
	],
	mismatched: [
		{ type: 'sayLater', params: { key: 'chat.mismatch' } },
		{ type: 'callSay', params: { key: 'call.mismatch' } },
		'forgetFlow'
	],
	cancelled: ['sayWhyCancelled', 'forgetFlow']
} as const;

/** Handlers every persona has, whatever state it is in. */
export const alwaysOn = {
	SAY: { actions: 'speak' },
	CALL_STARTED: { actions: 'answerInCall' },
	CALL_SAID: { actions: 'answerInCall' }
} as const;
