/**
 * The shield rules of classic Element (reference/element-e2ee.md §8) as pure functions over what the viewer's
 * crypto knows. "Verified" = I signed their master key; "was verified" = I had, and their identity changed since.
 */
import type { TimelineEntry, UserTrust } from './types';

/** Room shield: none (not encrypted), normal (grey), verified (green ✓), warning (red !). */
export type RoomShield = 'none' | 'normal' | 'verified' | 'warning';

/** Member shield in the member list and profile. */
export type MemberShield = 'normal' | 'verified' | 'warning';

/** Why a member or room is red, for hints ("who is it, and what should I do?"). */
export type WarningReason = 'identity-changed' | 'unsigned-device' | 'own-unsigned-device';

/** Message shield under a message; `none` when all is well. */
export type MessageShield =
	| { kind: 'none' }
	| { kind: 'utd' }
	| {
			kind: 'grey' | 'red';
			reason:
				| 'unverified-identity'
				| 'unsigned-device'
				| 'unknown-device'
				| 'authenticity'
				| 'verification-violation'
				| 'mismatched-sender'
				| 'not-encrypted';
	  };

export interface RoomTrustInput {
	encrypted: boolean;
	isDirect: boolean;
	/** The viewer's own user (their devices, and whether their own identity is verified). */
	me: UserTrust;
	/** Every other member whose keys matter (joined and invited). */
	others: UserTrust[];
}

export interface RoomShieldResult {
	shield: RoomShield;
	/** The members that make it red, with why. */
	culprits: { userId: string; reason: WarningReason; deviceIds: string[] }[];
}

const unsigned = (u: UserTrust) => u.devices.filter((d) => !d.signedByOwner).map((d) => d.deviceId);

export function roomShield(input: RoomTrustInput): RoomShieldResult {
	if (!input.encrypted) return { shield: 'none', culprits: [] };
	const culprits: RoomShieldResult['culprits'] = [];

	// 1. Someone I trusted changed their identity.
	for (const u of input.others) {
		if (u.wasVerified) culprits.push({ userId: u.userId, reason: 'identity-changed', deviceIds: [] });
	}

	// 2. My own devices count only in a group where I verified someone, or when I am alone.
	const verified = input.others.filter((u) => u.verified);
	const alone = input.others.length === 0;
	const memberCount = input.others.length + 1;
	const includeMine = (verified.length > 0 && !input.isDirect && memberCount > 2) || alone;

	// 3. A verified person (or I) uses a session they did not verify.
	for (const u of verified) {
		const ids = unsigned(u);
		if (ids.length) culprits.push({ userId: u.userId, reason: 'unsigned-device', deviceIds: ids });
	}
	if (includeMine) {
		const ids = unsigned(input.me);
		if (ids.length) culprits.push({ userId: input.me.userId, reason: 'own-unsigned-device', deviceIds: ids });
	}
	if (culprits.length) return { shield: 'warning', culprits };

	// 4. Green only when everyone else is verified (or I am alone with verified devices).
	return { shield: verified.length === input.others.length ? 'verified' : 'normal', culprits };
}

export function memberShield(u: UserTrust): MemberShield {
	if (!u.verified) return u.wasVerified ? 'warning' : 'normal';
	return unsigned(u).length ? 'warning' : 'verified';
}

const CODE_SHIELDS: Record<NonNullable<NonNullable<TimelineEntry['trust']>['code']>, MessageShield> = {
	UnverifiedIdentity: { kind: 'grey', reason: 'unverified-identity' },
	AuthenticityNotGuaranteed: { kind: 'grey', reason: 'authenticity' },
	UnsignedDevice: { kind: 'red', reason: 'unsigned-device' },
	UnknownDevice: { kind: 'red', reason: 'unknown-device' },
	VerificationViolation: { kind: 'red', reason: 'verification-violation' },
	MismatchedSender: { kind: 'red', reason: 'mismatched-sender' }
};

const grey = (reason: 'unverified-identity' | 'authenticity'): MessageShield => ({ kind: 'grey', reason });
const red = (reason: 'unsigned-device' | 'unknown-device' | 'verification-violation'): MessageShield => ({
	kind: 'red',
	reason
});

/**
 * What to show under one timeline message. `sentInEncryptedRoom`: encryption was on when it was sent (messages
 * from before encryption was turned on stay plain without a warning). State events carry no shield.
 *
 * `sender` is what the viewer's crypto knows about the sender NOW. The library pins a message's trust when its room
 * key arrives and never raises it afterwards, so a message read before its sender was verified would stay "Encrypted
 * by an unverified user." for good. Like Element, which checks the sender again whenever a user's or device's trust
 * changes, the shield is worked out from the current trust of the sender and of the device that sent it; only what
 * cannot change later is taken from the library's verdict at decryption (a key restored from a backup, a sender that
 * does not own the sending device, a device that was unknown when the message arrived). Without `sender` the
 * library's verdict at decryption is shown as it is.
 */
export function messageShield(
	entry: TimelineEntry,
	sentInEncryptedRoom: boolean,
	sender?: UserTrust
): MessageShield {
	if (entry.utd) return { kind: 'utd' };
	if (!entry.encrypted) {
		const isMessage =
			entry.type === 'm.room.message' && entry.content.msgtype !== 'm.key.verification.request';
		// A plain message in an encrypted room, sent after encryption was turned on, is red.
		return isMessage && sentInEncryptedRoom ? { kind: 'red', reason: 'not-encrypted' } : { kind: 'none' };
	}
	const code = entry.trust?.code;
	if (!sender || code === 'MismatchedSender') return code ? CODE_SHIELDS[code] : { kind: 'none' };
	const device = sender.devices.find((d) => d.deviceId === entry.senderDevice);
	if (device) {
		// The owner has not verified the device that sent it: red, whoever the owner is.
		if (!device.signedByOwner) return red('unsigned-device');
		// I verified this person, and the identity that signs this device is a new one.
		if (sender.wasVerified) return red('verification-violation');
	} else if (code === 'UnknownDevice' || sender.verified || sender.wasVerified) {
		// The device was unknown when the message arrived, or it is gone now (signed out, or its owner reset their
		// identity): for a person I verified, nothing vouches for it any more (classic Element: a deleted session).
		return red('unknown-device');
	}
	if (code === 'AuthenticityNotGuaranteed') return grey('authenticity');
	return sender.verified ? { kind: 'none' } : grey('unverified-identity');
}
