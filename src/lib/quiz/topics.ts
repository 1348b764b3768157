/**
 * What each quiz question is about, and where the course practises it. The quiz asks only what a lesson let the
 * learner do or see in a real world: `topics.test.ts` holds every question to a topic, and every topic to lesson
 * steps that exist. Pure data; lesson and step ids are the ones of `lessons/content/*.ts`.
 */

export type Topic =
	/** An unencrypted room shows no shield; encryption can be turned on by an admin. */
	| 'room-no-shield'
	/** Grey: encrypted, not everyone verified; normal, not an alarm. */
	| 'room-grey'
	/** Green: everyone else in the room verified (and all their sessions). */
	| 'room-green'
	/** Verifying a person; the member shields grey → green. */
	| 'verify-person'
	/** Red because someone you verified uses a session they have not verified: only they can fix it. */
	| 'new-session'
	/** Someone reset their identity: ask, verify again or withdraw. */
	| 'identity-reset'
	/** Messages from someone you have not verified carry a grey shield. */
	| 'message-unverified'
	/** Messages sent without encryption stay readable for the server. */
	| 'message-unencrypted'
	/** A session without the keys cannot decrypt; a backup brings them back. */
	| 'message-undecryptable'
	/** Secure Backup and the Security Key. */
	| 'key-backup'
	/** Verifying your own new device from one you trust. */
	| 'own-new-device'
	/** Comparing emoji over another channel, by name, in order. */
	| 'emoji-compare'
	/** Different emoji: "They don't match". */
	| 'emoji-mismatch';

export interface Practice {
	lesson: string;
	step: string;
}

export const PRACTISED_IN: Readonly<Record<Topic, readonly Practice[]>> = {
	'room-no-shield': [{ lesson: 'enable-encryption', step: 'enable' }],
	'room-grey': [
		{ lesson: 'first-encrypted-chat', step: 'reply' },
		{ lesson: 'verify-group', step: 'carol-request' },
		{ lesson: 'trust-first', step: 'write' }
	],
	'room-green': [
		{ lesson: 'verify-contact', step: 'confirm' },
		{ lesson: 'verify-group', step: 'dave' }
	],
	'verify-person': [
		{ lesson: 'verify-contact', step: 'request' },
		{ lesson: 'verify-contact', step: 'confirm' }
	],
	'new-session': [
		{ lesson: 'red-shield', step: 'ask' },
		{ lesson: 'red-shield', step: 'green' }
	],
	'identity-reset': [
		{ lesson: 'identity-reset', step: 'ask' },
		{ lesson: 'identity-reset', step: 'reverify' }
	],
	'message-unverified': [
		{ lesson: 'first-encrypted-chat', step: 'reply' },
		{ lesson: 'verify-contact', step: 'confirm' }
	],
	'message-unencrypted': [{ lesson: 'enable-encryption', step: 'send' }],
	'message-undecryptable': [
		{ lesson: 'restore-history', step: 'signin' },
		{ lesson: 'restore-history', step: 'restore' }
	],
	'key-backup': [
		{ lesson: 'secure-backup', step: 'setup' },
		{ lesson: 'restore-history', step: 'restore' }
	],
	'own-new-device': [
		{ lesson: 'verify-new-device', step: 'signin' },
		{ lesson: 'verify-new-device', step: 'match' }
	],
	'emoji-compare': [
		{ lesson: 'verify-contact', step: 'confirm' },
		{ lesson: 'emoji-mismatch', step: 'compare' }
	],
	'emoji-mismatch': [{ lesson: 'emoji-mismatch', step: 'reject' }]
};
