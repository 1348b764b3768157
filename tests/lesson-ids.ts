/** The lesson ids, in course order, as the browser tests know them (kept equal to the catalog by a unit test). */
export const LESSON_IDS_FOR_TESTS = [
	'first-encrypted-chat',
	'secure-backup',
	'verify-new-device',
	'create-encrypted-room',
	'enable-encryption',
	'verify-contact',
	'verify-group',
	'red-shield',
	'trust-first',
	'emoji-mismatch',
	'restore-history',
	'qr-code',
	'identity-reset'
] as const;
