/**
 * Structural sharing for the world's snapshots. Each snapshot arrives from the worker as a fresh copy of the whole
 * world, so every object in it is new even where nothing changed; the page's derived state and components compare by
 * identity and would all run again (the whole client re-rendered on each message — issue 15 §4). `keepUnchanged`
 * returns `next` with every part that equals the same part of `prev` replaced by that part of `prev`, so only what
 * really changed is new (and `prev` itself when nothing did).
 *
 * Plain data only, as the worker sends it: objects, arrays and primitives (typed arrays and other objects are compared
 * by identity, i.e. taken from `next`). Arrays are matched by position.
 */
export function keepUnchanged<T>(prev: T, next: T): T {
	return share(prev, next) as T;
}

function share(prev: unknown, next: unknown): unknown {
	if (Object.is(prev, next)) return prev;
	if (Array.isArray(prev) && Array.isArray(next)) {
		let same = prev.length === next.length;
		const out = new Array<unknown>(next.length);
		for (let i = 0; i < next.length; i++) {
			const value = i < prev.length ? share(prev[i], next[i]) : next[i];
			out[i] = value;
			if (value !== prev[i]) same = false;
		}
		return same ? prev : out;
	}
	if (isPlainObject(prev) && isPlainObject(next)) {
		const nextKeys = Object.keys(next);
		let same = nextKeys.length === Object.keys(prev).length;
		const out: Record<string, unknown> = {};
		for (const key of nextKeys) {
			const value = Object.hasOwn(prev, key) ? share(prev[key], next[key]) : next[key];
			out[key] = value;
			if (value !== prev[key] || !Object.hasOwn(prev, key)) same = false;
		}
		return same ? prev : out;
	}
	return next;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
}
