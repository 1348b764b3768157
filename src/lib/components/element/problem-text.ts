/**
 * What the client says when a command failed: a reason the device names (`DeviceActionError`) in the learner's
 * language and Element version, or the server's / the library's own message as it came (those are technical, and
 * Element shows them untranslated too). Pure.
 */
import type { DeviceActionError } from '$lib/device/errors';
import type { Edition } from '$lib/edition';
import { m } from '$lib/paraglide/messages';
import type { CommandResult } from '$lib/world/commands';

export type ProblemReason = DeviceActionError['reason'];

type Message = () => string;

/** The words of each reason; today's Element (2026) says "recovery key", "key storage", "digital identity", "chat". */
const CLASSIC: Record<ProblemReason, Message> = {
	'no-backup': m.client_problem_no_backup,
	'wrong-key': m.client_problem_wrong_key,
	'invalid-key': m.client_problem_invalid_key,
	'no-identity': m.client_problem_no_identity,
	'not-found': m.client_problem_not_found,
	'not-allowed': m.client_problem_not_allowed,
	'not-ready': m.client_problem_not_ready,
	'unverified-device': m.client26_send_unverified
};

const TODAY: Partial<Record<ProblemReason, Message>> = {
	'no-backup': m.client26_problem_no_backup,
	// Element's own words (en_EN / de_DE: encryption.access_secret_storage_dialog.key_validation_text).
	'wrong-key': m.client26_problem_wrong_key,
	'invalid-key': m.client26_problem_invalid_key,
	'no-identity': m.client26_problem_no_identity,
	'not-found': m.client26_problem_not_found
};

export function problemText(error: Extract<CommandResult, { ok: false }>['error'], edition: Edition): string {
	if (error.kind !== 'action') return error.message;
	const reason = error.reason as ProblemReason;
	const text = (edition === '2026' ? TODAY[reason] : undefined) ?? CLASSIC[reason];
	return text ? text() : error.message;
}
