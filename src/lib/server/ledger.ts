/**
 * Every change to the classroom's state goes through the ledger: it runs the change against the homeserver core or
 * the classroom state, and — when the server keeps its data (`--data`) — writes it to the journal before the change's
 * answer can leave the process. On start, the journal is replayed in order into a fresh core and state.
 *
 * Replay is exact because the core is deterministic given (a) its seed, (b) its `hardenToken` key and (c) its
 * clock: (a) and (b) are kept with the journal (`store.ts`), and (c) is frozen for each change at the time it was
 * first made, recorded with it. Everything else that is random (password salts, workshop codes) is journaled as
 * its result, never regenerated.
 *
 * What is journaled: every request to the core that is not a GET (failed ones too: a refused request replays as
 * the same refusal; only those refused before the core looked at anything are left out), and the admin calls the API makes (accounts, logins, sign-outs), passwords, pushers, the
 * workshop code, whether registration is open, and which room is the workshop room. GETs change nothing that needs keeping: the one GET that changes
 * state, `/sync`, only drops to-device messages the client has acknowledged with its `since`, and after a restart
 * that `since` drops them again.
 */
import type { Homeserver, HsResponse, LoginResult } from '../homeserver';
import type { HttpMethod } from '../homeserver';
import type { Clock } from '../homeserver/types';
import type { ClassroomState, Pusher } from './classroom-state';

export type Entry =
	| { op: 'request'; method: string; path: string; accessToken?: string; body?: unknown }
	| { op: 'createUser'; localpart: string; displayName?: string }
	| { op: 'login'; userId: string; deviceId?: string; displayName?: string }
	| { op: 'renewLogin'; userId: string; deviceId: string }
	| { op: 'deleteDevice'; userId: string; deviceId: string }
	| { op: 'password'; userId: string; hash: string }
	| { op: 'pushers'; userId: string; pushers: Pusher[] }
	| { op: 'code'; code: string }
	| { op: 'registration'; open: boolean }
	| { op: 'workshopRoom'; roomId: string };

/** One journaled change: when it was made (the core's clock during it), what, and what it answered. */
export interface JournalRow {
	at: number;
	entry: Entry;
	/** A fingerprint of the result (status, ids): replay checks it came out the same. */
	result: string;
}

/** Where the journal goes. Appending must be durable when it returns. */
export interface JournalStore {
	append(rows: readonly JournalRow[]): void;
}

/** The core's clock: the real time, except while a change runs, when it is that change's recorded time. */
export class LedgerClock implements Clock {
	frozenAt: number | undefined;
	now(): number {
		return this.frozenAt ?? Date.now();
	}
}

export class Ledger {
	private pending: JournalRow[] | undefined;
	/**
	 * Set when the journal could not be written: memory then holds a change the disk does not, so every later change
	 * is refused (500) rather than acknowledged on top of it; reads go on working.
	 */
	private failure: unknown;
	/** Changes whose replay came out differently from the first time (a determinism bug: reported, not hidden). */
	mismatches = 0;

	constructor(
		private readonly hs: Homeserver,
		private readonly state: ClassroomState,
		private readonly clock: LedgerClock,
		private readonly store?: JournalStore
	) {}

	request(req: { method: string; path: string; accessToken?: string; body?: unknown }): HsResponse {
		const entry: Entry = { op: 'request', method: req.method, path: req.path };
		if (req.accessToken !== undefined) entry.accessToken = req.accessToken;
		if (req.body !== undefined) entry.body = req.body;
		return this.apply(entry) as HsResponse;
	}

	createUser(localpart: string, displayName?: string): string {
		return this.apply({
			op: 'createUser',
			localpart,
			...(displayName !== undefined && { displayName })
		}) as string;
	}

	login(userId: string, deviceId?: string, displayName?: string): LoginResult {
		return this.apply({
			op: 'login',
			userId,
			...(deviceId !== undefined && { deviceId }),
			...(displayName !== undefined && { displayName })
		}) as LoginResult;
	}

	renewLogin(userId: string, deviceId: string): LoginResult {
		return this.apply({ op: 'renewLogin', userId, deviceId }) as LoginResult;
	}

	deleteDevice(userId: string, deviceId: string): void {
		this.apply({ op: 'deleteDevice', userId, deviceId });
	}

	setPassword(userId: string, hash: string): void {
		this.apply({ op: 'password', userId, hash });
	}

	setPushers(userId: string, pushers: Pusher[]): void {
		this.apply({ op: 'pushers', userId, pushers });
	}

	setWorkshopCode(code: string): void {
		this.apply({ op: 'code', code });
	}

	setRegistrationOpen(open: boolean): void {
		this.apply({ op: 'registration', open });
	}

	setWorkshopRoom(roomId: string): void {
		this.apply({ op: 'workshopRoom', roomId });
	}

	/**
	 * Runs `changes` as one: their journal rows are written together at the end (one transaction), so a crash keeps
	 * all of them or none (an account is never kept without its password).
	 */
	atomically<T>(changes: () => T): T {
		if (this.pending) return changes();
		this.pending = [];
		try {
			return changes();
		} finally {
			const rows = this.pending;
			this.pending = undefined;
			if (rows.length > 0) this.write(rows);
		}
	}

	/** Replays journaled changes in order, at their recorded times, writing nothing. */
	replay(rows: Iterable<JournalRow>): number {
		let count = 0;
		for (const row of rows) {
			try {
				const result = this.run(row.entry, row.at);
				if (fingerprint(row.entry, result) !== row.result) this.mismatches++;
			} catch {
				this.mismatches++;
			}
			count++;
		}
		return count;
	}

	private write(rows: JournalRow[]): void {
		if (!this.store) return;
		try {
			this.store.append(rows);
		} catch (e) {
			this.failure = e;
			throw e;
		}
	}

	/** Runs a change now and journals it before returning (synchronously: nothing else runs in between). */
	private apply(entry: Entry): unknown {
		if (this.failure !== undefined)
			throw new Error('The journal could not be written: changes are refused.', { cause: this.failure });
		const at = Date.now();
		const result = this.run(entry, at);
		if (entry.op === 'request' && changedNothing(result as HsResponse)) return result;
		const row = { at, entry, result: fingerprint(entry, result) };
		if (this.pending) this.pending.push(row);
		else this.write([row]);
		return result;
	}

	private run(entry: Entry, at: number): unknown {
		this.clock.frozenAt = at;
		try {
			return this.execute(entry);
		} finally {
			this.clock.frozenAt = undefined;
		}
	}

	private execute(entry: Entry): unknown {
		const { hs, state } = this;
		switch (entry.op) {
			case 'request':
				return hs.handle({
					method: entry.method as HttpMethod,
					path: entry.path,
					accessToken: entry.accessToken,
					body: entry.body
				});
			case 'createUser':
				return hs.createUser(entry.localpart, entry.displayName);
			case 'login':
				return hs.login(entry.userId, entry.deviceId, entry.displayName);
			case 'renewLogin':
				return hs.renewLogin(entry.userId, entry.deviceId);
			case 'deleteDevice':
				return hs.deleteDevice(entry.userId, entry.deviceId);
			case 'password':
				state.passwords.set(entry.userId, entry.hash);
				return;
			case 'pushers':
				state.pushers.set(entry.userId, entry.pushers);
				return;
			case 'code':
				state.workshopCode = entry.code;
				return;
			case 'registration':
				state.registrationOpen = entry.open;
				return;
			case 'workshopRoom':
				state.workshopRoomId = entry.roomId;
				return;
		}
	}
}

/**
 * Refusals the core makes before it looks at anything (no or an unknown token, an unknown path): not journaled, so
 * that strangers knocking cannot grow the journal. They touch no id, clock or stream, so replay is the same without.
 */
function changedNothing({ status, body }: HsResponse): boolean {
	return status === 401 || (status === 404 && body.errcode === 'M_UNRECOGNIZED');
}

/** What must come out the same on replay: a request's status and the ids it minted, a login's device and token. */
function fingerprint(entry: Entry, result: unknown): string {
	if (entry.op === 'request') {
		const { status, body } = result as HsResponse;
		return JSON.stringify([status, body.event_id ?? body.room_id ?? body.version ?? body.errcode ?? null]);
	}
	if (entry.op === 'login' || entry.op === 'renewLogin') {
		const { deviceId, accessToken } = result as LoginResult;
		return JSON.stringify([deviceId, accessToken]);
	}
	return JSON.stringify(result ?? null);
}
