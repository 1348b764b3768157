/**
 * The instructor's link, `/#instructor=<secret>` (printed by `npm run classroom`): the secret is taken out of the
 * address at once (so it is not in the history, a screenshot of the address bar or a shared link) and kept for this
 * tab only, in sessionStorage (or in the page's memory when storage is blocked).
 */
export const INSTRUCTOR_SECRET_KEY = 'e2ee-trainer.instructor';
/** The dashboard's device on the server, so that a reload logs in on it again rather than adding one. */
export const INSTRUCTOR_DEVICE_KEY = 'e2ee-trainer.instructor-device';
const HASH_PREFIX = '#instructor=';

let inMemory: string | undefined;

function session(): Storage | undefined {
	try {
		return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
	} catch {
		return undefined;
	}
}

/** The secret in a link's fragment, if it carries one (`#instructor=…`). */
export function secretInHash(hash: string): string | undefined {
	if (!hash.startsWith(HASH_PREFIX)) return undefined;
	let secret: string;
	try {
		secret = decodeURIComponent(hash.slice(HASH_PREFIX.length)).trim();
	} catch {
		return undefined;
	}
	return secret.length > 0 && secret.length <= 500 ? secret : undefined;
}

/** Keeps the secret for this tab. */
export function keepInstructorSecret(secret: string): void {
	inMemory = secret;
	try {
		session()?.setItem(INSTRUCTOR_SECRET_KEY, secret);
	} catch {
		// Blocked storage: the page's memory keeps it until a reload.
	}
}

/** The secret this tab was given, if any. */
export function instructorSecret(): string | undefined {
	try {
		return session()?.getItem(INSTRUCTOR_SECRET_KEY) ?? inMemory;
	} catch {
		return inMemory;
	}
}

/** The instructor's device of this tab's dashboard, if it logged in before. */
export function instructorDevice(): string | undefined {
	try {
		return session()?.getItem(INSTRUCTOR_DEVICE_KEY) ?? undefined;
	} catch {
		return undefined;
	}
}

export function keepInstructorDevice(deviceId: string): void {
	try {
		session()?.setItem(INSTRUCTOR_DEVICE_KEY, deviceId);
	} catch {
		// Blocked storage: the next visit logs in on a new device.
	}
}

/** Forgets the secret (a wrong link, or the instructor wants to try another one). */
export function forgetInstructorSecret(): void {
	inMemory = undefined;
	try {
		session()?.removeItem(INSTRUCTOR_SECRET_KEY);
		session()?.removeItem(INSTRUCTOR_DEVICE_KEY);
	} catch {
		// Nothing kept.
	}
}

/**
 * Reads `#instructor=…` from the page's address: keeps the secret and returns true when there was one (the caller
 * then goes to /workshop, which replaces the address and so drops the fragment).
 */
export function takeInstructorLink(hash: string): boolean {
	const secret = secretInHash(hash);
	if (!secret) return false;
	keepInstructorSecret(secret);
	return true;
}
