/**
 * The lesson ids, in course order, as the browser tests know them (kept equal to the catalog by a unit test). The
 * lessons of today's Element only are among them; the classic course leaves them out.
 */
export const LESSON_IDS_FOR_TESTS = [
	'first-encrypted-chat',
	'secure-backup',
	'recovery-key',
	'verify-new-device',
	'confirm-identity',
	'create-encrypted-room',
	'enable-encryption',
	'verify-contact',
	'verify-group',
	'red-shield',
	'trust-first',
	'emoji-mismatch',
	'restore-history',
	'qr-code',
	'insecure-devices',
	'identity-reset',
	'cant-confirm'
] as const;

/** The lessons only the course of today's Element (2026) has. */
export const LESSON_IDS_2026_ONLY = [
	'recovery-key',
	'confirm-identity',
	'insecure-devices',
	'cant-confirm'
] as const;
