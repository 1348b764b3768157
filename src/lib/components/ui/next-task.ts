/**
 * Yields to the browser: resolves in a later task, so that what was rendered so far is painted and input is handled
 * before the next part is built (issue 15 §4, §6: no single long task when a client mounts). `scheduler.yield()`
 * where the browser has it (it resumes before other queued work), a zero timeout elsewhere.
 */
export function nextTask(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (typeof scheduler?.yield === 'function') return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Counts up from 0 to `last`, one step per task, while `alive()` holds: `onstage(n)` is called for each step. For
 * mounting a big view in parts (its frame first, the rest in later tasks).
 */
export async function inStages(last: number, onstage: (stage: number) => void, alive: () => boolean) {
	for (let stage = 1; stage <= last; stage++) {
		await nextTask();
		if (!alive()) return;
		onstage(stage);
	}
}
