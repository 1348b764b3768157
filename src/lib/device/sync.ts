/**
 * One device's /sync: the to-device messages and device-list changes go to the crypto, the rooms to the room store,
 * encrypted events to the decryptor, in-room verification events to the verifications; then the outgoing loop runs.
 * The device's queue calls `once` one at a time.
 */
import {
	DecryptionSettings,
	DeviceLists,
	EncryptionAlgorithm,
	RoomId,
	RoomSettings,
	TrustRequirement,
	UserId,
	type OlmMachine
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { MatrixEvent, ToDeviceEvent } from '../homeserver/types';
import type { Decryptor } from './decryption';
import type { KeyBackup } from './key-backup';
import type { OutgoingLoop } from './outgoing';
import type { RoomState, RoomStore } from './room-store';
import { enc, type Transport } from './transport';
import { isVerificationEvent, type Verifications } from './verification';

const SYNC_CHANGES_INTERVAL_MS = 5_000;

interface SyncResponse {
	next_batch: string;
	rooms?: {
		join?: Record<string, { timeline?: { events?: MatrixEvent[] }; state?: { events?: MatrixEvent[] } }>;
		invite?: Record<string, { invite_state?: { events?: MatrixEvent[] } }>;
		leave?: Record<string, { timeline?: { events?: MatrixEvent[] }; state?: { events?: MatrixEvent[] } }>;
	};
	to_device?: { events?: ToDeviceEvent[] };
	device_lists?: { changed?: string[]; left?: string[] };
	device_one_time_keys_count?: Record<string, number>;
	device_unused_fallback_key_types?: string[];
	account_data?: { events?: { type: string; content: Record<string, unknown> }[] };
}

/** What one sync brought: the world uses it to know when everything has settled. */
export interface SyncResult {
	/** Anything at all arrived (events, to-device messages, device-list changes). */
	changed: boolean;
}

/** The parts of a device that a sync feeds. */
export interface SyncParts {
	machine: OlmMachine;
	transport: Transport;
	outgoing: OutgoingLoop;
	store: RoomStore;
	decryptor: Decryptor;
	verifs: Verifications;
	keyBackup: KeyBackup;
	trackUser: (userId: string) => boolean;
	/** Told of each joined room's part of every sync, as the server sent it (before the device takes it in). */
	onRoom?: (roomId: string, room: JoinedRoomSync) => void;
}

/** A joined room's part of a sync response, as the server sent it. */
export interface JoinedRoomSync {
	timeline?: { events?: MatrixEvent[] };
	state?: { events?: MatrixEvent[] };
}

export class Syncer {
	private since: string | undefined;
	/** The one-time key counts the library was last told (by a sync step or a key upload's answer), as JSON. */
	private knownCounts = '';
	private knownFallbackGiven = false;
	private lastSyncChangesAt = 0;

	constructor(private readonly p: SyncParts) {
		// A key upload's answer carries the counts too, and the library takes them from it: the next sync reporting
		// the same counts is no news for it.
		p.outgoing.onKeysUploaded = (counts) => {
			this.knownCounts = JSON.stringify(counts);
		};
	}

	/**
	 * One /sync: feeds the crypto, updates the rooms, decrypts, then runs the outgoing loop. With `wait`, the server
	 * may hold the request up to `timeoutMs` until there is news (a long poll); aborting `signal` gives up the wait
	 * with nothing taken (the position stays where it was, so nothing is lost).
	 */
	async once(wait: { timeoutMs: number; signal: AbortSignal } | undefined = undefined): Promise<SyncResult> {
		const { store, keyBackup, verifs } = this.p;
		const timeout = this.since && wait ? Math.max(0, Math.round(wait.timeoutMs)) : 0;
		const query = this.since ? `?since=${enc(this.since)}&timeout=${timeout}` : '?timeout=0';
		let res: SyncResponse;
		try {
			res = (await this.p.transport.call(
				'GET',
				`/sync${query}`,
				undefined,
				wait?.signal
			)) as unknown as SyncResponse;
		} catch (e) {
			if (wait?.signal.aborted) return { changed: false };
			throw e;
		}
		const { changed: cryptoChanged, roomKeysArrived, devicesChanged } = await this.receiveSyncChanges(res);
		let changed = cryptoChanged;

		for (const ev of res.account_data?.events ?? []) {
			if (ev.type === 'm.direct') store.setDirectRooms(ev.content);
		}

		for (const [roomId, inv] of Object.entries(res.rooms?.invite ?? {})) {
			changed = true;
			store.setInvite(roomId, inv.invite_state?.events ?? []);
		}

		for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
			store.dropInvite(roomId);
			this.p.onRoom?.(roomId, joined);
			const room = store.room(roomId);
			const stateEvents = joined.state?.events ?? [];
			const timeline = joined.timeline?.events ?? [];
			if (stateEvents.length || timeline.length) changed = true;
			for (const ev of stateEvents) this.applyState(room, ev);
			for (const ev of timeline) await this.receiveRoomEvent(room, ev);
		}
		for (const [roomId, left] of Object.entries(res.rooms?.leave ?? {})) {
			changed = true;
			store.dropInvite(roomId);
			const room = store.get(roomId);
			if (!room) continue;
			for (const ev of left.timeline?.events ?? []) await this.receiveRoomEvent(room, ev);
		}

		await this.updateTracking();
		if (roomKeysArrived) await this.p.decryptor.retry();
		if (keyBackup.secretsPending) await keyBackup.takeGossipedBackupKey();
		this.since = res.next_batch;

		await this.p.outgoing.process();
		// Someone's devices changed and the outgoing loop fetched them: what the library refused for its sender's
		// device (insecure devices excluded) may be readable now that the device is cross-signed.
		if (devicesChanged && this.p.decryptor.hasTrustRefusals()) await this.p.decryptor.retryTrustRefusals();
		await verifs.advance();
		return { changed };
	}

	/** The crypto's part of the sync: to-device messages, device lists, key counts. */
	private async receiveSyncChanges(
		res: SyncResponse
	): Promise<{ changed: boolean; roomKeysArrived: boolean; devicesChanged: boolean }> {
		const toDevice = res.to_device?.events ?? [];
		const changedUsers = res.device_lists?.changed ?? [];
		const leftUsers = res.device_lists?.left ?? [];
		const devicesChanged = changedUsers.length > 0 || leftUsers.length > 0;
		const changed = toDevice.length > 0 || devicesChanged;

		// Which fallback keys are unused does not matter to the library, only whether the server reports them at all
		// (`Account::update_key_counts` makes a new fallback key when it has none unpublished and a week passed): the
		// list going from [] to ["signed_curve25519"] once a new device's fallback key is up is no news for it.
		const counts = JSON.stringify(res.device_one_time_keys_count ?? {});
		const fallbackGiven = res.device_unused_fallback_key_types !== undefined;
		// The library's sync step costs milliseconds even when empty. Skip it when nothing arrived for it, but run it
		// at least every few seconds: it is also where expired verifications are cancelled (the 60 s SAS timeout).
		const idle =
			!changed &&
			counts === this.knownCounts &&
			fallbackGiven === this.knownFallbackGiven &&
			Date.now() - this.lastSyncChangesAt < SYNC_CHANGES_INTERVAL_MS;
		if (idle) return { changed, roomKeysArrived: false, devicesChanged };
		const processed = await this.p.machine.receiveSyncChanges(
			JSON.stringify(toDevice),
			new DeviceLists(
				changedUsers.map((u) => new UserId(u)),
				leftUsers.map((u) => new UserId(u))
			),
			new Map(Object.entries(res.device_one_time_keys_count ?? {})),
			new Set(res.device_unused_fallback_key_types ?? []),
			// To-device messages (room keys, verification, secrets) are taken from every device: "Exclude insecure
			// devices" applies to room events (decryption.ts), so a refused message still says whose device it was.
			new DecryptionSettings(TrustRequirement.Untrusted)
		);
		this.knownCounts = counts;
		this.knownFallbackGiven = fallbackGiven;
		this.lastSyncChangesAt = Date.now();
		let roomKeysArrived = false;
		for (const item of processed) {
			const raw = JSON.parse(item.rawEvent) as ToDeviceEvent;
			this.p.verifs.noteToDevice(raw);
			if (raw.type === 'm.room_key' || raw.type === 'm.forwarded_room_key') roomKeysArrived = true;
			item.free();
		}
		return { changed, roomKeysArrived, devicesChanged };
	}

	private applyState(room: RoomState, ev: MatrixEvent): void {
		if (this.p.store.applyState(room, ev)) void this.protectRoomSettings(room.view.roomId);
	}

	/** Encryption switched on: the crypto keeps the room's settings, so a later state event cannot weaken them. */
	private async protectRoomSettings(roomId: string): Promise<void> {
		const settings = new RoomSettings();
		settings.algorithm = EncryptionAlgorithm.MegolmV1AesSha2;
		settings.onlyAllowTrustedDevices = false;
		await this.p.machine.setRoomSettings(new RoomId(roomId), settings);
	}

	private async receiveRoomEvent(room: RoomState, ev: MatrixEvent): Promise<void> {
		const entry = this.p.store.newEntry(room, ev);
		if (!entry) return;
		if (ev.state_key !== undefined) this.applyState(room, ev);
		if (entry.encrypted) await this.p.decryptor.decryptInto(room, entry, ev);
		room.view.timeline.push(entry);
		// The first sync of a new login brings history: verifications that happened before this device existed are
		// not its business (fed to the library, an old finished flow makes it cancel the next request at once).
		if (isVerificationEvent(entry) && this.since !== undefined)
			await this.p.verifs.feed(room.view.roomId, entry);
	}

	private async updateTracking(): Promise<void> {
		const users = this.p.store.takeUsersToTrack(this.p.trackUser);
		if (users.length) await this.p.machine.updateTrackedUsers(users.map((u) => new UserId(u)));
	}
}
