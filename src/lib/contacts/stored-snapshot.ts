/**
 * A persona machine's persisted snapshot without its host: the host (a live object with the world behind it) sits in
 * the machine's context and in its invoked actors' input. Stored, it is a marker; restored, the new host goes back
 * where the marker is.
 */
import type { Actor, AnyStateMachine } from 'xstate';

const HOST_MARKER = '$persona-host';

function replace(value: unknown, from: (v: unknown) => boolean, to: unknown, seen: Set<object>): unknown {
	if (from(value)) return to;
	if (typeof value !== 'object' || value === null || seen.has(value)) return value;
	seen.add(value);
	if (Array.isArray(value)) return value.map((v) => replace(v, from, to, seen));
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, from, to, seen)]));
}

/** The actor's persisted snapshot with the host taken out (plain data, ready for a structured clone). */
export function persistWithoutHost(actor: Actor<AnyStateMachine>, host: object): unknown {
	const snapshot = actor.getSnapshot();
	// XState copies the context deeply as it persists it: the host (and the world behind it) must be out first.
	const persisted = actor.logic.getPersistedSnapshot({
		...snapshot,
		context: { ...snapshot.context, host: HOST_MARKER }
	});
	return replace(persisted, (v) => v === host, HOST_MARKER, new Set());
}

/** The stored snapshot with the new host put back. */
export function withHost(stored: unknown, host: object): unknown {
	return replace(stored, (v) => v === HOST_MARKER, host, new Set());
}
