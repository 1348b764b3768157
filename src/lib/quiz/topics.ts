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

/** The steps that practise a topic, each written `'lesson/step'`. */
function steps(...places: `${string}/${string}`[]): Practice[] {
	return places.map((place) => {
		const [lesson = '', step = ''] = place.split('/');
		return { lesson, step };
	});
}

export const PRACTISED_IN: Readonly<Record<Topic, readonly Practice[]>> = {
	'room-no-shield': steps('enable-encryption/enable'),
	'room-grey': steps('first-encrypted-chat/reply', 'verify-group/carol-request', 'trust-first/write'),
	'room-green': steps('verify-contact/confirm', 'verify-group/dave'),
	'verify-person': steps('verify-contact/request', 'verify-contact/confirm'),
	'new-session': steps('red-shield/ask', 'red-shield/green'),
	'identity-reset': steps('identity-reset/ask', 'identity-reset/reverify'),
	'message-unverified': steps('first-encrypted-chat/reply', 'verify-contact/confirm'),
	'message-unencrypted': steps('enable-encryption/send'),
	'message-undecryptable': steps('restore-history/signin', 'restore-history/restore'),
	'key-backup': steps('secure-backup/setup', 'restore-history/restore'),
	'own-new-device': steps('verify-new-device/signin', 'verify-new-device/match'),
	'emoji-compare': steps('verify-contact/confirm', 'emoji-mismatch/compare'),
	'emoji-mismatch': steps('emoji-mismatch/reject')
};
