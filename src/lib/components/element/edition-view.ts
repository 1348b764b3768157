/**
 * Where the two Elements differ in showing rooms and people: the classic one of the 2021 guide, with a three-colour
 * shield on every encrypted room, and today's (2026), which marks only a DM in its header (green "Verified" or red
 * "Untrusted"), an encrypted composer only when it is red or green, and a person's identity change one banner at a
 * time. Pure: the world's trust goes in (never more than it knows), what to draw comes out; the components map the
 * answers to words and icons.
 */
import type { Edition } from '$lib/edition';
import type { CancelReason } from '$lib/device/verification-phase';
import type { RoomShield, MemberShield } from '$lib/device/trust';
import type { UserTrust, VerificationView } from '$lib/device/types';

export type ShownShield = Exclude<RoomShield, 'none'>;

/**
 * What a room shows beside its name in the header. 2026 follows RoomHeader: in a DM (one other member) the verdict of
 * shieldStatusForRoom, "verified" or "warning", as an icon named "Verified" / "Untrusted" (Element puts the word in the
 * icon's tooltip and accessible name; the course writes it beside the icon, so that learners can read it).
 */
export type HeaderBadge =
	/** Classic: the room shield as it is (grey, green ✓ or red !). */
	| { kind: 'shield'; shield: ShownShield }
	/** 2026, DMs only: the room shield says everyone is verified. */
	| { kind: 'verified' }
	/** 2026, DMs only: the room shield is red (someone you trusted changed, or uses an unverified device). */
	| { kind: 'untrusted' };

export interface RoomLook {
	isDirect: boolean;
	/** The room shield the world worked out (`none` for an unencrypted room). */
	shield: RoomShield;
}

/**
 * The header badge. Element 2026 (RoomHeader) shows one only for a DM, and only when the room's verdict is
 * "verified" or "warning"; a grey (normal) room, a group room and an unencrypted room show none.
 */
export function roomHeaderBadge(edition: Edition, room: RoomLook): HeaderBadge | undefined {
	if (room.shield === 'none') return undefined;
	if (edition === 'classic') return { kind: 'shield', shield: room.shield };
	if (!room.isDirect) return undefined;
	if (room.shield === 'verified') return { kind: 'verified' };
	if (room.shield === 'warning') return { kind: 'untrusted' };
	return undefined;
}

/**
 * The filters above today's room list (Element's new room list, RoomListPrimaryFilters): one list of every chat, and
 * chips that narrow it. Element offers Unreads, People, Rooms, Favourites, Mentions, Invites and Low priority; the
 * course's world keeps no read markers, mentions or tags, so only the filters it can answer truthfully are offered.
 * Classic keeps its "People" and "Rooms" sections instead (undefined).
 */
export type RoomListFilter = 'people' | 'rooms' | 'invites';

export function roomListFilters(edition: Edition): RoomListFilter[] | undefined {
	return edition === '2026' ? ['people', 'rooms', 'invites'] : undefined;
}

/** What one list shows under a filter (none: everything, invites first, as Element puts them on top). */
export function filterRoomList<R extends { isDirect: boolean }, I>(
	rooms: R[],
	invites: I[],
	filter: RoomListFilter | undefined
): { rooms: R[]; invites: I[] } {
	switch (filter) {
		case 'people':
			return { rooms: rooms.filter((r) => r.isDirect), invites: [] };
		case 'rooms':
			return { rooms: rooms.filter((r) => !r.isDirect), invites: [] };
		case 'invites':
			return { rooms: [], invites };
		default:
			return { rooms, invites };
	}
}

/** The shield in the room list: classic shows every encrypted room's; 2026 shows none. */
export function roomListShield(edition: Edition, shield: RoomShield): ShownShield | undefined {
	if (edition === '2026' || shield === 'none') return undefined;
	return shield;
}

/**
 * A member-list row's mark: classic shows every member's shield; today's Element (E2EIconView in its member list)
 * only a verified or a warning icon, none for someone you have not verified.
 */
export function memberListShield(edition: Edition, shield: MemberShield): MemberShield | undefined {
	return edition === '2026' && shield === 'normal' ? undefined : shield;
}

/** The icon beside the composer: none in classic (as the course always showed it); in 2026 only red or green. */
export function composerShield(edition: Edition, shield: RoomShield): 'verified' | 'warning' | undefined {
	if (edition === 'classic') return undefined;
	return shield === 'verified' || shield === 'warning' ? shield : undefined;
}

/**
 * The composer's hint. Classic marks the encrypted room ("Send an encrypted message…"); 2026 marks the exception,
 * the unencrypted room ("Send an unencrypted message…"), and an encrypted one just says "Send a message…".
 */
export type ComposerHint = 'classic-encrypted' | 'classic-plain' | 'send-message' | 'send-unencrypted';

export function composerHint(edition: Edition, encrypted: boolean): ComposerHint {
	if (edition === 'classic') return encrypted ? 'classic-encrypted' : 'classic-plain';
	return encrypted ? 'send-message' : 'send-unencrypted';
}

/** The banner above the composer for a person whose identity changed. */
export interface IdentityBanner {
	userId: string;
	/** Red: you had verified them. */
	critical: boolean;
	/** Withdraw your verification, or acknowledge the new identity ("OK" in classic, "Dismiss" in 2026). */
	action: 'withdraw' | 'ok' | 'dismiss';
}

/**
 * The identity banners of a room: classic lists everyone whose identity changed; 2026 (UserIdentityWarning) shows
 * one person at a time, the next one once that is answered. Someone you had verified comes first in 2026: their
 * change is the one that can mean an attacker.
 */
export function identityBanners(
	edition: Edition,
	members: Record<string, { trust: Pick<UserTrust, 'wasVerified' | 'needsApproval'> }>
): IdentityBanner[] {
	const changed = Object.entries(members)
		.filter(([, m]) => m.trust.wasVerified || m.trust.needsApproval)
		.map(([userId, m]) => ({ userId, critical: m.trust.wasVerified }));
	if (edition === 'classic') return changed.map((c) => ({ ...c, action: c.critical ? 'withdraw' : 'ok' }));
	const first = changed.find((c) => c.critical) ?? changed[0];
	return first ? [{ ...first, action: first.critical ? 'withdraw' : 'dismiss' }] : [];
}

/** What a person's profile offers about verifying them. */
export type ProfileVerification =
	/** Classic: the member shield with its words, and "Verify" while they are not verified. */
	| { kind: 'classic-shield'; shield: MemberShield; verify: boolean }
	/** 2026: a green "Verified" badge under the name. */
	| { kind: 'verified-badge' }
	/** 2026: "Verify User" under the name. */
	| { kind: 'verify-user' };

export function profileVerification(
	edition: Edition,
	person: { shield: MemberShield; verified: boolean }
): ProfileVerification {
	if (edition === 'classic')
		return { kind: 'classic-shield', shield: person.shield, verify: !person.verified };
	return person.verified ? { kind: 'verified-badge' } : { kind: 'verify-user' };
}

/**
 * A verification that ended without success. Classic explains each cause in its own words and closes with "OK"
 * (a mismatch also raises "Your messages are not secure"); 2026 shows one card for every cause with "Got it".
 */
export interface FailedVerificationView {
	text: 'by-reason' | 'one-card';
	button: 'ok' | 'got-it';
}

export function failedVerificationView(edition: Edition): FailedVerificationView {
	return edition === 'classic' ? { text: 'by-reason', button: 'ok' } : { text: 'one-card', button: 'got-it' };
}

/**
 * The window a failed verification raises on top of the client. Classic: "Your messages are not secure" after a
 * mismatch, wherever the flow was shown. 2026: no extra warning; where the flow is on screen (the right panel, the
 * self-verification dialog) its card says it, and only a flow shown nowhere gets the "Verification failed" dialog.
 */
export function failedVerificationWindow(
	edition: Edition,
	flow: { reason: CancelReason | undefined; onScreen: boolean }
): 'not-secure' | 'failed' | undefined {
	if (edition === 'classic') return flow.reason === 'mismatch' ? 'not-secure' : undefined;
	return flow.reason === 'mismatch' && !flow.onScreen ? 'failed' : undefined;
}

/**
 * The title of the dialog in which this device answers a verification with another of the learner's devices. Classic
 * calls it "Verify session" throughout; today's Element (VerificationRequestDialog) names the phase it is in: the
 * request waiting on the other device, choosing a method, comparing emoji, the QR code's green shield, verified, or
 * failed ("Verify other device" otherwise).
 */
export type SelfVerificationTitle =
	| 'verify-session'
	| 'start-on-other-device'
	| 'choose'
	| 'compare-emojis'
	| 'green-shield'
	| 'verify-other-device'
	| 'verified'
	| 'failed';

export function selfVerificationTitle(
	edition: Edition,
	flow: Pick<VerificationView, 'phase' | 'method' | 'qr'> | undefined
): SelfVerificationTitle {
	if (edition === 'classic') return 'verify-session';
	switch (flow?.phase) {
		case 'created':
		case 'requested':
			return 'start-on-other-device';
		case 'ready':
			return 'choose';
		case 'done':
			return 'verified';
		case 'cancelled':
			return 'failed';
		case 'transitioned':
			if (flow.method === 'sas') return 'compare-emojis';
			// Showing our code turns the request into a QR flow at once; the green shield is asked about only once the
			// other device has scanned it. Until then, the choice of methods stays on screen.
			if (flow.method === 'qr') return flow.qr?.state === 'created' ? 'choose' : 'green-shield';
	}
	return 'verify-other-device';
}

/** How the timeline says who made the room: Element 2026 has its own line for a DM ("… created this DM."). */
export function createdNotice(edition: Edition, isDirect: boolean): 'room' | 'dm' {
	return edition === '2026' && isDirect ? 'dm' : 'room';
}
