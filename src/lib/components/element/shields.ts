/**
 * The words for every shield (classic Element's tooltips, reference/element-e2ee.md §8). They are the shields'
 * accessible names, so a screen reader hears what a sighted user reads in the tooltip.
 */
import type { MemberShield, MessageShield, RoomShield } from '$lib/device/trust';
import { m } from '$lib/paraglide/messages';

export type ShieldKind = 'normal' | 'warning' | 'verified';

export function roomShieldLabel(shield: Exclude<RoomShield, 'none'>): string {
	switch (shield) {
		case 'warning':
			return m.client_shield_room_warning();
		case 'verified':
			return m.client_shield_room_verified();
		case 'normal':
			return m.client_shield_room_normal();
	}
}

export function memberShieldLabel(shield: MemberShield, wasVerified: boolean): string {
	switch (shield) {
		case 'verified':
			return m.client_shield_member_verified();
		case 'warning':
			return wasVerified ? m.client_shield_member_changed() : m.client_shield_member_warning();
		case 'normal':
			return m.client_shield_member_normal();
	}
}

/** The shield under a message (none when all is well; "Unable to decrypt" is shown in place of the body). */
export function messageShieldInfo(
	shield: MessageShield
): { kind: 'normal' | 'warning' | 'utd'; label: string } | undefined {
	if (shield.kind === 'none') return undefined;
	if (shield.kind === 'utd') return { kind: 'utd', label: m.client_message_utd() };
	const label = {
		'unverified-identity': m.client_message_unverified_identity,
		authenticity: m.client_message_authenticity,
		'unsigned-device': m.client_message_unsigned_device,
		'unknown-device': m.client_message_unknown_device,
		'verification-violation': m.client_message_verification_violation,
		'mismatched-sender': m.client_message_mismatched_sender,
		'not-encrypted': m.client_message_not_encrypted
	}[shield.reason]();
	return { kind: shield.kind === 'red' ? 'warning' : 'normal', label };
}
