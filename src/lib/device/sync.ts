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
}

export class Syncer {
	private since: string | undefined;
	private lastOtkState = '';
	private lastSyncChangesAt = 0;

	constructor(private readonly p: SyncParts) {}

	/**
	 * Waits, up to `timeoutMs`, until the server has news for this device (a long-polling /sync from the current
	 * position that feeds nothing): whoever calls it then runs `once`, on the device's queue, to take the news in. Not
	 * on the queue itself, so a long wait never holds up what the learner does meanwhile.
	 */
	async waitForNews(timeoutMs: number): Promise<void> {
		if (!this.since) return;
		await this.p.transport.call('GET', `/sync?since=${enc(this.since)}&timeout=${Math.round(timeoutMs)}`);
	}

	/** One /sync: feeds the crypto, updates the rooms, decrypts, then runs the outgoing loop. */
	async once(): Promise<SyncResult> {
		const { store, keyBackup, verifs } = this.p;
		const query = this.since ? `?since=${enc(this.since)}&timeout=0` : '?timeout=0';
		const res = (await this.p.transport.call('GET', `/sync${query}`)) as unknown as SyncResponse;
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

		const otkState = JSON.stringify([res.device_one_time_keys_count, res.device_unused_fallback_key_types]);
		// The library's sync step costs milliseconds even when empty. Skip it when nothing arrived for it, but run it
		// at least every few seconds: it is also where expired verifications are cancelled (the 60 s SAS timeout).
		const idle =
			!changed &&
			otkState === this.lastOtkState &&
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
		this.lastOtkState = otkState;
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
