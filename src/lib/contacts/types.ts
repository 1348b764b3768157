/**
 * What the scripted contacts share: the events a persona observes, the effects it may cause (its host), and the
 * plain data the world's snapshot carries about contacts, calls, suggested replies and progress.
 */
import type { SimDevice } from '../device/sim-device';
import type { Intent } from './understand';
import type { Locale, PhraseKey, Vars } from './phrases';

export type PersonaKind = 'bob' | 'carol' | 'dave' | 'erin' | 'mitm' | 'latecomer' | 'crowd';

/** Which of a persona's devices an event happened on, or an effect is done with. */
export type DeviceRole = 'phone' | 'tablet' | 'asTarget' | 'asVictim';

/**
 * What the world tells a persona after it settled: one event per thing that happened on one of its devices.
 * Events about a verification carry the flow id; `role` says on which of the persona's devices it happened.
 */
export type ObservedEvent =
	| {
			type: 'MESSAGE';
			role: DeviceRole;
			roomId: string;
			sender: string;
			body: string;
			intent: Intent;
			fromLearner: boolean;
			isDirect: boolean;
	  }
	| { type: 'INVITE'; role: DeviceRole; roomId: string; inviter: string; isDirect: boolean }
	| {
			type: 'VERIFICATION_REQUESTED';
			role: DeviceRole;
			flowId: string;
			otherUserId: string;
			fromLearner: boolean;
			isSelf: boolean;
			roomId?: string;
	  }
	| { type: 'VERIFICATION_READY'; role: DeviceRole; flowId: string }
	| { type: 'EMOJI_SHOWN'; role: DeviceRole; flowId: string; emojiIndex: number[] }
	/** The other side shows its QR code for this flow (on a screen the persona can point its phone at). */
	| { type: 'QR_SHOWN'; role: DeviceRole; flowId: string; payload: number[] }
	/** The other side pressed "They match" (its MAC arrived in the room). */
	| { type: 'OTHER_CONFIRMED'; role: DeviceRole; flowId: string }
	| { type: 'VERIFICATION_DONE'; role: DeviceRole; flowId: string }
	| { type: 'VERIFICATION_CANCELLED'; role: DeviceRole; flowId: string; code: string; byUs: boolean }
	/**
	 * The persona's own client now shows the learner's identity-reset banner: the learner's digital identity changed
	 * since this device saw it (`wasVerified`: the persona had verified the learner, so the banner is the red one).
	 */
	| { type: 'LEARNER_IDENTITY_RESET'; role: DeviceRole; wasVerified: boolean };

/** What the learner does towards a contact outside the chat: the call, and an instructor's nudge. */
export type LearnerEvent =
	| { type: 'CALL_STARTED' }
	| {
			type: 'CALL_SAID';
			text: string;
			intent: Intent;
	  }
	| { type: 'NUDGE'; nudge: Nudge };

/** Things an instructor can make a persona do now (the sandbox menu), instead of waiting for the script. */
export type Nudge = 'newTablet' | 'resetIdentity' | 'join' | 'chat';

/** A persona's own delayed speech (raised with a "typing" delay, spoken when it fires). */
export interface SayEvent {
	type: 'SAY';
	key: PhraseKey;
	/** Said instead of `key` when the persona's own device has verified the learner. */
	ifLearnerVerified?: PhraseKey;
	vars?: Vars;
	roomId?: string;
	/** Said from this one of the persona's devices (Dave writing from his new tablet); its phone otherwise. */
	role?: DeviceRole;
}

export type PersonaEvent = ObservedEvent | LearnerEvent | SayEvent;

/**
 * Everything a persona machine may do to the world. Actions call the void methods (fire and forget, tracked by the
 * world); invoked actors await the promise-returning ones. Tests of the machines alone pass a recording host.
 */
export interface ContactHost {
	/** The persona's user (the attacker's is not a real account). */
	readonly userId: string;
	readonly displayName: string;
	readonly learnerId: string | undefined;
	readonly locale: Locale;
	/** How fast the persona reacts: 1 is a person's pace, smaller is quicker (see `pacedDelay`). */
	readonly pace: number;

	/**
	 * Writes in a room (the DM with the learner when no room is given, opened if needed). `variant` picks among a
	 * phrase's variants; without it the persona goes round them. `ifLearnerVerified` is said instead when the
	 * persona's device has verified the learner (what its own client shows).
	 */
	say(
		roomId: string | undefined,
		key: PhraseKey,
		vars?: Vars,
		variant?: number,
		ifLearnerVerified?: PhraseKey,
		role?: DeviceRole
	): void;
	/** Relays a message body as it is, from one of the persona's devices (the man in the middle). */
	relay(role: DeviceRole, roomId: string, body: string): void;
	join(roomId: string, role?: DeviceRole): Promise<void>;

	acceptVerification(flowId: string, role?: DeviceRole): Promise<void>;
	cancelVerification(flowId: string, role?: DeviceRole): Promise<void>;
	mismatchSas(flowId: string, role?: DeviceRole): Promise<void>;
	startSas(flowId: string, role?: DeviceRole): Promise<void>;
	confirmSas(flowId: string, role?: DeviceRole): Promise<void>;
	/** Scans the other side's QR code (its payload) and reciprocates. */
	scanQrCode(flowId: string, payload: number[], role?: DeviceRole): Promise<void>;
	/** Asks a user to verify, in the DM (returns the flow id). */
	requestVerification(userId: string, role?: DeviceRole): Promise<string>;
	/** Asks the persona's own other devices to verify this one (returns the flow id). */
	requestSelfVerification(role: DeviceRole): Promise<string>;

	/** Signs the persona in on another device (Dave's tablet). */
	addDevice(role: DeviceRole, deviceId: string, displayName: string): Promise<void>;
	/** Loses every device and starts again with a new device and a new cryptographic identity (Erin). */
	resetIdentity(): Promise<void>;
	/** Creates the crowd in the background, with progress; resolves with the crowd's room id. */
	createCrowd(size: number): Promise<string>;
	/** How many messages in a room this persona cannot decrypt (the latecomer's history). */
	undecryptable(roomId: string): number;

	/** The call panel: the persona "phones" the learner to compare emoji out of band. */
	callSay(key: PhraseKey, vars?: Vars, variant?: number): void;
	callShowEmoji(flowId: string, emojiIndex: number[]): void;
	/** The emoji as the persona reads them aloud, in the world's language. */
	emojiNames(emojiIndex: number[]): string;
}

/** What a persona machine starts from: its host, and the options its definition declares (see `catalog.ts`). */
export interface PersonaInput<TOptions extends object = object> {
	host: ContactHost;
	options: TOptions;
}

/**
 * What every persona's context has: its host, and the verification it is busy with. Each persona file extends it
 * with its own fields (Carol's `learnerWrote`, Dave's `tabletSignedIn` …).
 */
export interface PersonaContext {
	host: ContactHost;
	/** The verification the persona is busy with. */
	flowId?: string;
	roomId?: string;
	/** The emoji on the persona's own screen in that verification. */
	emoji?: number[];
	/** The QR code the persona is about to scan. */
	qrPayload?: number[];
}

/** A contact as the snapshot lists it (the sandbox shows these to instructors). */
export interface ContactInfo {
	userId: string;
	displayName: string;
	persona: string;
	description: string;
	/**
	 * What this contact's own client shows about the learner (read from its crypto), for the personas that watch it
	 * (`watchesLearnerIdentity`): verified, and whether the identity-reset banner shows.
	 */
	seesLearner?: LearnerAsSeen;
}

/** The learner as a contact's client sees them: the same three facts a banner and a badge are drawn from. */
export interface LearnerAsSeen {
	verified: boolean;
	/** The contact had verified the learner, and the learner's identity changed since (the red banner). */
	wasVerified: boolean;
	/** The learner's identity changed since the contact's device first saw it (the banner with "Dismiss"). */
	needsApproval: boolean;
}

/** The call panel: a contact reads the emoji on *their* screen and says things. */
export interface CallInfo {
	contactUserId: string;
	contactName: string;
	flowId?: string;
	/** Indices into the spec's emoji table, as shown on the contact's screen. */
	emojiIndex?: number[];
	/** What the contact said, newest last, in the world's language. */
	lines: string[];
	/** Things the learner can say in the call (the contact understands them). */
	replies: string[];
	/** The learner hung up (the panel offers to call again). */
	ended?: boolean;
}

export interface Suggestions {
	roomId: string;
	replies: string[];
}

export interface Progress {
	label: string;
	done: number;
	total: number;
}

/**
 * What the contacts need from the world (the World class provides it; contacts/ never imports world/).
 */
export interface ContactWorld {
	readonly locale: Locale;
	learnerId(): string | undefined;
	userId(localpart: string): string;
	hasUser(userId: string): boolean;
	displayName(userId: string): string;
	addUser(
		localpart: string,
		opts: {
			displayName?: string;
			deviceId?: string;
			deviceName?: string;
			crossSigning?: boolean;
			trackUser?: (userId: string) => boolean;
			/** The first sync waits for the device's first own step (a dormant crowd member's join). */
			deferFirstSync?: boolean;
		}
	): Promise<SimDevice>;
	addDevice(
		userId: string,
		deviceId: string,
		opts: { displayName?: string; trackUser?: (userId: string) => boolean }
	): Promise<SimDevice>;
	removeDevice(userId: string, deviceId: string): void;
	devicesOf(userId: string): SimDevice[];
	compromiseServer(victim: string, target: string): Promise<{ asTarget: SimDevice; asVictim: SimDevice }>;
	/** The QR code a device of this user shows for a verification (the payload), if it shows one. */
	shownQrCode(userId: string, flowId: string): number[] | undefined;
	/** The attacker's devices when the world was built with the server already compromised. */
	readonly attacker?: { asTarget: SimDevice; asVictim: SimDevice; victim: string; target: string };
}
