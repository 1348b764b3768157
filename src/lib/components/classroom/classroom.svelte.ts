/**
 * The learner's place in a workshop, on the page: the session to come back with (kept in the browser's storage, or
 * for this tab when storage is blocked), the world bridge whose worker runs the classroom device, and the client
 * state of that device. One for the whole tab: the classroom keeps running while the learner opens a lesson (whose
 * world is another, local one), so a classmate's request is still there when they come back.
 */
import { ClientState } from '$lib/components/element/client-state.svelte';
import { readItem, removeItem, storageWorks, writeItem } from '$lib/i18n/site-storage';
import { m } from '$lib/paraglide/messages';
import type { CommandResult } from '$lib/world/commands';
import type { ClassroomSession } from '$lib/world/classroom';
import { WorldBridge } from '$lib/world-bridge';

export const SESSION_KEY = 'e2ee-trainer.classroom';
/** The worker's answer when a stored session's crypto is gone (see classroom.ts). */
const CRYPTO_LOST = 'E2EE_TRAINER_CRYPTO_LOST';

export type ServerCheck = 'unknown' | 'checking' | 'here' | 'absent';

function isSession(value: unknown): value is ClassroomSession {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return ['homeserver', 'userId', 'deviceId', 'accessToken', 'displayName'].every(
		(k) => typeof v[k] === 'string'
	);
}

function storedSession(): ClassroomSession | undefined {
	const raw = readItem(SESSION_KEY);
	if (!raw) return undefined;
	try {
		const value: unknown = JSON.parse(raw);
		return isSession(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

/** Is this page served by a classroom server (a Matrix homeserver on the same origin)? */
export async function classroomHere(fetchFn: typeof fetch = fetch): Promise<boolean> {
	try {
		const res = await fetchFn('/_matrix/client/versions', { headers: { Accept: 'application/json' } });
		if (!res.ok) return false;
		const body = (await res.json()) as { versions?: unknown };
		return Array.isArray(body.versions);
	} catch {
		return false;
	}
}

/** What a failed join says, in the learner's words. */
export function joinProblem(result: Extract<CommandResult, { ok: false }>): string {
	const error = result.error;
	if (error.kind === 'matrix') {
		if (error.status === 401) return m.classroom_error_code();
		if (error.errcode === 'M_FORBIDDEN') return m.classroom_error_closed();
		if (error.errcode === 'M_LIMIT_EXCEEDED') return m.classroom_error_busy();
		return m.classroom_error_other({ message: error.message });
	}
	if (/fetch|network/i.test(error.message)) return m.classroom_error_unreachable();
	return m.classroom_error_other({ message: error.message });
}

export class Classroom {
	#session = $state.raw<ClassroomSession | undefined>();
	#loaded = false;
	#bridge = $state.raw<WorldBridge | undefined>();
	#client = $state<ClientState | undefined>();
	/** Set when a stored session could not be used (its keys are gone, or the server forgot it). */
	lost = $state(false);
	/** A join or a return is under way. */
	connecting = $state(false);
	/** Why the last join did not work, for the form. */
	problem = $state<string | undefined>();
	server = $state<ServerCheck>('unknown');

	/** The session this tab knows (after `load`). */
	get session(): ClassroomSession | undefined {
		return this.#session;
	}

	/** Reads the kept session from the browser's storage, once (call on mount: the prerendered page has none). */
	load(): void {
		if (this.#loaded) return;
		this.#loaded = true;
		this.#session ??= storedSession();
	}

	/** The bridge to the classroom device's worker, once one was started (it runs once `client` is there). */
	get bridge(): WorldBridge | undefined {
		return this.#bridge;
	}

	/** The client state of the classroom device, once it runs. */
	get client(): ClientState | undefined {
		return this.#client;
	}

	/** Asks once whether this page comes from a classroom server. */
	async checkServer(): Promise<ServerCheck> {
		if (this.server === 'unknown') {
			this.server = 'checking';
			this.server = (await classroomHere()) ? 'here' : 'absent';
		}
		return this.server;
	}

	#bridgeNow(): WorldBridge {
		if (!this.#bridge || this.#bridge.status === 'error') this.#bridge = new WorldBridge();
		return this.#bridge;
	}

	/** Registers on the classroom server of this page's origin. True when the learner is in. */
	async join(code: string, displayName: string): Promise<boolean> {
		this.problem = undefined;
		this.connecting = true;
		const keep = storageWorks();
		const bridge = this.#bridgeNow();
		const result = await bridge.joinClassroom({
			kind: 'join',
			homeserver: location.origin,
			code,
			displayName,
			deviceName: m.classroom_device_name(),
			keep
		});
		this.connecting = false;
		if (!result.ok) {
			this.problem = joinProblem(result);
			return false;
		}
		const session = result.value as ClassroomSession;
		this.#session = session;
		this.#loaded = true;
		this.lost = false;
		if (session.cryptoStore) writeItem(SESSION_KEY, JSON.stringify(session));
		this.#client = new ClientState(bridge, session.userId, session.deviceId);
		return true;
	}

	/** Comes back with the kept session (after a reload, or from another page): starts the device if it is not running. */
	async resume(): Promise<void> {
		this.load();
		const session = this.session;
		if (!session || this.#client || this.connecting) return;
		this.connecting = true;
		const bridge = this.#bridgeNow();
		const result = await bridge.joinClassroom({ kind: 'resume', session });
		this.connecting = false;
		if (result.ok) {
			this.#client = new ClientState(bridge, session.userId, session.deviceId);
			return;
		}
		const error = result.error;
		// The account's keys are gone from this browser, or the server no longer knows the token: join again.
		if (
			error.kind === 'matrix' &&
			(error.errcode === CRYPTO_LOST || error.errcode === 'M_UNKNOWN_TOKEN' || error.status === 401)
		) {
			this.forget();
			this.lost = true;
			return;
		}
		this.problem = joinProblem(result);
	}

	/** This browser forgets the classroom account and stops its device. */
	forget(): void {
		const store = this.#session?.cryptoStore;
		removeItem(SESSION_KEY);
		this.#session = undefined;
		this.#client = undefined;
		this.#bridge?.destroy();
		this.#bridge = undefined;
		this.problem = undefined;
		if (store) void deleteCryptoStore(store);
	}
}

/** Deletes the IndexedDB databases of a device's crypto (the library names them after the store). */
async function deleteCryptoStore(store: string): Promise<void> {
	try {
		for (const db of await indexedDB.databases())
			if (db.name?.startsWith(store)) indexedDB.deleteDatabase(db.name);
	} catch {
		// Blocked or unsupported: there is nothing this page can delete.
	}
}

/** The tab's classroom (see the file's comment). */
export const classroom = new Classroom();
