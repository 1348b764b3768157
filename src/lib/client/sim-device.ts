/**
 * SimDevice: one Matrix device = one OlmMachine, its single outgoing-request loop, its sync, and its view of the
 * rooms it is in (timeline decrypted). It talks to the homeserver only through Client-Server API requests.
 */
import {
	BackupDecryptionKey,
	DecryptionSettings,
	DeviceId,
	DeviceLists,
	EncryptionAlgorithm,
	EncryptionSettings,
	EventId,
	HistoryVisibility,
	OlmMachine,
	OtherUserIdentity,
	OwnUserIdentity,
	Qr,
	QrCodeScan,
	QrState,
	RoomId,
	RoomSettings,
	Sas,
	ShieldColor,
	ShieldStateCode,
	TrustRequirement,
	UserId,
	VerificationMethod,
	VerificationRequest,
	VerificationRequestPhase,
	type RoomMessageRequest,
	type ToDeviceRequest
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { MatrixEvent, ToDeviceEvent } from '../homeserver/types';
import { DeviceActionError } from './errors';
import { OutgoingLoop, type Outgoing } from './outgoing';
import { enc, MatrixRequestError, Transport, type HomeserverPort } from './transport';
import { canonicalJson } from './canonical-json';
import { initCrypto } from './crypto';
import { decodeRecoveryKey, encodeRecoveryKey, RecoveryKeyError } from './recovery-key';
import {
	decryptSecret,
	encryptSecret,
	keyCheck,
	SECRET_STORAGE_ALGORITHM,
	type EncryptedSecret
} from './secret-storage';
import type {
	BackupState,
	CrossSigningState,
	DeviceTrust,
	Membership,
	MessageTrust,
	RoomView,
	TimelineEntry,
	UserTrust,
	VerificationPhase,
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

/** Verification methods this device supports: emoji, and QR codes both ways. */
const METHODS = [
	VerificationMethod.SasV1,
	VerificationMethod.QrCodeShowV1,
	VerificationMethod.QrCodeScanV1,
	VerificationMethod.ReciprocateV1
];
const methods = () => [...METHODS];

const MEGOLM = 'm.megolm.v1.aes-sha2';
const BACKUP_SECRET = 'm.megolm_backup.v1';
const SYNC_CHANGES_INTERVAL_MS = 5_000;

const PHASES: Record<VerificationRequestPhase, VerificationPhase> = {
	[VerificationRequestPhase.Created]: 'created',
	[VerificationRequestPhase.Requested]: 'requested',
	[VerificationRequestPhase.Ready]: 'ready',
	[VerificationRequestPhase.Transitioned]: 'transitioned',
	[VerificationRequestPhase.Done]: 'done',
	[VerificationRequestPhase.Cancelled]: 'cancelled'
};

const QR_STATES: Record<QrState, NonNullable<VerificationView['qr']>['state']> = {
	[QrState.Created]: 'created',
	[QrState.Scanned]: 'scanned',
	[QrState.Confirmed]: 'confirmed',
	[QrState.Reciprocated]: 'reciprocated',
	[QrState.Done]: 'done',
	[QrState.Cancelled]: 'cancelled'
};

const SHIELD_COLORS: Record<ShieldColor, MessageTrust['color']> = {
	[ShieldColor.Red]: 'red',
	[ShieldColor.Grey]: 'grey',
	[ShieldColor.None]: 'none'
};

function isVerificationEvent(ev: { type: string; content: Record<string, unknown> }): boolean {
	return (
		ev.type.startsWith('m.key.verification.') ||
		(ev.type === 'm.room.message' && ev.content.msgtype === 'm.key.verification.request')
	);
}

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

interface RoomState {
	view: RoomView;
	powerLevels: Record<string, unknown>;
	/** Raw encrypted events that failed to decrypt, by event id, to retry when keys arrive. */
	undecrypted: Map<string, MatrixEvent>;
}

interface Flow {
	flowId: string;
	otherUserId: string;
	/**
	 * A handle on the library's request, kept for the flow's whole life: the library drops finished requests from
	 * its cache (and does not cache an in-room request it created until the echo), but a handle shares the
	 * request's state and stays current.
	 */
	req?: VerificationRequest;
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
	private readonly rooms = new Map<string, RoomState>();
	private readonly invites = new Map<
		string,
		{ roomId: string; inviter: string; name: string; isDirect: boolean }
	>();
	private directRooms: Record<string, string[]> = {};
	private readonly flows = new Map<string, Flow>();
	private readonly roomsNeedingTracking = new Set<string>();

	private exclusive: Promise<unknown> = Promise.resolve();
	private secretsPending = false;
	/** A Security Key generated for Secure Backup and shown, not yet confirmed as kept. */
	private pendingBackupKey: BackupDecryptionKey | undefined;
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
		machine.registerReceiveSecretCallback(async (name) => {
			if (name === BACKUP_SECRET) this.secretsPending = true;
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
		for (const flow of this.flows.values()) flow.req?.free();
		this.pendingBackupKey?.free();
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
			const txn = raw.content.transaction_id;
			if (raw.type === 'm.key.verification.request' && typeof txn === 'string' && !this.flows.has(txn)) {
				this.flows.set(txn, { flowId: txn, otherUserId: raw.sender });
			}
			if (raw.type === 'm.room_key' || raw.type === 'm.forwarded_room_key') roomKeysArrived = true;
			item.free();
		}

		for (const ev of res.account_data?.events ?? []) {
			if (ev.type === 'm.direct') this.directRooms = ev.content as Record<string, string[]>;
		}

		for (const [roomId, inv] of Object.entries(res.rooms?.invite ?? {})) {
			changed = true;
			const state = inv.invite_state?.events ?? [];
			const me = state.find((e) => e.type === 'm.room.member' && e.state_key === this.userId);
			const name = state.find((e) => e.type === 'm.room.name')?.content.name;
			this.invites.set(roomId, {
				roomId,
				inviter: me?.sender ?? '',
				name: typeof name === 'string' ? name : '',
				isDirect: me?.content.is_direct === true
			});
		}

		for (const [roomId, joined] of Object.entries(res.rooms?.join ?? {})) {
			this.invites.delete(roomId);
			const room = this.room(roomId);
			const stateEvents = joined.state?.events ?? [];
			const timeline = joined.timeline?.events ?? [];
			if (stateEvents.length || timeline.length) changed = true;
			for (const ev of stateEvents) this.applyState(room, ev);
			for (const ev of timeline) await this.receiveRoomEvent(room, ev);
		}
		for (const [roomId, left] of Object.entries(res.rooms?.leave ?? {})) {
			changed = true;
			this.invites.delete(roomId);
			const room = this.rooms.get(roomId);
			if (!room) continue;
			for (const ev of left.timeline?.events ?? []) await this.receiveRoomEvent(room, ev);
		}

		await this.updateTracking();
		if (roomKeysArrived) await this.retryDecryption();
		if (this.secretsPending) await this.takeGossipedBackupKey();
		this.since = res.next_batch;

		await this.processOutgoing();
		await this.advanceVerifications();
		return { changed };
	}

	private room(roomId: string): RoomState {
		let room = this.rooms.get(roomId);
		if (!room) {
			room = {
				view: {
					roomId,
					name: '',
					joinRule: 'invite',
					historyVisibility: 'shared',
					isDirect: false,
					myMembership: 'join',
					members: [],
					encryptionLevel: 100,
					timeline: []
				},
				powerLevels: {},
				undecrypted: new Map()
			};
			this.rooms.set(roomId, room);
		}
		return room;
	}

	private applyState(room: RoomState, ev: MatrixEvent): void {
		const view = room.view;
		const c = ev.content;
		switch (ev.type) {
			case 'm.room.name':
				view.name = typeof c.name === 'string' ? c.name : '';
				break;
			case 'm.room.topic':
				view.topic = typeof c.topic === 'string' ? c.topic : undefined;
				break;
			case 'm.room.join_rules':
				view.joinRule = typeof c.join_rule === 'string' ? c.join_rule : 'invite';
				break;
			case 'm.room.history_visibility':
				view.historyVisibility = typeof c.history_visibility === 'string' ? c.history_visibility : 'shared';
				break;
			case 'm.room.encryption':
				// Once on, encryption stays on: a later event that drops or changes the algorithm is ignored.
				if (!view.encryption && c.algorithm === MEGOLM) {
					view.encryption = MEGOLM;
					this.roomsNeedingTracking.add(view.roomId);
					void this.protectRoomSettings(view.roomId);
				}
				break;
			case 'm.room.power_levels':
				room.powerLevels = c;
				this.refreshPowerLevels(room);
				break;
			case 'm.room.member': {
				if (ev.state_key === undefined) break;
				const membership = (typeof c.membership === 'string' ? c.membership : 'leave') as Membership;
				const existing = view.members.find((m) => m.userId === ev.state_key);
				const displayName =
					typeof c.displayname === 'string' ? c.displayname : (existing?.displayName ?? ev.state_key);
				if (existing) {
					existing.membership = membership;
					existing.displayName = displayName;
				} else {
					view.members.push({ userId: ev.state_key, displayName, membership, powerLevel: 0 });
				}
				if (ev.state_key === this.userId) {
					view.myMembership = membership;
					if (c.is_direct === true) view.isDirect = true;
				}
				this.refreshPowerLevels(room);
				this.roomsNeedingTracking.add(view.roomId);
				break;
			}
		}
		this.refreshDirect(view);
	}

	private async protectRoomSettings(roomId: string): Promise<void> {
		const settings = new RoomSettings();
		settings.algorithm = EncryptionAlgorithm.MegolmV1AesSha2;
		settings.onlyAllowTrustedDevices = false;
		await this.machine.setRoomSettings(new RoomId(roomId), settings);
	}

	private refreshPowerLevels(room: RoomState): void {
		const pl = room.powerLevels;
		const users = (pl.users ?? {}) as Record<string, number>;
		const usersDefault = typeof pl.users_default === 'number' ? pl.users_default : 0;
		for (const m of room.view.members) m.powerLevel = users[m.userId] ?? usersDefault;
		const events = (pl.events ?? {}) as Record<string, number>;
		const stateDefault = typeof pl.state_default === 'number' ? pl.state_default : 50;
		room.view.encryptionLevel = events['m.room.encryption'] ?? stateDefault;
	}

	private refreshDirect(view: RoomView): void {
		for (const [userId, roomIds] of Object.entries(this.directRooms)) {
			if (roomIds.includes(view.roomId)) {
				view.isDirect = true;
				view.dmUserId = userId;
				return;
			}
		}
		if (view.isDirect && !view.dmUserId) {
			view.dmUserId = view.members.find((m) => m.userId !== this.userId)?.userId;
		}
	}

	private async receiveRoomEvent(room: RoomState, ev: MatrixEvent): Promise<void> {
		if (room.view.timeline.some((t) => t.eventId === ev.event_id)) return;
		if (ev.state_key !== undefined) this.applyState(room, ev);
		const entry: TimelineEntry = {
			eventId: ev.event_id,
			type: ev.type,
			sender: ev.sender,
			ts: ev.origin_server_ts,
			stateKey: ev.state_key,
			content: ev.content,
			encrypted: ev.type === 'm.room.encrypted'
		};
		if (entry.encrypted) {
			entry.sessionId = typeof ev.content.session_id === 'string' ? ev.content.session_id : undefined;
			await this.decryptInto(room, entry, ev);
		}
		room.view.timeline.push(entry);
		// The first sync of a new login brings history: verifications that happened before this device existed are
		// not its business (fed to the library, an old finished flow makes it cancel the next request at once).
		if (isVerificationEvent(entry) && this.since !== undefined)
			await this.feedVerification(room.view.roomId, entry);
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
		for (const room of this.rooms.values()) {
			for (const [eventId, ev] of [...room.undecrypted]) {
				const entry = room.view.timeline.find((t) => t.eventId === eventId);
				if (entry) await this.decryptInto(room, entry, ev);
			}
		}
	}

	private async updateTracking(): Promise<void> {
		const users = new Set<string>();
		for (const roomId of this.roomsNeedingTracking) {
			const room = this.rooms.get(roomId);
			if (!room?.view.encryption) continue;
			for (const m of room.view.members) {
				if ((m.membership === 'join' || m.membership === 'invite') && this.trackUser(m.userId))
					users.add(m.userId);
			}
		}
		this.roomsNeedingTracking.clear();
		if (users.size) await this.machine.updateTrackedUsers([...users].map((u) => new UserId(u)));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Rooms and messages

	/** Rooms this device is in (joined or left), and pending invites. */
	roomViews(): RoomView[] {
		return [...this.rooms.values()].map((r) => r.view);
	}

	roomView(roomId: string): RoomView | undefined {
		return this.rooms.get(roomId)?.view;
	}

	pendingInvites(): { roomId: string; inviter: string; name: string; isDirect: boolean }[] {
		return [...this.invites.values()];
	}

	/** The DM with this user that both are still in (joined or invited), if this device knows one. */
	dmWith(userId: string): string | undefined {
		for (const roomId of this.directRooms[userId] ?? []) {
			const view = this.rooms.get(roomId)?.view;
			const other = view?.members.find((m) => m.userId === userId)?.membership;
			if (view?.myMembership === 'join' && (other === 'join' || other === 'invite')) return roomId;
		}
		return undefined;
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
		const next = { ...this.directRooms, [userId]: [...(this.directRooms[userId] ?? []), roomId] };
		await this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/m.direct`, next);
		this.directRooms = next;
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
			const invite = this.invites.get(roomId);
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
			const room = this.rooms.get(roomId);
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
		const recipients = room.view.members
			.filter(
				(m) =>
					(m.membership === 'join' || (m.membership === 'invite' && visibility !== 'joined')) &&
					this.trackUser(m.userId)
			)
			.map((m) => m.userId);
		if (!recipients.includes(this.userId)) recipients.push(this.userId);
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
		return this.run(async () => {
			const status = await this.machine.crossSigningStatus();
			const own = await this.machine.getIdentity(new UserId(this.userId));
			const deviceVerified = own instanceof OwnUserIdentity ? await own.trustsOurOwnDevice() : false;
			const state = {
				hasMaster: status.hasMaster,
				hasSelfSigning: status.hasSelfSigning,
				hasUserSigning: status.hasUserSigning,
				deviceVerified
			};
			status.free();
			own?.free();
			return state;
		});
	}

	// ---------------------------------------------------------------------------------------------------------
	// Trust

	/** What this device's crypto knows about these users (identities, devices, verification). */
	userTrust(userIds: string[]): Promise<UserTrust[]> {
		return this.run(async () => {
			const out: UserTrust[] = [];
			for (const userId of userIds) out.push(await this.readUserTrust(userId));
			return out;
		});
	}

	private async readUserTrust(userId: string): Promise<UserTrust> {
		const identity = await this.machine.getIdentity(new UserId(userId));
		const devices = await this.machine.getUserDevices(new UserId(userId), 0);
		const deviceTrust: DeviceTrust[] = devices.devices().map((d) => {
			const t: DeviceTrust = {
				deviceId: d.deviceId.toString(),
				displayName: d.displayName,
				signedByOwner: d.isCrossSignedByOwner(),
				verified: d.isVerified()
			};
			d.free();
			return t;
		});
		devices.free();
		const trust: UserTrust = {
			userId,
			hasIdentity: identity !== undefined,
			verified: identity?.isVerified() ?? false,
			wasVerified: identity?.hasVerificationViolation() ?? false,
			needsApproval: identity instanceof OtherUserIdentity ? identity.identityNeedsUserApproval() : false,
			devices: deviceTrust
		};
		identity?.free();
		return trust;
	}

	/** Withdraws the verification of someone whose identity changed ("Withdraw verification"). */
	withdrawVerification(userId: string): Promise<void> {
		return this.run(async () => {
			const identity = await this.machine.getIdentity(new UserId(userId));
			if (!identity) throw new DeviceActionError('no-identity', `${userId} has no cryptographic identity.`);
			await identity.withdrawVerification();
			identity.free();
		});
	}

	/** Accepts someone's new identity after a reset (the "OK" on the banner for a person never verified). */
	acceptIdentityChange(userId: string): Promise<void> {
		return this.run(async () => {
			const identity = await this.machine.getIdentity(new UserId(userId));
			if (identity instanceof OtherUserIdentity) await identity.pinCurrentMasterKey();
			identity?.free();
		});
	}

	// ---------------------------------------------------------------------------------------------------------
	// Verification

	private async sendVerificationRequest(
		req: ToDeviceRequest | RoomMessageRequest | undefined
	): Promise<void> {
		if (req) await this.outgoing.send(req);
		await this.processOutgoing();
	}

	private async feedVerification(roomId: string, entry: TimelineEntry): Promise<void> {
		// Our own echoes are ignored by the library; skip them to save the work.
		if (entry.sender === this.userId) return;
		const isRequest = entry.type === 'm.room.message';
		if (isRequest) {
			// The library silently ignores a request from a device it does not know: fetch the sender's keys first.
			await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(entry.sender)]));
		}
		await this.machine.receiveVerificationEvent(
			JSON.stringify({
				event_id: entry.eventId,
				type: entry.type,
				sender: entry.sender,
				content: entry.content,
				origin_server_ts: entry.ts,
				room_id: roomId
			}),
			new RoomId(roomId)
		);
		if (isRequest && !this.flows.has(entry.eventId)) {
			this.flows.set(entry.eventId, { flowId: entry.eventId, otherUserId: entry.sender });
		}
	}

	/** The request handle of a flow, taken from the library's cache the first time it is there. */
	private handle(flow: Flow): VerificationRequest | undefined {
		flow.req ??= this.machine.getVerificationRequest(new UserId(flow.otherUserId), flow.flowId);
		return flow.req;
	}

	private withRequest<T>(flow: Flow, fn: (req: VerificationRequest) => T): T | undefined {
		const req = this.handle(flow);
		return req ? fn(req) : undefined;
	}

	private async onRequest<T>(flowId: string, fn: (req: VerificationRequest) => Promise<T> | T): Promise<T> {
		const flow = this.flows.get(flowId);
		const req = flow && this.handle(flow);
		if (!req) throw new DeviceActionError('not-found', `No verification ${flowId} on this device.`);
		return fn(req);
	}

	/** Asks another person to verify, in the DM with them (created if needed), as Element does. Returns the flow id. */
	requestVerification(userId: string): Promise<string> {
		if (userId === this.userId) return this.requestSelfVerification();
		return this.startDm(userId).then((roomId) =>
			this.run(async () => {
				await this.machine.updateTrackedUsers([new UserId(userId)]);
				await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(userId)]));
				const identity = await this.machine.getIdentity(new UserId(userId));
				if (!(identity instanceof OtherUserIdentity)) {
					identity?.free();
					throw new DeviceActionError(
						'no-identity',
						`${userId} has not set up cross-signing, so cannot be verified.`
					);
				}
				const content = JSON.parse(identity.verificationRequestContent(methods())) as Record<string, unknown>;
				content.msgtype = 'm.key.verification.request';
				const res = await this.transport.call(
					'PUT',
					`/rooms/${enc(roomId)}/send/m.room.message/${enc(this.transport.txnId())}`,
					content
				);
				const eventId = String(res.event_id);
				const req = identity.requestVerification(new RoomId(roomId), new EventId(eventId), methods());
				identity.free();
				this.flows.set(eventId, { flowId: eventId, otherUserId: userId, req });
				await this.syncOnce();
				return eventId;
			})
		);
	}

	/** Asks this user's other, verified devices to verify this one (to-device). Returns the flow id. */
	requestSelfVerification(): Promise<string> {
		return this.run(async () => {
			await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(this.userId)]));
			const identity = await this.machine.getIdentity(new UserId(this.userId));
			if (!(identity instanceof OwnUserIdentity)) {
				identity?.free();
				throw new DeviceActionError('no-identity', 'This account has no cross-signing identity yet.');
			}
			const [req, out] = await identity.requestVerification(methods());
			identity.free();
			const flowId = req.flowId;
			this.flows.set(flowId, { flowId, otherUserId: this.userId, req });
			await this.sendVerificationRequest(out);
			return flowId;
		});
	}

	/** Accepts an incoming request ("Verify User" / "Verify Session" on the toast, then "Start"). */
	acceptVerification(flowId: string): Promise<void> {
		return this.run(async () => {
			const out = await this.onRequest(flowId, (req) => req.acceptWithMethods(methods()));
			await this.sendVerificationRequest(out);
		});
	}

	/** Cancels a request or a running verification (code m.user: "Ignore", "Cancel"). */
	cancelVerification(flowId: string): Promise<void> {
		return this.run(async () => {
			const out = await this.onRequest(flowId, (req) => req.cancel());
			await this.sendVerificationRequest(out);
		});
	}

	/** "Verify by emoji": starts SAS on a ready request. */
	startSas(flowId: string): Promise<void> {
		return this.run(async () => {
			const started = await this.onRequest(flowId, (req) => req.startSas());
			if (!started) throw new DeviceActionError('not-ready', 'The verification is not ready for emoji yet.');
			const [sas, out] = started;
			sas.free();
			await this.sendVerificationRequest(out);
		});
	}

	private async sas(flowId: string): Promise<Sas> {
		const v = await this.onRequest(flowId, (req) => req.getVerification());
		if (!(v instanceof Sas)) {
			v?.free();
			throw new DeviceActionError('not-ready', 'No emoji comparison is running in this verification.');
		}
		return v;
	}

	private async qr(flowId: string): Promise<Qr> {
		const v = await this.onRequest(flowId, (req) => req.getVerification());
		if (!(v instanceof Qr)) {
			v?.free();
			throw new DeviceActionError('not-ready', 'No QR verification is running in this verification.');
		}
		return v;
	}

	/** "They match". */
	confirmSas(flowId: string): Promise<void> {
		return this.run(async () => {
			const sas = await this.sas(flowId);
			const reqs = await sas.confirm();
			sas.free();
			for (const r of reqs) await this.outgoing.send(r);
			await this.processOutgoing();
		});
	}

	/** "They don't match": cancels with m.mismatched_sas. */
	mismatchSas(flowId: string): Promise<void> {
		return this.run(async () => {
			const sas = await this.sas(flowId);
			const out = sas.cancelWithCode('m.mismatched_sas');
			sas.free();
			await this.sendVerificationRequest(out);
		});
	}

	/** Shows this device's QR code for a ready request: returns the real payload bytes (to render or to "scan"). */
	showQrCode(flowId: string): Promise<Uint8Array> {
		return this.run(async () => {
			const qr = await this.onRequest(flowId, (req) => req.generateQrCode());
			if (!qr)
				throw new DeviceActionError(
					'not-ready',
					'The other side cannot scan a QR code in this verification.'
				);
			const bytes = Uint8Array.from(qr.toBytes());
			qr.free();
			return bytes;
		});
	}

	/** Scans the other side's QR code (its payload bytes) and reciprocates (m.reciprocate.v1). */
	scanQrCode(flowId: string, payload: Uint8Array): Promise<void> {
		return this.run(async () => {
			const qr = await this.onRequest(flowId, (req) =>
				req.scanQrCode(QrCodeScan.fromBytes(Uint8ClampedArray.from(payload)))
			);
			const out = qr.reciprocate();
			qr.free();
			await this.sendVerificationRequest(out);
		});
	}

	/** On the side that showed the code: "Yes, they scanned it" — confirms the scan and finishes. */
	confirmQrScanned(flowId: string): Promise<void> {
		return this.run(async () => {
			const qr = await this.qr(flowId);
			const out = qr.confirmScanning();
			qr.free();
			await this.sendVerificationRequest(out);
		});
	}

	/**
	 * After each sync: accepts an emoji comparison the other side started (Element's panel does this for you once
	 * the request was accepted), so both sides can show the emoji.
	 */
	private async advanceVerifications(): Promise<void> {
		for (const flow of this.flows.values()) {
			const v = this.withRequest(flow, (req) => req.getVerification());
			// Any start from the other side is accepted; `accept()` does nothing for a start of our own. Not "unless we
			// pressed Verify by emoji": when both sides press it at once, the crypto keeps the other side's start, and
			// ours is dropped; not accepting theirs left both waiting until the 60 s timeout.
			if (v instanceof Sas && !v.hasBeenAccepted() && !v.isCancelled()) {
				const out = v.accept();
				if (out) await this.outgoing.send(out);
			}
			v?.free();
		}
		await this.processOutgoing();
	}

	/** All verification flows this device has seen, newest last. */
	verifications(): VerificationView[] {
		const out: VerificationView[] = [];
		for (const flow of this.flows.values()) {
			const view = this.withRequest(flow, (req) => this.describe(req, flow));
			if (view) out.push(view);
		}
		return out;
	}

	verification(flowId: string): VerificationView | undefined {
		return this.verifications().find((v) => v.flowId === flowId);
	}

	private describe(req: VerificationRequest, flow: Flow): VerificationView {
		const view: VerificationView = {
			flowId: flow.flowId,
			otherUserId: flow.otherUserId,
			otherDeviceId: req.otherDeviceId?.toString(),
			roomId: req.roomId?.toString(),
			isSelfVerification: req.isSelfVerification(),
			weStarted: req.weStarted(),
			phase: PHASES[req.phase()],
			timeRemainingMs: req.timeRemainingMillis()
		};
		const cancel = req.cancelInfo;
		const v = req.getVerification();
		if (v instanceof Sas) {
			view.method = 'sas';
			const ready = v.canBePresented();
			view.sas = {
				emojiIndex: ready ? Array.from(v.emojiIndex() ?? []) : undefined,
				decimals: ready ? Array.from(v.decimals() ?? []) : undefined,
				weStarted: v.weStarted(),
				accepted: v.hasBeenAccepted(),
				haveWeConfirmed: v.haveWeConfirmed(),
				done: v.isDone(),
				cancelled: v.isCancelled()
			};
		} else if (v instanceof Qr) {
			view.method = 'qr';
			view.qr = { state: QR_STATES[v.state()], weStarted: v.weStarted() };
		}
		const info = cancel ?? (v && 'cancelInfo' in v ? v.cancelInfo() : undefined);
		if (info) {
			view.cancel = { code: info.cancelCode(), reason: info.reason(), byUs: info.cancelledbyUs() };
			info.free();
		}
		v?.free();
		return view;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Key backup

	/**
	 * "Set up Secure Backup" → "Generate a Security Key": makes the key and returns it as the learner sees it.
	 * Nothing is stored yet: as in Element, the backup and secret storage are created only once the learner has kept
	 * the key and pressed "Continue" (`confirmKeyBackup`); cancelling before that leaves nothing set up.
	 */
	createSecurityKey(): Promise<string> {
		return this.run(async () => {
			this.pendingBackupKey?.free();
			this.pendingBackupKey = BackupDecryptionKey.createRandomKey();
			return encodeRecoveryKey(this.pendingBackupKey.toBase64());
		});
	}

	/** "Continue" after the key was kept: creates the backup version under the key and fills secret storage. */
	confirmKeyBackup(): Promise<void> {
		return this.run(async () => {
			const key = this.pendingBackupKey;
			if (!key) throw new DeviceActionError('not-ready', 'No Security Key was generated on this device.');
			this.pendingBackupKey = undefined;
			try {
				await this.createBackup(key);
			} finally {
				key.free();
			}
		});
	}

	/** "Cancel" → "Are you sure?" → "Cancel": the generated key is forgotten, nothing was set up. */
	cancelKeyBackup(): Promise<void> {
		return this.run(async () => {
			this.pendingBackupKey?.free();
			this.pendingBackupKey = undefined;
		});
	}

	/** Both steps at once (scenarios and scripted moves): returns the Security Key of the backup it created. */
	async setupKeyBackup(): Promise<string> {
		const recoveryKey = await this.createSecurityKey();
		await this.confirmKeyBackup();
		return recoveryKey;
	}

	private async createBackup(key: BackupDecryptionKey): Promise<void> {
		const publicKey = key.megolmV1PublicKey;
		const authData: Record<string, unknown> = { public_key: publicKey.publicKeyBase64 };
		const signatures = await this.machine.sign(canonicalJson(authData));
		authData.signatures = JSON.parse(signatures.asJSON());
		signatures.free();
		const res = await this.transport.call('POST', '/room_keys/version', {
			algorithm: publicKey.algorithm,
			auth_data: authData
		});
		const version = String(res.version);
		await this.machine.enableBackupV1(publicKey.publicKeyBase64, version);
		await this.machine.saveBackupDecryptionKey(key, version);
		await this.storeSecrets(key.toBase64());
		await this.processOutgoing();
	}

	backupState(): Promise<BackupState> {
		return this.run(async () => {
			const info = await this.transport.getIfExists('/room_keys/version');
			const version = info ? String(info.version) : undefined;
			const keys = await this.machine.getBackupKeys();
			// The getter hands out a fresh key object each time: read it once and free it.
			const decryptionKey = keys.decryptionKey;
			const counts = await this.machine.roomKeyCounts();
			const state: BackupState = {
				exists: version !== undefined,
				version,
				enabled: await this.machine.isBackupEnabled(),
				hasKey: decryptionKey !== undefined && keys.backupVersion === version,
				keysTotal: counts.total,
				keysBackedUp: counts.backedUp
			};
			decryptionKey?.free();
			keys.free();
			counts.free();
			return state;
		});
	}

	/**
	 * "Verify with Security Key" / restoring from backup: checks the key against the backup, downloads and
	 * imports the room keys, and decrypts what could not be read. Throws DeviceActionError with a reason the
	 * learner can act on; a wrong key changes nothing. Returns how many keys were imported.
	 */
	restoreFromBackup(typedKey: string): Promise<{ imported: number; total: number }> {
		return this.run(async () => {
			let keyBase64: string;
			try {
				keyBase64 = decodeRecoveryKey(typedKey);
			} catch (e) {
				if (e instanceof RecoveryKeyError)
					throw new DeviceActionError('invalid-key', `Invalid Security Key: ${e.message}`);
				throw e;
			}
			const key = BackupDecryptionKey.fromBase64(keyBase64);
			try {
				const restored = await this.restoreWith(key);
				// "Verify with Security Key": the same key opens the cross-signing keys in secret storage.
				await this.unlockCrossSigning(keyBase64);
				return restored;
			} finally {
				key.free();
			}
		});
	}

	private async latestBackup(): Promise<{ version: string; auth_data: { public_key?: string } }> {
		const info = await this.transport.getIfExists('/room_keys/version');
		if (!info) throw new DeviceActionError('no-backup', 'There is no key backup on the server.');
		return info as { version: string; auth_data: { public_key?: string } };
	}

	private async restoreWith(key: BackupDecryptionKey): Promise<{ imported: number; total: number }> {
		const info = await this.latestBackup();
		if (key.megolmV1PublicKey.publicKeyBase64 !== info.auth_data.public_key) {
			throw new DeviceActionError(
				'wrong-key',
				'Wrong Security Key: it does not open the backup on the server.'
			);
		}
		const version = info.version;
		const data = (await this.transport.call('GET', `/room_keys/keys?version=${enc(version)}`)) as {
			rooms?: Record<string, { sessions?: Record<string, { session_data: Record<string, string> }> }>;
		};
		const decrypted = new Map<RoomId, Map<string, unknown>>();
		for (const [roomId, room] of Object.entries(data.rooms ?? {})) {
			const sessions = new Map<string, unknown>();
			for (const [sessionId, s] of Object.entries(room.sessions ?? {})) {
				const sd = s.session_data;
				sessions.set(
					sessionId,
					JSON.parse(key.decryptV1(sd.ephemeral ?? '', sd.mac ?? '', sd.ciphertext ?? ''))
				);
			}
			decrypted.set(new RoomId(roomId), sessions);
		}
		const result = await this.machine.importBackedUpRoomKeys(decrypted, () => undefined, version);
		const counts = { imported: result.importedCount, total: result.totalCount };
		result.free();
		// From now on this device backs up too, and can hand the key to its other devices.
		await this.machine.saveBackupDecryptionKey(BackupDecryptionKey.fromBase64(key.toBase64()), version);
		await this.machine.enableBackupV1(key.megolmV1PublicKey.publicKeyBase64, version);
		await this.retryDecryption();
		await this.processOutgoing();
		return counts;
	}

	/**
	 * Keeps this user's cross-signing private keys and the backup key in secret storage (account data), encrypted
	 * under the Security Key, as Element does when Secure Backup is set up. The Security Key here is the backup key.
	 */
	private async storeSecrets(keyBase64: string): Promise<void> {
		const key = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
		const keyId = `key${Date.now().toString(36)}`;
		const accountData = (type: string, content: unknown) =>
			this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/${enc(type)}`, content);
		await accountData(`m.secret_storage.key.${keyId}`, {
			algorithm: SECRET_STORAGE_ALGORITHM,
			name: 'Security Key',
			...(await keyCheck(key))
		});
		await accountData('m.secret_storage.default_key', { key: keyId });
		const exported = await this.machine.exportCrossSigningKeys();
		const secrets: [string, string | undefined][] = [
			['m.cross_signing.master', exported?.masterKey],
			['m.cross_signing.self_signing', exported?.self_signing_key],
			['m.cross_signing.user_signing', exported?.userSigningKey],
			[BACKUP_SECRET, keyBase64]
		];
		exported?.free();
		for (const [name, value] of secrets) {
			if (value) await accountData(name, { encrypted: { [keyId]: await encryptSecret(value, key, name) } });
		}
	}

	/**
	 * With the Security Key, takes the cross-signing keys out of secret storage and signs this device with them:
	 * the device is then verified, as after "Verify with Security Key" in Element. Does nothing when this device
	 * already holds the keys or nothing is stored.
	 */
	private async unlockCrossSigning(keyBase64: string): Promise<void> {
		const status = await this.machine.crossSigningStatus();
		const has = status.hasMaster && status.hasSelfSigning && status.hasUserSigning;
		status.free();
		if (has) return;
		const read = (type: string) =>
			this.transport.getIfExists(`/user/${enc(this.userId)}/account_data/${enc(type)}`);
		const keyId = (await read('m.secret_storage.default_key'))?.key;
		if (typeof keyId !== 'string') return;
		const key = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
		const open = async (name: string) => {
			const stored = ((await read(name))?.encrypted as Record<string, EncryptedSecret> | undefined)?.[keyId];
			return stored ? decryptSecret(stored, key, name) : undefined;
		};
		const master = await open('m.cross_signing.master');
		const selfSigning = await open('m.cross_signing.self_signing');
		const userSigning = await open('m.cross_signing.user_signing');
		if (!master || !selfSigning || !userSigning) return;
		(await this.machine.importCrossSigningKeys(master, selfSigning, userSigning)).free();
		const own = await this.machine.getDevice(new UserId(this.userId), new DeviceId(this.deviceId));
		if (own) {
			await this.outgoing.send(await own.verify());
			own.free();
		}
		await this.processOutgoing();
	}

	/** A verified device of ours sent us the backup key (secret gossip after self-verification): use it. */
	private async takeGossipedBackupKey(): Promise<void> {
		this.secretsPending = false;
		const secrets = await this.machine.getSecretsFromInbox(BACKUP_SECRET);
		for (const secret of secrets) {
			const key = BackupDecryptionKey.fromBase64(secret);
			try {
				await this.restoreWith(key);
				break;
			} catch (e) {
				this.errors.push(`Could not use the backup key sent by another device: ${(e as Error).message}`);
			} finally {
				key.free();
			}
		}
		await this.machine.deleteSecretsFromInbox(BACKUP_SECRET);
	}
}

const HISTORY: Record<string, HistoryVisibility> = {
	invited: HistoryVisibility.Invited,
	joined: HistoryVisibility.Joined,
	shared: HistoryVisibility.Shared,
	world_readable: HistoryVisibility.WorldReadable
};
