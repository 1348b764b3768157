/**
 * The compromised server (the man-in-the-middle lesson). While active, the server shows the victim an attacker's
 * "shadow" identity and devices in place of the target's, and the target the shadow of the victim; it routes their
 * to-device messages to the shadow devices and keeps their room messages apart, so that each side talks to the
 * attacker believing it talks to the other.
 *
 * These are the rules as pure functions; `Faults` holds the state, the services apply them.
 */
import type { Realm, Viewer } from './model';

export interface CompromiseSpec {
	victim: string;
	target: string;
}

/** The user on the other side of the compromise from `userId`, when `userId` is one of the pair. */
export function counterpart(c: CompromiseSpec, userId: string): string | undefined {
	if (userId === c.victim) return c.target;
	if (userId === c.target) return c.victim;
	return undefined;
}

/**
 * Which of `subject`'s key stores a device of `viewer` is shown by /keys/query and /keys/claim, and which of
 * `subject`'s devices its to-device messages reach:
 * - a real device of the victim (target) asking about the target (victim), during a compromise: the shadow one;
 * - a shadow device asking about its own user: the shadow one (the attacker's devices know each other);
 * - anyone else: the real one.
 */
export function keyRealmFor(c: CompromiseSpec | undefined, viewer: Viewer, subject: string): Realm {
	if (viewer.realm === 'shadow') return subject === viewer.userId ? 'shadow' : 'real';
	return c && counterpart(c, viewer.userId) === subject ? 'shadow' : 'real';
}

/**
 * Who may see a room message sent during a compromise, in a room where both victim and target are joined.
 * A real device's message is kept from the counterpart's real devices (the attacker relays its own version);
 * a shadow device's message reaches only the counterpart's real devices (and the attacker's). Third parties see
 * real messages only. State events are never restricted: both sides must agree on what the room is.
 */
export type Audience =
	{ kind: 'hiddenFromRealDevicesOf'; userId: string } | { kind: 'onlyRealDevicesOf'; userId: string };

export function audienceFor(
	c: CompromiseSpec | undefined,
	sender: Viewer,
	joinedMembers: ReadonlySet<string>
): Audience | undefined {
	if (!c || !joinedMembers.has(c.victim) || !joinedMembers.has(c.target)) return undefined;
	const other = counterpart(c, sender.userId);
	if (!other) return undefined;
	return sender.realm === 'real'
		? { kind: 'hiddenFromRealDevicesOf', userId: other }
		: { kind: 'onlyRealDevicesOf', userId: other };
}

export function canSee(audience: Audience | undefined, viewer: Viewer): boolean {
	if (!audience) return true;
	if (audience.kind === 'hiddenFromRealDevicesOf')
		return viewer.realm === 'shadow' || viewer.userId !== audience.userId;
	return viewer.realm === 'shadow' || viewer.userId === audience.userId;
}
