/**
 * `device_lists` in /sync: which users a device should re-query (`changed`) or stop tracking (`left`).
 * The crypto relies on these (reference/crypto-wasm.md §1): a missed `changed` means stale keys, and an identity
 * that never shows as verified. Each change is logged per recipient user at the moment it happens, so the set of
 * users who shared a room *then* is what counts.
 */
import type { Stream } from './stream';

type Kind = 'changed' | 'left';

export interface Entry {
	pos: number;
	subject: string;
	kind: Kind;
}

export interface DeviceListChanges {
	changed: string[];
	left: string[];
}

export class DeviceListTracker {
	private readonly log = new Map<string, Entry[]>();

	constructor(
		private readonly stream: Stream,
		/** The users who share at least one room (joined or invited) with a user, without the user. */
		private readonly sharedWith: (userId: string) => ReadonlySet<string>
	) {}

	/** The change log per recipient user (the tracker's own map). */
	persist(): Map<string, Entry[]> {
		return this.log;
	}

	restore(log: ReadonlyMap<string, Entry[]>): void {
		for (const [userId, entries] of log) this.log.set(userId, entries);
	}

	/** U's devices, device keys, cross-signing keys or own signatures changed: tell U and everyone sharing a room. */
	keysChanged(userId: string): void {
		this.record(userId, 'changed', [userId, ...this.sharedWith(userId)]);
	}

	/** A signer signed `subject`'s master key: only the signer sees that signature, so only the signer re-queries. */
	signedByOther(signer: string, subject: string): void {
		this.record(subject, 'changed', [signer]);
	}

	/** Makes `recipient`'s devices re-query `subject` (used when a compromise starts or ends). */
	reportChanged(recipient: string, subject: string): void {
		this.record(subject, 'changed', [recipient]);
	}

	/**
	 * After a membership change of `userId`: users who newly share a room with them are reported `changed` both
	 * ways; users who no longer share any room are reported `left` both ways.
	 */
	sharingChanged(userId: string, before: ReadonlySet<string>, after: ReadonlySet<string>): void {
		for (const other of after) {
			if (before.has(other)) continue;
			this.record(other, 'changed', [userId]);
			this.record(userId, 'changed', [other]);
		}
		for (const other of before) {
			if (after.has(other)) continue;
			this.record(other, 'left', [userId]);
			this.record(userId, 'left', [other]);
		}
	}

	/** What a device of `userId` syncing from `since` is told. An initial sync (no `since`) gets nothing. */
	changesSince(userId: string, since: number | undefined): DeviceListChanges {
		const changed = new Set<string>();
		const left = new Set<string>();
		if (since === undefined) return { changed: [], left: [] };
		for (const entry of this.log.get(userId) ?? []) {
			if (entry.pos <= since) continue;
			// The latest entry about a subject wins: left then rejoined is `changed`, and the other way round.
			(entry.kind === 'changed' ? changed : left).add(entry.subject);
			(entry.kind === 'changed' ? left : changed).delete(entry.subject);
		}
		left.delete(userId);
		return { changed: [...changed], left: [...left] };
	}

	private record(subject: string, kind: Kind, recipients: Iterable<string>): void {
		const pos = this.stream.next();
		for (const recipient of new Set(recipients)) {
			let entries = this.log.get(recipient);
			if (!entries) this.log.set(recipient, (entries = []));
			entries.push({ pos, subject, kind });
		}
	}
}
