/**
 * The browser's localStorage, guarded. With site data blocked (a common privacy setting) merely touching
 * `localStorage` throws a SecurityError, and a full storage throws QuotaExceededError on every write: the course
 * must still open and work, so nothing here ever throws. Used by the language choice and the saved progress.
 */

function storage(): Storage | undefined {
	try {
		return typeof localStorage === 'undefined' ? undefined : localStorage;
	} catch {
		return undefined;
	}
}

/** The stored value; `null` if there is none; `undefined` if storage cannot be read. */
export function readItem(key: string): string | null | undefined {
	try {
		const store = storage();
		return store ? store.getItem(key) : undefined;
	} catch {
		return undefined;
	}
}

/** Stores a value; false if the browser did not let it (blocked, full, or no browser). */
export function writeItem(key: string, value: string): boolean {
	try {
		const store = storage();
		if (!store) return false;
		store.setItem(key, value);
		return true;
	} catch {
		return false;
	}
}

/** Removes a stored value; nothing happens if storage cannot be reached. */
export function removeItem(key: string): void {
	try {
		storage()?.removeItem(key);
	} catch {
		// Blocked storage holds nothing to remove.
	}
}

const PROBE_KEY = 'e2ee-trainer.probe';

/** Whether this browser lets the course keep anything: read and write a probe (a full storage fails the write). */
export function storageWorks(): boolean {
	if (!writeItem(PROBE_KEY, '1')) return false;
	try {
		storage()?.removeItem(PROBE_KEY);
	} catch {
		// A probe left behind is one byte: harmless.
	}
	return true;
}

/** Same, for this tab only (sessionStorage), for things said once per visit. */
export function sessionFlag(key: string, set = false): boolean {
	try {
		if (typeof sessionStorage === 'undefined') return false;
		if (set) sessionStorage.setItem(key, '1');
		return sessionStorage.getItem(key) === '1';
	} catch {
		return false;
	}
}
