/**
 * Bob, the cooperative contact: answers in the chat, accepts a verification request after a moment, reads the emoji
 * on his screen in the call, presses "They match" after the learner did and says so in the chat. If the learner
 * presses "They don't match", he is puzzled and suggests trying again.
 */
import { and, setup, type SnapshotFrom } from 'xstate';
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
import type { PhraseKey } from './phrases';
import type { PersonaContext, PersonaEvent, PersonaInput } from './types';
import type { Intent } from './understand';

export const bobDescription = {
	en: 'Cooperative. Accepts a verification request after a few seconds, reads his emoji aloud in the call, presses “They match” after you did and confirms in the chat. Puzzled by “They don’t match”: suggests trying again. In the QR lesson he scans your code with his phone once you ask him to.',
	de: 'Kooperativ. Nimmt eine Verifizierungsanfrage nach ein paar Sekunden an, liest im Anruf seine Emojis vor, drückt nach dir auf „Sie passen zueinander“ und bestätigt es im Chat. Bei „Sie passen nicht zueinander“ ist er verwundert und schlägt einen neuen Versuch vor. In der QR-Lektion scannt er deinen Code mit seinem Handy, sobald du ihn darum bittest.'
};

/** What Bob answers in the chat. */
export function bobReply(intent: Intent): Reply {
	switch (intent) {
		case 'greet':
			return 'bob.greet';
		case 'askVerify':
			return offerToVerify('chat.howToVerify');
		case 'scanQr':
			// Asked while no code is on the learner's screen (with one, he scans instead: `codeShown`).
			return 'bob.noCode';
		case 'thanks':
			return 'chat.thanks';
		case 'verifyTablet':
			return 'chat.noTablet';
		case 'didReset':
			return 'chat.noReset';
		case 'canRead':
			return 'chat.canRead';
		case 'compareEmoji':
		case 'readEmoji':
			return 'chat.emojiInCall';
		default:
			return 'bob.other';
	}
}

const endsWithoutTrust = {
	VERIFICATION_CANCELLED: [
		{
			guard: and(['isCurrentFlow', { type: 'cancelledAs', params: { code: 'm.mismatched_sas' } }]),
			target: 'mismatched'
		},
		{ guard: 'isCurrentFlow', target: 'cancelled' }
	]
} as const;

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
			EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' },
			...endsWithoutTrust
		}
	},
	aboutToScan: {
		tags: ['verifying'],
		after: { SCAN_DELAY: 'scanning' },
		on: {
			EMOJI_SHOWN: { guard: 'isCurrentFlow', target: 'comparing', actions: 'rememberEmoji' },
			...endsWithoutTrust
		}
	},
	scanning: {
		tags: ['verifying'],
		invoke: {
			id: 'scanQr',
			src: 'scanQr',
			input: ({ context }: { context: PersonaContext }) => ({
				...flowInput()({ context }),
				payload: context.qrPayload ?? []
			}),
			onDone: 'qrScanned',
			onError: 'cancelled'
		},
		on: { ...endsWithoutTrust }
	},
	/** His phone shows the shield; he waits for the learner's "Yes". */
	qrScanned: {
		tags: ['verifying'],
		entry: { type: 'sayLater', params: { key: 'bob.qrScanned' } },
		on: { VERIFICATION_DONE: { guard: 'isCurrentFlow', target: 'verifiedByQr' }, ...endsWithoutTrust }
	}
} as const;

const waitingForRequest = {
	VERIFICATION_REQUESTED: { guard: 'fromLearner', target: 'requestReceived', actions: 'rememberRequest' }
} as const;

export const bobMachine = setup({
	types: {
		context: {} as PersonaContext,
		events: {} as PersonaEvent,
		input: {} as PersonaInput
	},
	actors: sharedActors,
	actions: { ...sharedActions, replyInCharacter: replyBy(bobReply) },
	guards: sharedGuards,
	delays: DELAYS
}).createMachine({
	id: 'bob',
	context: ({ input }) => initialContext(input),
	initial: 'idle',
	on: {
		...alwaysOn,
		INVITE: { actions: 'joinInvited' },
		MESSAGE: { guard: 'fromLearner', actions: 'replyInCharacter' }
	},
	states: {
		idle: { on: waitingForRequest },
		...verifyingWithLearner,
		ready: {
			...verifyingWithLearner.ready,
			on: {
				...verifyingWithLearner.ready.on,
				QR_SHOWN: {
					guard: and(['scansQr', 'isCurrentFlow']),
					target: 'codeShown',
					actions: 'rememberQrCode'
				}
			}
		},
		...scanningQr,
		verified: { entry: outcomeEntries.verified, on: waitingForRequest },
		// Met in person to scan: no call to hang up, only the chat line.
		verifiedByQr: { entry: { type: 'sayLater', params: { key: 'chat.verified' } }, on: waitingForRequest },
		mismatched: { entry: outcomeEntries.mismatched, on: waitingForRequest },
		cancelled: { entry: outcomeEntries.cancelled, on: waitingForRequest }
	}
});

/** What the composer and the call panel offer the learner to say to Bob, in this state. */
export function bobOffers(snapshot: SnapshotFrom<typeof bobMachine>): {
	chat: PhraseKey[];
	call: PhraseKey[];
} {
	if (snapshot.hasTag('comparing')) return { chat: [], call: ['suggest.readEmoji', 'suggest.compareEmoji'] };
	if (snapshot.hasTag('codeShown')) return { chat: ['suggest.scanQr'], call: ['suggest.greet'] };
	if (snapshot.hasTag('verifying')) return { chat: [], call: ['suggest.greet'] };
	return { chat: ['suggest.greet', 'suggest.askVerify'], call: ['suggest.greet', 'suggest.compareEmoji'] };
}
