/**
 * SimDevice: one Matrix device = one OlmMachine, its single outgoing-request loop, its sync, and its view of the
 * rooms it is in (timeline decrypted). It talks to the homeserver only through Client-Server API requests.
 */
import { DeviceId, OlmMachine, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { initCrypto } from './crypto';
import { Decryptor } from './decryption';
import { DeviceActionError } from './errors';
import { BACKUP_SECRET, KeyBackup } from './key-backup';
import type { DeviceIsolation } from './isolation';
import { MegolmEncryptor } from './megolm';
import { OutgoingLoop, type Outgoing } from './outgoing';
import { RoomStore, MEGOLM, type PendingInvite } from './room-store';
import { RoomActions, type CreateRoomOptions } from './rooms';
import { Syncer, type JoinedRoomSync, type SyncResult } from './sync';
import { MatrixRequestError, Transport, type HomeserverPort } from './transport';
import {
	acceptIdentityChange,
	readCrossSigningState,
	readUserTrust,
	withdrawVerification
} from './trust-reader';
import { Verifications } from './verification';
import type { BackupState, CrossSigningState, RoomView, UserTrust, VerificationView } from './types';

export {
	DeviceActionError,
	MatrixRequestError,
	type CreateRoomOptions,
	type HomeserverPort,
	type SyncResult
};

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
	/**
	 * Makes the account's cross-signing keys as the device starts (a new account's first device): the device keys
	 * go up with them, and the first sync then fetches the device's own keys once, already cross-signed.
	 */
	crossSigning?: boolean;
	/**
	 * Keeps the crypto (keys, sessions, verifications) in the browser's IndexedDB under this name, so the device
	 * survives a reload (a classroom device); without it the crypto lives in memory and goes with the page.
	 */
	cryptoStore?: string;
	/**
	 * Leaves out the first sync after login (default: a client syncs at once). For a device that stays silent until
	 * its first own step, which syncs anyway (a crowd member's join): one sync of a store fewer per person.
	 */
	deferFirstSync?: boolean;
	/** Told of each joined room's part of every sync as the server sent it (the classroom's workshop room). */
	onRoomEvents?: (roomId: string, room: JoinedRoomSync) => void;
}

export class SimDevice {
	readonly userId: string;
	readonly deviceId: string;
	readonly displayName: string;
	private readonly transport: Transport;
	private readonly outgoing: OutgoingLoop;
	private readonly machine: OlmMachine;
	private readonly store: RoomStore;
	private readonly megolm: MegolmEncryptor;
	private readonly rooms: RoomActions;
	private readonly verifs: Verifications;
	private readonly keyBackup: KeyBackup;
	private readonly syncer: Syncer;
	private readonly decryptor: Decryptor;
	/** "Exclude insecure devices" (MSC4153): read by the encryptor and the decryptor at each use. */
	private readonly isolation: DeviceIsolation = { excludeInsecureDevices: false };

	private exclusive: Promise<unknown> = Promise.resolve();
	/** The long-polling sync waiting right now (`waitForNews`): any other operation cuts it short. */
	private waiting: AbortController | undefined;
	/** Operations queued and not started yet: a long poll does not wait when others are behind it. */
	private queued = 0;
	private closed = false;
	/** Errors from background work (secret handling), surfaced to the world. */
	readonly errors: string[] = [];

	private constructor(opts: SimDeviceOptions, machine: OlmMachine) {
		this.userId = opts.userId;
		this.deviceId = opts.deviceId;
		this.transport = new Transport(opts.server, opts.accessToken, opts.deviceId);
		this.outgoing = new OutgoingLoop(machine, this.transport);
		this.displayName = opts.displayName ?? opts.deviceId;
		const trackUser = opts.trackUser ?? (() => true);
		this.machine = machine;
		this.store = new RoomStore(this.userId);
		this.megolm = new MegolmEncryptor(machine, this.outgoing, this.store, trackUser, this.isolation);
		this.rooms = new RoomActions(this.transport, this.store, this.megolm, this.userId);
		const decryptor = new Decryptor(machine, this.store, this.isolation);
		this.decryptor = decryptor;
		this.verifs = new Verifications(machine, this.outgoing, this.transport, this.userId);
		this.keyBackup = new KeyBackup(
			machine,
			this.transport,
			this.outgoing,
			this.userId,
			this.deviceId,
			() => decryptor.retry(),
			this.errors
		);
		this.syncer = new Syncer({
			machine,
			transport: this.transport,
			outgoing: this.outgoing,
			store: this.store,
			decryptor,
			verifs: this.verifs,
			keyBackup: this.keyBackup,
			trackUser,
			onRoom: opts.onRoomEvents
		});
		machine.registerReceiveSecretCallback(async (name) => {
			if (name === BACKUP_SECRET) this.keyBackup.secretsPending = true;
		});
	}

	/** Creates the device's crypto and uploads its keys. The access token comes from a login. */
	static async create(opts: SimDeviceOptions): Promise<SimDevice> {
		await initCrypto();
		const machine = await OlmMachine.initialize(
			new UserId(opts.userId),
			new DeviceId(opts.deviceId),
			opts.cryptoStore
		);
		const device = new SimDevice(opts, machine);
		try {
			// Cross-signing first: its request uploads the device keys too, so the own keys are queried only once, after
			// (made later, they change the device list the first sync has seen, and the library queries them again).
			if (opts.crossSigning) await device.run(() => device.uploadCrossSigningKeys());
			else await device.processOutgoing();
			// A client's first sync after login: later syncs are incremental and carry device-list changes.
			if (!opts.deferFirstSync) await device.sync();
		} catch (e) {
			// The server refused (keys that do not match a restored device, a token gone): let go of the store.
			device.close();
			throw e;
		}
		return device;
	}

	/** Shuts the crypto down; the device cannot be used afterwards. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.waiting?.abort();
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
		this.waiting?.abort();
		this.queued++;
		const start = () => {
			this.queued--;
			return op();
		};
		const next = this.exclusive.then(start, start);
		this.exclusive = next.catch(() => undefined);
		return next;
	}

	/** Runs an operation on the queue, then syncs, so the device sees what it did; returns the operation's result. */
	private runAndSync<T>(op: () => Promise<T>): Promise<T> {
		return this.run(async () => {
			const out = await op();
			await this.syncer.once();
			return out;
		});
	}

	/** Sends what the OlmMachine queued until nothing is left (joins the loop if it is running). */
	processOutgoing(): Promise<void> {
		return this.outgoing.process();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Sync

	/** One /sync: feeds the crypto, updates the rooms, decrypts, then runs the outgoing loop. */
	sync(): Promise<SyncResult> {
		return this.run(() => this.syncer.once());
	}

	/**
	 * A long-polling /sync (over HTTP): the server answers as soon as there is news for this device, or after
	 * `timeoutMs`. Any other operation on the device gives it up at once (nothing is lost: the next sync takes it).
	 * For devices that wait for others (the contacts on a homeserver); an in-memory server answers at once.
	 */
	waitForNews(timeoutMs: number): Promise<SyncResult> {
		return this.run(async () => {
			if (this.closed) return { changed: false };
			const waiting = new AbortController();
			this.waiting = waiting;
			try {
				return await this.syncer.once({
					timeoutMs: this.queued > 0 ? 0 : timeoutMs,
					signal: waiting.signal
				});
			} finally {
				if (this.waiting === waiting) this.waiting = undefined;
			}
		});
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

	createRoom(opts: CreateRoomOptions): Promise<string> {
		return this.runAndSync(() => this.rooms.create(opts));
	}

	/** Starts an encrypted DM with a person (encrypted when they have keys, as Element does), or returns the one there is. */
	startDm(userId: string): Promise<string> {
		const existing = this.dmWith(userId);
		if (existing) return Promise.resolve(existing);
		return this.run(() => this.rooms.hasKeys(userId)).then((hasKeys) =>
			this.createRoom({ encrypted: hasKeys, invite: [userId], isDirect: true })
		);
	}

	/** Accepts an invite. A DM invite is recorded in m.direct, as Element does. */
	join(roomId: string): Promise<void> {
		return this.runAndSync(() => this.rooms.join(roomId));
	}

	invite(roomId: string, userId: string): Promise<void> {
		return this.runAndSync(() => this.rooms.invite(roomId, userId));
	}

	leave(roomId: string): Promise<void> {
		return this.runAndSync(() => this.rooms.leave(roomId));
	}

	/** Turns encryption on: sends the m.room.encryption state event (the server checks the power level). */
	enableEncryption(roomId: string): Promise<void> {
		return this.runAndSync(async () => {
			await this.rooms.sendState(roomId, 'm.room.encryption', '', { algorithm: MEGOLM });
		});
	}

	/** Sends any state event (used by tests and scenarios; the server enforces the rules). */
	sendState(
		roomId: string,
		type: string,
		stateKey: string,
		content: Record<string, unknown>
	): Promise<string> {
		return this.runAndSync(() => this.rooms.sendState(roomId, type, stateKey, content));
	}

	/** Sends a text message: encrypted in an encrypted room (sharing the room key first), plain otherwise. */
	sendText(roomId: string, body: string): Promise<string> {
		return this.sendMessage(roomId, { msgtype: 'm.text', body });
	}

	sendMessage(roomId: string, content: Record<string, unknown>): Promise<string> {
		return this.runAndSync(() => this.rooms.send(roomId, content));
	}

	/** Starts a new Megolm session for the room on the next message (the sender's session "rotates"). */
	rotateRoomKey(roomId: string): Promise<boolean> {
		return this.run(() => this.megolm.rotate(roomId));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Exclude insecure devices (isolation.ts)

	/** Whether room keys go only to cross-signed devices and messages from insecure devices are refused. */
	get excludeInsecureDevices(): boolean {
		return this.isolation.excludeInsecureDevices;
	}

	/**
	 * Switches "Exclude insecure devices" on or off for this device. What could not be read is tried again under the
	 * new setting (switched off, messages refused for their sender's device become readable); what was read stays.
	 */
	setExcludeInsecureDevices(on: boolean): Promise<void> {
		return this.run(async () => {
			if (this.isolation.excludeInsecureDevices === on) return;
			this.isolation.excludeInsecureDevices = on;
			await this.decryptor.retry();
		});
	}

	// ---------------------------------------------------------------------------------------------------------
	// Cross-signing

	/** Creates this user's cross-signing keys (master, self-signing, user-signing) and signs this device. */
	bootstrapCrossSigning(): Promise<void> {
		return this.run(() => this.makeCrossSigningKeys());
	}

	/**
	 * "Reset cryptographic identity" (and "Can't confirm?" on a new device): new cross-signing keys replace the old
	 * ones on the server and sign this device; the key storage made under the old identity is deleted with its
	 * recovery key (it held the old keys). Contacts who had verified this user now see that their identity changed,
	 * and this user's other devices are no longer signed by the new identity.
	 */
	resetIdentity(): Promise<void> {
		return this.run(async () => {
			await this.keyBackup.deleteKeyStorage({ turnedOff: false });
			await this.makeCrossSigningKeys();
		});
	}

	/** "Allow key storage" switched off → "Delete key storage": the backup and the recovery key are deleted. */
	deleteKeyStorage(): Promise<void> {
		return this.runAndSync(() => this.keyBackup.deleteKeyStorage({ turnedOff: true }));
	}

	private async makeCrossSigningKeys(): Promise<void> {
		await this.processOutgoing();
		await this.uploadCrossSigningKeys();
		await this.syncer.once();
	}

	/** New cross-signing keys, uploaded with this device's signature (and its device keys if not up yet). */
	private async uploadCrossSigningKeys(): Promise<void> {
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
			this.runAndSync(() => this.verifs.requestInRoom(userId, roomId))
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

	/**
	 * "Export keys" (Settings → Encryption → Advanced): every room key this device holds, as a key export file of the
	 * spec (Client-Server API, "Key exports": "-----BEGIN MEGOLM SESSION DATA-----", AES-256-CTR and HMAC-SHA-256 under
	 * a PBKDF2-SHA-512 key from `passphrase`). The crypto library exports and encrypts; the passphrase never leaves the
	 * device. Element asks for 500,000 PBKDF2 rounds, and so does this (`rounds` is for the Node tests, which check the
	 * format with fewer; the browser test reads the default from the downloaded file).
	 */
	exportRoomKeys(passphrase: string, rounds = EXPORT_ROUNDS): Promise<string> {
		return this.run(async () => {
			const keys = await this.machine.exportRoomKeys(() => true);
			return OlmMachine.encryptExportedRoomKeys(keys, passphrase, rounds);
		});
	}

	/**
	 * "Import keys" (Settings → Encryption → Advanced): the library opens a key export file with its passphrase and
	 * takes its room keys in; messages that could not be read are tried again. Throws the library's error for a wrong
	 * passphrase ("The MAC … is invalid") or a file that is not a key export. Returns how many keys were new.
	 */
	importRoomKeys(file: string, passphrase: string): Promise<{ imported: number; total: number }> {
		return this.run(async () => {
			const json = OlmMachine.decryptExportedRoomKeys(file, passphrase);
			const result = await this.machine.importExportedRoomKeys(json, () => undefined);
			await this.decryptor.retry();
			return { imported: result.importedCount, total: result.totalCount };
		});
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

/** PBKDF2 rounds for a key export file, as Element Web asks for (its ExportE2eKeysDialog). */
export const EXPORT_ROUNDS = 500_000;
