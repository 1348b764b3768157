/**
 * What a simulated device knows, as plain serialisable data: this is what crosses from the Web Worker to the page.
 */

export type Membership = 'join' | 'invite' | 'leave' | 'ban' | 'knock';

export interface RoomMember {
	userId: string;
	displayName: string;
	membership: Membership;
	powerLevel: number;
}

/** The crypto library's verdict on one decrypted message (strict mode), before the shield rules read it. */
export interface MessageTrust {
	/** ShieldColor as a word. */
	color: 'red' | 'grey' | 'none';
	/** ShieldStateCode as a word, when the library gave one. */
	code?:
		| 'AuthenticityNotGuaranteed'
		| 'UnknownDevice'
		| 'UnsignedDevice'
		| 'UnverifiedIdentity'
		| 'VerificationViolation'
		| 'MismatchedSender';
}

/**
 * Why a message cannot be read, one word per notice Element shows in its place (`timeline.decryption_failure.*` in
 * Element Web's strings): the key is missing (maybe not yet), the sender withheld it, or — with "Exclude insecure
 * devices" on — the crypto library refused the sender's device.
 */
export type UtdReason =
	/** No key for it (yet): "Unable to decrypt message". */
	| 'missing-key'
	/** The sender's device withheld the key from this unverified device (`m.unverified`): "The sender has blocked you…". */
	| 'blocked-unverified-device'
	/** The sender's device withheld the key for another reason (its `withheldCode` says which). */
	| 'withheld'
	/** Sent from a device its owner has not verified (not cross-signed): "Sent from an insecure device." */
	| 'insecure-device'
	/** Sent from a device this device does not know. */
	| 'unknown-device'
	/** The sender's identity changed after I had verified it: "Sender's verified digital identity was reset". */
	| 'sender-identity-reset'
	| 'other';

export interface UnableToDecrypt {
	/** The library's DecryptionErrorCode, as a number in a string ('unknown' when it gave none). */
	code: string;
	message: string;
	reason: UtdReason;
	/** The `m.room_key.withheld` code the sender sent, when it withheld the key (`m.unverified`, …). */
	withheldCode?: string;
}

export interface TimelineEntry {
	eventId: string;
	/** The clear event type (after decryption), or `m.room.encrypted` while it cannot be decrypted. */
	type: string;
	sender: string;
	senderDevice?: string;
	ts: number;
	stateKey?: string;
	content: Record<string, unknown>;
	/** Was it sent encrypted? */
	encrypted: boolean;
	/** Set when it was encrypted and this device could not decrypt it (yet). */
	utd?: UnableToDecrypt;
	/** Set for decrypted messages. */
	trust?: MessageTrust;
	/** Megolm session that encrypted it (to retry decryption when the key arrives). */
	sessionId?: string;
}

export interface RoomView {
	roomId: string;
	name: string;
	topic?: string;
	/** `m.megolm.v1.aes-sha2` once encryption is on; never cleared. */
	encryption?: string;
	joinRule: string;
	historyVisibility: string;
	isDirect: boolean;
	/** The other person of a DM, when this device knows it. */
	dmUserId?: string;
	myMembership: Membership;
	members: RoomMember[];
	/** Power level needed to send `m.room.encryption`. */
	encryptionLevel: number;
	timeline: TimelineEntry[];
}

export type VerificationPhase = 'created' | 'requested' | 'ready' | 'transitioned' | 'done' | 'cancelled';

export interface VerificationView {
	flowId: string;
	otherUserId: string;
	otherDeviceId?: string;
	roomId?: string;
	isSelfVerification: boolean;
	weStarted: boolean;
	phase: VerificationPhase;
	/** Milliseconds until the request expires (10 minutes in the protocol). */
	timeRemainingMs: number;
	method?: 'sas' | 'qr';
	sas?: {
		/** Indices into the spec's SAS emoji table, once the emoji can be shown. */
		emojiIndex?: number[];
		decimals?: number[];
		weStarted: boolean;
		accepted: boolean;
		haveWeConfirmed: boolean;
		done: boolean;
		cancelled: boolean;
	};
	qr?: {
		state: 'created' | 'scanned' | 'confirmed' | 'reciprocated' | 'done' | 'cancelled';
		weStarted: boolean;
	};
	cancel?: { code: string; reason: string; byUs: boolean };
}

/** One device of a user, as this device's crypto knows it. */
export interface DeviceTrust {
	deviceId: string;
	displayName?: string;
	/** Signed by its owner's self-signing key (the owner verified it). */
	signedByOwner: boolean;
	/** This device trusts it (locally, or by cross-signing). */
	verified: boolean;
}

/** What this device's crypto knows about a user. */
export interface UserTrust {
	userId: string;
	/** Has a cross-signing identity on the server. */
	hasIdentity: boolean;
	/** I signed their master key (for me: my own identity is verified on this device). */
	verified: boolean;
	/** I had verified them, and their identity changed since. */
	wasVerified: boolean;
	/** Their identity changed since this device first saw it (and I never verified them). */
	needsApproval: boolean;
	devices: DeviceTrust[];
}

export interface BackupState {
	/** The server has a backup version. */
	exists: boolean;
	version?: string;
	/** This device uploads its room keys into it. */
	enabled: boolean;
	/** This device holds the backup decryption key. */
	hasKey: boolean;
	keysTotal: number;
	keysBackedUp: number;
	/**
	 * The account has a recovery key: secret storage's default key is set (Element's "recovery" is set up). Left out
	 * by snapshots made before it was read.
	 */
	recovery?: boolean;
	/** The user switched key storage off ("Allow key storage"), so the client does not ask for it. */
	keyStorageOff?: boolean;
}

export interface CrossSigningState {
	hasMaster: boolean;
	hasSelfSigning: boolean;
	hasUserSigning: boolean;
	/** This device is signed by our own self-signing key, as the server says. */
	deviceVerified: boolean;
}
