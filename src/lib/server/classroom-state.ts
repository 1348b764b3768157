/**
 * What the classroom server keeps besides the homeserver core: the workshop's secrets, the learners' password
 * hashes, one-time login tokens and pushers. Plain records in maps; every change to them goes through the
 * ledger (`ledger.ts`), which journals it under `--data` (one-time login tokens excepted: they are not kept).
 */
import { newSecret, newWorkshopCode } from './secrets';

export interface Pusher {
	pushkey: string;
	kind: string;
	app_id: string;
	app_display_name: string;
	device_display_name: string;
	lang: string;
	data: Record<string, unknown>;
	profile_tag?: string;
}

export interface ClassroomStateOptions {
	/** The code learners register with; random when not given. */
	workshopCode?: string;
	/** The instructor's secret (the `m.login.token` of their link); random when not given. */
	instructorSecret?: string;
}

export class ClassroomState {
	workshopCode: string;
	readonly instructorSecret: string;
	/** Whether learners may register with the code (the instructor will be able to close it). */
	registrationOpen = true;
	/** The workshop room (`#workshop:<serverName>`), once the server has created it. */
	workshopRoomId: string | undefined;
	/** userId → `scrypt$…` hash. */
	readonly passwords = new Map<string, string>();
	/** One-time `m.login.token`s: token → user and expiry (ms since epoch). */
	readonly loginTokens = new Map<string, { userId: string; expiresAt: number }>();
	/** userId → pushers. */
	readonly pushers = new Map<string, Pusher[]>();

	constructor(opts: ClassroomStateOptions = {}) {
		this.workshopCode = opts.workshopCode ?? newWorkshopCode();
		this.instructorSecret = opts.instructorSecret ?? newSecret();
	}

	/** A one-time login token for `userId`, valid for `ttlMs`. */
	issueLoginToken(userId: string, ttlMs: number, now = Date.now()): string {
		const token = newSecret();
		this.loginTokens.set(token, { userId, expiresAt: now + ttlMs });
		return token;
	}

	/** Redeems a one-time login token: its user, or undefined (unknown, used or expired). */
	redeemLoginToken(token: string, now = Date.now()): string | undefined {
		const entry = this.loginTokens.get(token);
		if (!entry) return undefined;
		this.loginTokens.delete(token);
		return entry.expiresAt > now ? entry.userId : undefined;
	}
}
