/**
 * SimDevice: one Matrix device = one OlmMachine, its single outgoing-request loop, its sync, and its view of the
 * rooms it is in (timeline decrypted). It talks to the homeserver only through Client-Server API requests.
 */
import {
	DecryptionSettings,
	DeviceId,
	DeviceLists,
	EncryptionAlgorithm,
	EncryptionSettings,
	HistoryVisibility,
	OlmMachine,
	RoomId,
	RoomSettings,
	ShieldColor,
	ShieldStateCode,
	TrustRequirement,
	UserId
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { MatrixEvent, ToDeviceEvent } from '../homeserver/types';
import { DeviceActionError } from './errors';
import { OutgoingLoop, type Outgoing } from './outgoing';
import { enc, MatrixRequestError, Transport, type HomeserverPort } from './transport';
import { initCrypto } from './crypto';
import { BACKUP_SECRET, KeyBackup } from './key-backup';
import { MEGOLM, RoomStore, type PendingInvite, type RoomState } from './room-store';
import {
	acceptIdentityChange,
	readCrossSigningState,
	readUserTrust,
	withdrawVerification
} from './trust-reader';
import { isVerificationEvent, Verifications } from './verification';
import type {
	BackupState,
	CrossSigningState,
	MessageTrust,
	RoomView,
	TimelineEntry,
	UserTrust,
	VerificationView
} from './types';

export { DeviceActionError, MatrixRequestError, type HomeserverPort };

export interface SimDeviceOptions {
	server: HomeserverPort;
	userId: string;
	deviceId: string;
	accessToken: string;
	displayName?: string;
	/**
	 * Which users this device tracks keys for. A real client tracks every member of every encrypted room;
	 * scripted contacts track only the people they talk to, because tracking everyone costs O(N²) in a crowd.
	 */
	trackUser?: (userId: string) => boolean;
}

const SYNC_CHANGES_INTERVAL_MS = 5_000;

const SHIELD_COLORS: Record<ShieldColor, MessageTrust['color']> = {
	[ShieldColor.Red]: 'red',
	[ShieldColor.Grey]: 'grey',
	[ShieldColor.None]: 'none'
};

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

export class SimDevice {
	readonly userId: string;
	readonly deviceId: string;
	readonly displayName: string;
	private readonly transport: Transport;
	private readonly outgoing: OutgoingLoop;
	private readonly trackUser: (userId: string) => boolean;
	private readonly machine: OlmMachine;

	private since: string | undefined;
	private readonly store: RoomStore;
	private readonly verifs: Verifications;
	private readonly keyBackup: KeyBackup;

	private exclusive: Promise<unknown> = Promise.resolve();
	private lastOtkState = '';
	private lastSyncChangesAt = 0;
	private closed = false;
	/** Errors from background work (secret handling), surfaced to the world. */
	readonly errors: string[] = [];

	private constructor(opts: SimDeviceOptions, machine: OlmMachine) {
		this.userId = opts.userId;
		this.deviceId = opts.deviceId;
		this.transport = new Transport(opts.server, opts.accessToken, opts.deviceId);
		this.outgoing = new OutgoingLoop(machine, this.transport);
		this.displayName = opts.displayName ?? opts.deviceId;
		this.trackUser = opts.trackUser ?? (() => true);
		this.machine = machine;
		this.store = new RoomStore(this.userId);
		this.verifs = new Verifications(machine, this.outgoing, this.transport, this.userId);
		this.keyBackup = new KeyBackup(
			machine,
			this.transport,
			this.outgoing,
			this.userId,
			this.deviceId,
			() => this.retryDecryption(),
			this.errors
		);
		machine.registerReceiveSecretCallback(async (name) => {
			if (name === BACKUP_SECRET) this.keyBackup.secretsPending = true;
		});
	}

	/** Creates the device's crypto and uploads its keys. The access token comes from a login. */
	static async create(opts: SimDeviceOptions): Promise<SimDevice> {
		await initCrypto();
		const machine = await OlmMachine.initialize(new UserId(opts.userId), new DeviceId(opts.deviceId));
		const device = new SimDevice(opts, machine);
		await device.processOutgoing();
		// A client's first sync after login: later syncs are incremental and carry device-list changes.
		await device.sync();
		return device;
	}

	/** Shuts the crypto down; the device cannot be used afterwards. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.verifs.close();
		this.keyBackup.close();
		this.machine.close();
	}

	get isClosed(): boolean {
		return this.closed;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Transport

	/** Runs one operation at a time on this device: the crypto store and the sync position are shared state. */
	private run<T>(op: () => Promise<T>): Promise<T> {
		const next = this.exclusive.then(op, op);
		this.exclusive = next.catch(() => undefined);
		return next;
	}

	/** Sends what the OlmMachine queued until nothing is left (joins the loop if it is running). */
	processOutgoing(): Promise<void> {
		return this.outgoing.process();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Sync

	/** One /sync: feeds the crypto, updates the rooms, decrypts, then runs the outgoing loop. */
	sync(): Promise<SyncResult> {
		return this.run(() => this.syncOnce());
	}

	private async syncOnce(): Promise<SyncResult> {
		const query = this.since ? `?since=${enc(this.since)}&timeout=0` : '?timeout=0';
		const res = (await this.transport.call('GET', `/sync${query}`)) as unknown as SyncResponse;
		const toDevice = res.to_device?.events ?? [];
		const changedUsers = res.device_lists?.changed ?? [];
		const leftUsers = res.device_lists?.left ?? [];
		let changed = toDevice.length > 0 || changedUsers.length > 0 || leftUsers.length > 0;

		const otkState = JSON.stringify([res.device_one_time_keys_count, res.device_unused_fallback_key_types]);
		// The library's sync step costs milliseconds even when empty. Skip it when nothing arrived for it, but run it
		// at least every few seconds: it is also where expired verifications are cancelled (the 60 s SAS timeout).
		const idle =
			!changed &&
			otkState === this.lastOtkState &&
			Date.now() - this.lastSyncChangesAt < SYNC_CHANGES_INTERVAL_MS;
		const processed = idle
			? []
			: await this.machine.receiveSyncChanges(
					JSON.stringify(toDevice),
					new DeviceLists(
						changedUsers.map((u) => new UserId(u)),
						leftUsers.map((u) => new UserId(u))
					),
					new Map(Object.entries(res.device_one_time_keys_count ?? {})),
					new Set(res.device_unused_fallback_key_types ?? []),
					new DecryptionSettings(TrustRequirement.Untrusted)
				);
		if (!idle) {
			this.lastOtkState = otkState;
			this.lastSyncChangesAt = Date.now();
		}
		let roomKeysArrived = false;
		for (const item of processed) {
			const raw = JSON.parse(item.rawEvent) as ToDeviceEvent;
			this.verifs.noteToDevice(raw);
			if (raw.type === 'm.room_key' || raw.type === 'm.forwarded_room_key') roomKeysArrived = true;
			item.free();
		}

		for (const ev of res.account_data?.events ?? []) {
			if (ev.type === 'm.direct') this.store.setDirectRooms(ev.content as Record<string, string[]>);
		}

		for (const [roomId, inv] of Object.entries(res.rooms?.invite ?? {})) {
			changed = true;
			this.store.setInvite(roomId, inv.invite_state?.events ?? []);
		}

		for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
			this.store.dropInvite(roomId);
			const room = this.store.room(roomId);
			const stateEvents = joined.state?.events ?? [];
			const timeline = joined.timeline?.events ?? [];
			if (stateEvents.length || timeline.length) changed = true;
			for (const ev of stateEvents) this.applyState(room, ev);
			for (const ev of timeline) await this.receiveRoomEvent(room, ev);
		}
		for (const [roomId, left] of Object.entries(res.rooms?.leave ?? {})) {
			changed = true;
			this.store.dropInvite(roomId);
			const room = this.store.get(roomId);
			if (!room) continue;
			for (const ev of left.timeline?.events ?? []) await this.receiveRoomEvent(room, ev);
		}

		await this.updateTracking();
		if (roomKeysArrived) await this.retryDecryption();
		if (this.keyBackup.secretsPending) await this.keyBackup.takeGossipedBackupKey();
		this.since = res.next_batch;

		await this.processOutgoing();
		await this.verifs.advance();
		return { changed };
	}

	private applyState(room: RoomState, ev: MatrixEvent): void {
		if (this.store.applyState(room, ev)) void this.protectRoomSettings(room.view.roomId);
	}

	private async protectRoomSettings(roomId: string): Promise<void> {
		const settings = new RoomSettings();
		settings.algorithm = EncryptionAlgorithm.MegolmV1AesSha2;
		settings.onlyAllowTrustedDevices = false;
		await this.machine.setRoomSettings(new RoomId(roomId), settings);
	}

	private async receiveRoomEvent(room: RoomState, ev: MatrixEvent): Promise<void> {
		const entry = this.store.newEntry(room, ev);
		if (!entry) return;
		if (ev.state_key !== undefined) this.applyState(room, ev);
		if (entry.encrypted) await this.decryptInto(room, entry, ev);
		room.view.timeline.push(entry);
		// The first sync of a new login brings history: verifications that happened before this device existed are
		// not its business (fed to the library, an old finished flow makes it cancel the next request at once).
		if (isVerificationEvent(entry) && this.since !== undefined)
			await this.verifs.feed(room.view.roomId, entry);
	}

	private async decryptInto(room: RoomState, entry: TimelineEntry, ev: MatrixEvent): Promise<boolean> {
		try {
			const res = await this.machine.decryptRoomEvent(
				JSON.stringify(ev),
				new RoomId(room.view.roomId),
				new DecryptionSettings(TrustRequirement.Untrusted)
			);
			const clear = JSON.parse(res.event) as { type: string; content: Record<string, unknown> };
			const shield = res.shieldState(true);
			entry.type = clear.type;
			entry.content = clear.content;
			entry.senderDevice = res.senderDevice?.toString();
			entry.trust = { color: SHIELD_COLORS[shield.color] };
			if (shield.code !== undefined) entry.trust.code = ShieldStateCode[shield.code] as MessageTrust['code'];
			entry.utd = undefined;
			shield.free();
			res.free();
			room.undecrypted.delete(ev.event_id);
			return true;
		} catch (e) {
			const err = e as { code?: number; description?: string; message?: string };
			entry.utd = {
				code: err.code !== undefined ? String(err.code) : 'unknown',
				message: err.description ?? err.message ?? String(e)
			};
			room.undecrypted.set(ev.event_id, ev);
			return false;
		}
	}

	/** Tries again to decrypt what could not be read: room keys arrived (from a sender, a backup, a gossip). */
	private async retryDecryption(): Promise<void> {
		for (const { room, entry, ev } of this.store.undecrypted()) await this.decryptInto(room, entry, ev);
	}

	private async updateTracking(): Promise<void> {
		const users = this.store.takeUsersToTrack(this.trackUser);
		if (users.length) await this.machine.updateTrackedUsers(users.map((u) => new UserId(u)));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Rooms and messages

	/** Rooms this device is in (joined or left), and pending invites. */
	roomViews(): RoomView[] {
		return this.store.views();
	}

	roomView(roomId: string): RoomView | undefined {
		return this.store.get(roomId)?.view;
	}

	pendingInvites(): PendingInvite[] {
		return this.store.pendingInvites();
	}

	/** The DM with this user that both are still in (joined or invited), if this device knows one. */
	dmWith(userId: string): string | undefined {
		return this.store.dmWith(userId);
	}

	createRoom(opts: {
		name?: string;
		topic?: string;
		encrypted: boolean;
		isPublic?: boolean;
		invite?: string[];
		isDirect?: boolean;
	}): Promise<string> {
		return this.run(async () => {
			const initialState: unknown[] = [];
			// Element hides the switch for public rooms: a public room is created unencrypted.
			if (opts.encrypted && !opts.isPublic) {
				initialState.push({ type: 'm.room.encryption', state_key: '', content: { algorithm: MEGOLM } });
			}
			const body: Record<string, unknown> = {
				preset: opts.isPublic ? 'public_chat' : opts.isDirect ? 'trusted_private_chat' : 'private_chat',
				visibility: opts.isPublic ? 'public' : 'private',
				invite: opts.invite ?? [],
				is_direct: opts.isDirect ?? false,
				initial_state: initialState
			};
			if (opts.name) body.name = opts.name;
			if (opts.topic) body.topic = opts.topic;
			const res = await this.transport.call('POST', '/createRoom', body);
			const roomId = String(res.room_id);
			if (opts.isDirect && opts.invite?.[0]) await this.markDirect(opts.invite[0], roomId);
			await this.syncOnce();
			return roomId;
		});
	}

	private async markDirect(userId: string, roomId: string): Promise<void> {
		const next = this.store.withDirectRoom(userId, roomId);
		await this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/m.direct`, next);
		this.store.setDirectRooms(next);
	}

	/** Starts an encrypted DM with a person (encrypted when they have keys, as Element does), or returns the one there is. */
	startDm(userId: string): Promise<string> {
		const existing = this.dmWith(userId);
		if (existing) return Promise.resolve(existing);
		return this.run(async () => {
			const keys = await this.transport.call('POST', '/keys/query', { device_keys: { [userId]: [] } });
			const hasKeys =
				Object.keys(((keys.device_keys ?? {}) as Record<string, object>)[userId] ?? {}).length > 0;
			return { hasKeys };
		}).then(({ hasKeys }) => this.createRoom({ encrypted: hasKeys, invite: [userId], isDirect: true }));
	}

	/** Accepts an invite. A DM invite is recorded in m.direct, as Element does. */
	join(roomId: string): Promise<void> {
		return this.run(async () => {
			const invite = this.store.invite(roomId);
			await this.transport.call('POST', `/rooms/${enc(roomId)}/join`, {});
			if (invite?.isDirect && invite.inviter) await this.markDirect(invite.inviter, roomId);
			await this.syncOnce();
		});
	}

	invite(roomId: string, userId: string): Promise<void> {
		return this.run(async () => {
			await this.transport.call('POST', `/rooms/${enc(roomId)}/invite`, { user_id: userId });
			await this.syncOnce();
		});
	}

	leave(roomId: string): Promise<void> {
		return this.run(async () => {
			await this.transport.call('POST', `/rooms/${enc(roomId)}/leave`, {});
			await this.syncOnce();
		});
	}

	/** Turns encryption on: sends the m.room.encryption state event (the server checks the power level). */
	enableEncryption(roomId: string): Promise<void> {
		return this.run(async () => {
			await this.transport.call('PUT', `/rooms/${enc(roomId)}/state/m.room.encryption/`, {
				algorithm: MEGOLM
			});
			await this.syncOnce();
		});
	}

	/** Sends any state event (used by tests and scenarios; the server enforces the rules). */
	sendState(
		roomId: string,
		type: string,
		stateKey: string,
		content: Record<string, unknown>
	): Promise<string> {
		return this.run(async () => {
			const res = await this.transport.call(
				'PUT',
				`/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`,
				content
			);
			await this.syncOnce();
			return String(res.event_id);
		});
	}

	/** Sends a text message: encrypted in an encrypted room (sharing the room key first), plain otherwise. */
	sendText(roomId: string, body: string): Promise<string> {
		return this.sendMessage(roomId, { msgtype: 'm.text', body });
	}

	sendMessage(roomId: string, content: Record<string, unknown>): Promise<string> {
		return this.run(async () => {
			const room = this.store.get(roomId);
			if (!room) throw new DeviceActionError('not-found', `This device is not in room ${roomId}.`);
			let eventId: string;
			if (room.view.encryption) {
				const ciphertext = await this.encrypt(room, 'm.room.message', content);
				const res = await this.transport.call(
					'PUT',
					`/rooms/${enc(roomId)}/send/m.room.encrypted/${enc(this.transport.txnId())}`,
					JSON.parse(ciphertext)
				);
				eventId = String(res.event_id);
			} else {
				const res = await this.transport.call(
					'PUT',
					`/rooms/${enc(roomId)}/send/m.room.message/${enc(this.transport.txnId())}`,
					content
				);
				eventId = String(res.event_id);
			}
			await this.syncOnce();
			return eventId;
		});
	}

	/** The Megolm steps before an encrypted send: track, query, claim one-time keys, share the room key. */
	private async encrypt(room: RoomState, type: string, content: Record<string, unknown>): Promise<string> {
		const roomId = room.view.roomId;
		const visibility = room.view.historyVisibility;
		const recipients = this.store.recipients(room, this.trackUser);
		const ids = () => recipients.map((u) => new UserId(u));
		await this.machine.updateTrackedUsers(ids());
		await this.processOutgoing();
		const claim = await this.machine.getMissingSessions(ids());
		if (claim) await this.outgoing.send(claim);
		const settings = new EncryptionSettings();
		settings.historyVisibility = HISTORY[visibility] ?? HistoryVisibility.Shared;
		for (const req of await this.machine.shareRoomKey(new RoomId(roomId), ids(), settings))
			await this.outgoing.send(req);
		const ciphertext = await this.machine.encryptRoomEvent(new RoomId(roomId), type, JSON.stringify(content));
		await this.processOutgoing();
		return ciphertext;
	}

	/** Starts a new Megolm session for the room on the next message (the sender's session "rotates"). */
	rotateRoomKey(roomId: string): Promise<boolean> {
		return this.run(() => this.machine.invalidateGroupSession(new RoomId(roomId)));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Cross-signing

	/** Creates this user's cross-signing keys (master, self-signing, user-signing) and signs this device. */
	bootstrapCrossSigning(): Promise<void> {
		return this.run(async () => {
			await this.processOutgoing();
			const reqs = await this.machine.bootstrapCrossSigning(true);
			if (reqs.uploadKeysRequest) await this.outgoing.send(reqs.uploadKeysRequest as Outgoing);
			// Has no id and is never marked; a real server would ask for the password here (UIA).
			await this.transport.call(
				'POST',
				'/keys/device_signing/upload',
				JSON.parse(reqs.uploadSigningKeysRequest.body)
			);
			await this.outgoing.send(reqs.uploadSignaturesRequest);
			reqs.free();
			await this.syncOnce();
		});
	}

	crossSigningState(): Promise<CrossSigningState> {
		return this.run(() => readCrossSigningState(this.machine, this.userId));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Trust (trust-reader.ts)

	/** What this device's crypto knows about these users (identities, devices, verification). */
	userTrust(userIds: string[]): Promise<UserTrust[]> {
		return this.run(async () => {
			const out: UserTrust[] = [];
			for (const userId of userIds) out.push(await readUserTrust(this.machine, userId));
			return out;
		});
	}

	/** Withdraws the verification of someone whose identity changed ("Withdraw verification"). */
	withdrawVerification(userId: string): Promise<void> {
		return this.run(() => withdrawVerification(this.machine, userId));
	}

	/** Accepts someone's new identity after a reset (the "OK" on the banner for a person never verified). */
	acceptIdentityChange(userId: string): Promise<void> {
		return this.run(() => acceptIdentityChange(this.machine, userId));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Verification (verification.ts), one at a time on this device's queue

	/** Asks another person to verify, in the DM with them (created if needed), as Element does. Returns the flow id. */
	requestVerification(userId: string): Promise<string> {
		if (userId === this.userId) return this.requestSelfVerification();
		return this.startDm(userId).then((roomId) =>
			this.run(async () => {
				const flowId = await this.verifs.requestInRoom(userId, roomId);
				await this.syncOnce();
				return flowId;
			})
		);
	}

	/** Asks this user's other, verified devices to verify this one (to-device). Returns the flow id. */
	requestSelfVerification(): Promise<string> {
		return this.run(() => this.verifs.requestSelf());
	}

	/** Accepts an incoming request ("Verify User" / "Verify Session" on the toast, then "Start"). */
	acceptVerification(flowId: string): Promise<void> {
		return this.run(() => this.verifs.accept(flowId));
	}

	/** Cancels a request or a running verification (code m.user: "Ignore", "Cancel"). */
	cancelVerification(flowId: string): Promise<void> {
		return this.run(() => this.verifs.cancel(flowId));
	}

	/** "Verify by emoji": starts SAS on a ready request. */
	startSas(flowId: string): Promise<void> {
		return this.run(() => this.verifs.startSas(flowId));
	}

	/** "They match". */
	confirmSas(flowId: string): Promise<void> {
		return this.run(() => this.verifs.confirmSas(flowId));
	}

	/** "They don't match": cancels with m.mismatched_sas. */
	mismatchSas(flowId: string): Promise<void> {
		return this.run(() => this.verifs.mismatchSas(flowId));
	}

	/** Shows this device's QR code for a ready request: returns the real payload bytes (to render or to "scan"). */
	showQrCode(flowId: string): Promise<Uint8Array> {
		return this.run(() => this.verifs.showQrCode(flowId));
	}

	/** Scans the other side's QR code (its payload bytes) and reciprocates (m.reciprocate.v1). */
	scanQrCode(flowId: string, payload: Uint8Array): Promise<void> {
		return this.run(() => this.verifs.scanQrCode(flowId, payload));
	}

	/** On the side that showed the code: "Yes, they scanned it" — confirms the scan and finishes. */
	confirmQrScanned(flowId: string): Promise<void> {
		return this.run(() => this.verifs.confirmQrScanned(flowId));
	}

	/** All verification flows this device has seen, newest last. */
	verifications(): VerificationView[] {
		return this.verifs.list();
	}

	verification(flowId: string): VerificationView | undefined {
		return this.verifications().find((v) => v.flowId === flowId);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Key backup and secret storage (key-backup.ts), one at a time on this device's queue

	/** "Generate a Security Key": makes the key and returns it; nothing is set up until `confirmKeyBackup`. */
	createSecurityKey(): Promise<string> {
		return this.run(() => this.keyBackup.createSecurityKey());
	}

	/** "Continue" after the key was kept: creates the backup version under the key and fills secret storage. */
	confirmKeyBackup(): Promise<void> {
		return this.run(() => this.keyBackup.confirmKeyBackup());
	}

	/** "Cancel" → "Are you sure?" → "Cancel": the generated key is forgotten, nothing was set up. */
	cancelKeyBackup(): Promise<void> {
		return this.run(() => this.keyBackup.cancelKeyBackup());
	}

	/** Both steps at once (scenarios and scripted moves): returns the Security Key of the backup it created. */
	async setupKeyBackup(): Promise<string> {
		const recoveryKey = await this.createSecurityKey();
		await this.confirmKeyBackup();
		return recoveryKey;
	}

	backupState(): Promise<BackupState> {
		return this.run(() => this.keyBackup.backupState());
	}

	/**
	 * "Verify with Security Key" / restoring from backup. Throws DeviceActionError with a reason the learner can act
	 * on; a wrong key changes nothing. Returns how many keys were imported.
	 */
	restoreFromBackup(typedKey: string): Promise<{ imported: number; total: number }> {
		return this.run(() => this.keyBackup.restoreFromBackup(typedKey));
	}
}

const HISTORY: Record<string, HistoryVisibility> = {
	invited: HistoryVisibility.Invited,
	joined: HistoryVisibility.Joined,
	shared: HistoryVisibility.Shared,
	world_readable: HistoryVisibility.WorldReadable
};
