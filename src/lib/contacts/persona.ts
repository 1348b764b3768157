/**
 * What the persona machines share: human delays, the actors that act on the world through the host, the actions
 * and guards most of them use, `personaSetup` (XState's `setup()` with all of these, typed with the persona's own
 * context and options), and the shape of a persona's definition. The states of "someone verifies with the learner"
 * and the replies of such a contact are in `verifying.ts`.
 */
import {
	assign,
	fromPromise,
	raise,
	setup,
	type ActionFunction,
	type AnyStateMachine,
	type InputFrom,
	type SnapshotFrom,
	type UnknownActorLogic
} from 'xstate';
import type { Locale, PhraseKey, Vars } from './phrases';
import { stableHash } from './phrases';
import type {
	ContactHost,
	DeviceRole,
	PersonaContext,
	PersonaEvent,
	PersonaInput,
	PersonaKind,
	SayEvent
} from './types';
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

/**
 * The delays of a contact's moves in a verification (accepting, confirming, scanning, comparing): a faster pace
 * shortens these. The others keep their length at any pace: waits the learner acts within (Bob starting the emoji
 * himself, Carol declining), typing (a lesson step such as "wait for Bob's answer" is shown for that long), and
 * story beats (Dave's tablet, Erin's reset, the latecomer, the crowd).
 */
const REACTIONS: ReadonlySet<DelayName> = new Set([
	'ACCEPT_DELAY',
	'CONFIRM_DELAY',
	'SCAN_DELAY',
	'COMPARE_DELAY'
]);

/** A delay at the host's pace (1 is a person's own pace; the browser tests run at a quarter). */
export function pacedDelay(name: DelayName, pace: number): number {
	return REACTIONS.has(name) ? Math.round(DELAYS[name] * pace) : DELAYS[name];
}

/** XState's named delays, each read at the persona's pace. */
const pacedDelays = Object.fromEntries(
	(Object.keys(DELAYS) as DelayName[]).map((name) => [
		name,
		({ context }: { context: PersonaContext }) => pacedDelay(name, context.host.pace)
	])
) as Record<DelayName, ({ context }: { context: PersonaContext }) => number>;

/** The context every persona starts with (each adds its own fields). */
export function baseContext(input: PersonaInput): PersonaContext {
	return { host: input.host };
}

// ---------------------------------------------------------------------------------------------------------------
// Actors: each one step on the world, awaited by the machine (onDone / onError).

interface FlowInput {
	host: ContactHost;
	flowId: string;
	role: DeviceRole;
}

/** The man in the middle's two legs beside the persona's own flow. */
type FlowField = 'flowId' | 'victimFlowId' | 'targetFlowId';

export const flowInput =
	(role: DeviceRole = 'phone', which: FlowField = 'flowId') =>
	({ context }: { context: PersonaContext & Partial<Record<FlowField, string>> }): FlowInput => ({
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
	{ key: PhraseKey; vars?: Vars; role?: DeviceRole },
	DelayName,
	DelayName
>(
	({ context, event }, params): SayEvent => ({
		type: 'SAY',
		key: params.key,
		vars: { name: context.host.displayName, ...params.vars },
		roomId: roomOf(context, event),
		...(params.role ? { role: params.role } : {})
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

/**
 * What a persona says to what it understood, as data: a reply per intent (or one that reads the persona's
 * context), and `other` for everything else.
 */
export type ReplyTable<TContext extends PersonaContext = PersonaContext> = Partial<
	Record<Intent, Reply | ((context: TContext) => Reply)>
> & { other: Reply | ((context: TContext) => Reply) };

/** The reply a table gives to an intent. */
export function replyFrom<TContext extends PersonaContext>(
	table: ReplyTable<TContext>,
	intent: Intent,
	context: TContext
): Reply {
	const reply = table[intent] ?? table.other;
	return typeof reply === 'function' ? reply(context) : reply;
}

/** Answers a message in character, after a typing delay: `table` says what the persona answers to what. */
export function replyBy<TContext extends PersonaContext>(table: ReplyTable<TContext>) {
	return raise<TContext, PersonaEvent, PersonaEvent, undefined, DelayName, DelayName>(
		({ context, event }): SayEvent => {
			const message = event.type === 'MESSAGE' ? event : undefined;
			const reply = replyFrom(table, message?.intent ?? 'other', context);
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
		event.ifLearnerVerified,
		event.role
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

export const sharedGuards = {
	fromLearner,
	isCurrentFlow,
	intentIs,
	cancelledAs,
	onRole,
	nudged
};

// ---------------------------------------------------------------------------------------------------------------
// A persona machine's setup, and its definition

/** Handlers every persona has, whatever state it is in. */
export const alwaysOn = {
	SAY: { actions: 'speak' },
	CALL_STARTED: { actions: 'answerInCall' },
	CALL_SAID: { actions: 'answerInCall' }
} as const;

/** A persona in the chat: joins the rooms it is invited to and answers the learner in character. */
export const chatting = {
	...alwaysOn,
	INVITE: { actions: 'joinInvited' },
	MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' }
} as const;

type ActionsFor<TContext extends PersonaContext, TActions> = {
	[K in keyof TActions]: ActionFunction<
		TContext,
		PersonaEvent,
		PersonaEvent,
		TActions[K] extends (args: never, params: infer TParams) => void ? TParams : never,
		never,
		never,
		never,
		DelayName,
		never
	>;
};

/**
 * XState's `setup()` for a persona: its own context and options (given as types, `{} as BobContext`), the shared
 * actors, actions, guards and delays, and actors of its own. The persona adds its own actions and guards with
 * `.extend()`.
 */
export function personaSetup<
	TContext extends PersonaContext,
	TOptions extends object,
	TActors extends Record<string, UnknownActorLogic> = Record<never, UnknownActorLogic>
>(types: { context: TContext; options: TOptions }, actors?: TActors) {
	return setup({
		types: {
			context: types.context,
			events: {} as PersonaEvent,
			input: {} as PersonaInput<TOptions>
		},
		actors: { ...sharedActors, ...(actors as TActors) },
		// The shared actions read and write only the fields of `PersonaContext`, which every persona's context has;
		// XState types an action's `self` with the machine's whole context, so their type is restated for it here.
		actions: sharedActions as unknown as ActionsFor<TContext, typeof sharedActions>,
		guards: sharedGuards,
		delays: pacedDelays
	});
}

export interface Offers {
	chat: PhraseKey[];
	call: PhraseKey[];
}

/**
 * One persona, as the world knows it: its machine (whose input carries the persona's own options), its
 * description for instructors, what it lets the learner say, its default name.
 */
export interface PersonaDefinition<
	TKind extends PersonaKind = PersonaKind,
	TMachine extends AnyStateMachine = AnyStateMachine
> {
	kind: TKind;
	machine: TMachine;
	description: Record<Locale, string>;
	/** What the composer and the call panel offer the learner to say, in this state. */
	offers(snapshot: SnapshotFrom<TMachine>): Offers;
	/** A person of their own (not the attacker, not the crowd). */
	person?: { localpart: string; displayName: string };
	/** Can be phoned (the call panel). */
	takesCalls: boolean;
	/**
	 * Its client's view of the learner's identity is read after each settle, so that it notices when the learner
	 * resets their digital identity (`LEARNER_IDENTITY_RESET`) and the snapshot can show what it sees. Off for the
	 * others: one crypto read per persona and tick is not free.
	 */
	watchesLearnerIdentity?: boolean;
}

/** A persona's definition, typed by its machine (so `offers` sees the machine's own snapshot). */
export function definePersona<TKind extends PersonaKind, TMachine extends AnyStateMachine>(
	definition: PersonaDefinition<TKind, TMachine>
): PersonaDefinition<TKind, TMachine> {
	return definition;
}

/** A contact of the learner's own: a person (their localpart is the kind) who can be phoned. */
export function defineContact<TKind extends PersonaKind, TMachine extends AnyStateMachine>(
	displayName: string,
	definition: Omit<PersonaDefinition<TKind, TMachine>, 'person' | 'takesCalls'>
): PersonaDefinition<TKind, TMachine> {
	return { ...definition, person: { localpart: definition.kind, displayName }, takesCalls: true };
}

/** The options a persona's machine takes (what a scenario person or `addContact` may set). */
export type OptionsOf<TDefinition extends PersonaDefinition> =
	InputFrom<TDefinition['machine']> extends {
		options: infer TOptions;
	}
		? TOptions
		: never;
