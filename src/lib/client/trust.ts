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

/**
 * What to show under one timeline message. `sentInEncryptedRoom`: encryption was on when it was sent (messages
 * from before encryption was turned on stay plain without a warning). State events carry no shield.
 */
export function messageShield(entry: TimelineEntry, sentInEncryptedRoom: boolean): MessageShield {
	if (entry.utd) return { kind: 'utd' };
	if (!entry.encrypted) {
		const isMessage =
			entry.type === 'm.room.message' && entry.content.msgtype !== 'm.key.verification.request';
		// A plain message in an encrypted room, sent after encryption was turned on, is red.
		return isMessage && sentInEncryptedRoom ? { kind: 'red', reason: 'not-encrypted' } : { kind: 'none' };
	}
	const code = entry.trust?.code;
	return code ? CODE_SHIELDS[code] : { kind: 'none' };
}
