/**
 * What a message this device cannot read shows in its place. Classic (the 2021 guide) has one text for every cause:
 * "Unable to decrypt message". Today's Element (2026) says why, per cause, as Element Web's shared
 * `DecryptionFailureBodyView` does (strings `timeline.decryption_failure.*`):
 *
 * - the sender's device held the key back from this unverified device (`m.unverified`): "The sender has blocked you
 *   from receiving this message because your device is unverified", plain, like any undecryptable message;
 * - with "Exclude insecure devices" on, the crypto library refused a device its owner has not verified: "Sent from
 *   an insecure device.", or a sender whose verified identity was reset: "Sender's verified digital identity was
 *   reset". Both with a no-entry icon in the error colour and without the undecryptable padlock: the message was
 *   refused on purpose, not lost;
 * - everything else (the key is missing, withheld for another reason, an unknown device): "Unable to decrypt
 *   message". Element Web shows that for an unknown sending device too (its view model maps
 *   UNKNOWN_SENDER_DEVICE to it); Element X calls that one insecure — the course follows Element Web.
 *
 * The English texts are packages/shared-components/src/i18n/strings/en_EN.json's (read 2026-12). Not confirmed in
 * German: that package's de_DE.json has no `decryption_failure` strings yet, and apps/web's de_DE.json has only
 * "sender_identity_previously_verified"; "Von einem ungesicherten Gerät gesendet." and the "blocked" text are the
 * course's own translations, worded after Element's German ("ungesicherte Geräte" in the exclude setting).
 *
 * Pure: the component maps the answer to words and an icon.
 */
import type { Edition } from '$lib/edition';
import type { UtdReason } from '$lib/device/types';

export type UtdNoticeText =
	'unable-to-decrypt' | 'blocked-unverified-device' | 'insecure-device' | 'sender-identity-reset';

export interface UtdNotice {
	text: UtdNoticeText;
	/** `undecryptable`: the key icon of a message that cannot be read; `refused`: a no-entry icon, error colour. */
	look: 'undecryptable' | 'refused';
}

const UNABLE: UtdNotice = { text: 'unable-to-decrypt', look: 'undecryptable' };

const TODAY: Record<UtdReason, UtdNotice> = {
	'missing-key': UNABLE,
	withheld: UNABLE,
	'unknown-device': UNABLE,
	other: UNABLE,
	'blocked-unverified-device': { text: 'blocked-unverified-device', look: 'undecryptable' },
	'insecure-device': { text: 'insecure-device', look: 'refused' },
	'sender-identity-reset': { text: 'sender-identity-reset', look: 'refused' }
};

export function utdNotice(edition: Edition, reason: UtdReason): UtdNotice {
	return edition === 'classic' ? UNABLE : (TODAY[reason] ?? UNABLE);
}
