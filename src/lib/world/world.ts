/**
 * The sandbox: one homeserver, the learner's devices and the contacts' devices. Built from a scenario; commands in,
 * a serialisable snapshot out. Runs in a Web Worker in the browser and directly in Node for tests.
 */
import { Homeserver, StaleHomeserverState, type HomeserverState } from '../homeserver';
import type { Clock, HsRequest, HsResponse } from '../homeserver/types';
import { initCrypto } from '../device/crypto';
import { MatrixRequestError, SimDevice, type HomeserverPort } from '../device/sim-device';
import type { TimelineEntry } from '../device/types';
import type { PersonaChoice } from '../contacts/catalog';
import {
	Contacts,
	type ContactName,
	type ContactsState,
	type Persona,
	type TimerClock
} from '../contacts/contacts';
import { deviceName, type Locale } from '../contacts/phrases';
import type { Nudge } from '../contacts/types';
import { buildScenario } from './build';
import type { Scenario } from '../scenario/scenario';
import {
	projectSnapshot,
	readTrust,
	roomTrust,
	type LearnerScreen,
	type RoomTrust,
	type WorldSnapshot
} from './snapshot';

export type {
	CallSnapshot,
	Classmate,
	ClassroomView,
	DeviceSnapshot,
	LearnerScreen,
	RoomTrust,
	WorldSnapshot
} from './snapshot';

export interface WorldOptions {
	clock?: Clock;
	/** How the server waits out injected latency; tests pass a simulated one. */
	sleep?: (ms: number) => Promise<void>;
	serverName?: string;
	/**
	 * The clock the contacts' timers run on (their human delays): XState's SimulatedClock in tests, the real one by
	 * default. The crypto keeps reading the real time whatever this says.
	 */
	contactClock?: TimerClock;
	/** How fast contacts react: 1 (default) is a person's pace; the browser tests run at a quarter. */
	contactPace?: number;
	/** The language contacts write and speak in (default English). */
	locale?: Locale;
	/**
	 * Keeps every device's crypto in IndexedDB, one store per device named `<cryptoStores>|<user>|<device>`, so the
	 * world can be stored (`persist()`) and restored. Without it the crypto lives in memory only.
	 */
	cryptoStores?: string;
}

/**
 * Bump when `WorldState` or the meaning of anything in it changes (the homeserver's own version is checked too): a
 * stored world of another version is refused with `StaleWorldState`, and the page starts afresh with a notice.
 */
export const WORLD_STATE_VERSION = 1;

/** A device as the world attached it: enough to open its crypto store and go on with its token. */
interface AttachedDevice {
	userId: string;
	deviceId: string;
	accessToken: string;
	displayName?: string;
	shadow: boolean;
}

/**
 * A stored world, structured-cloneable (what IndexedDB keeps as it is). The crypto is not in it: it is in the
 * devices' own IndexedDB stores, named after `cryptoStores`.
 */
export interface WorldState {
	version: number;
	cryptoStores: string;
	hs: HomeserverState;
	devices: AttachedDevice[];
	displayNames: [string, string][];
	qrCodes: [string, number[]][];
	screens: [string, LearnerScreen][];
	locale: Locale;
	excludeInsecure: boolean;
	attacker?: { asTarget: string; asVictim: string; victim: string; target: string };
	contacts: ContactsState;
}

/** A stored world that cannot be restored (another version, or not a world at all): discard it and start afresh. */
export class StaleWorldState extends Error {
	override readonly name = 'StaleWorldState';
}

/** Deletes the crypto stores of a stored world (every IndexedDB database whose name starts with the prefix). */
export async function deleteCryptoStores(cryptoStores: string): Promise<void> {
	const prefix = `${cryptoStores}|`;
	const names = (await indexedDB.databases()).flatMap((db) => (db.name?.startsWith(prefix) ? [db.name] : []));
	await Promise.all(
		names.map(
			(name) =>
				new Promise<void>((resolve, reject) => {
					const req = indexedDB.deleteDatabase(name);
					req.onsuccess = () => resolve();
					req.onerror = () => reject(req.error ?? new Error(`Could not delete ${name}.`));
					// Another tab still has it open: it goes when that tab closes.
					req.onblocked = () => resolve();
				})
		)
	);
}

export interface AddDeviceOptions {
	displayName?: string;
	/** Which users this device tracks keys for (scripted contacts: only the people they talk to). */
	trackUser?: (userId: string) => boolean;
	/** The device makes the account's cross-signing keys as it starts (a new account's first device). */
	crossSigning?: boolean;
	/** The device's first sync waits for its first own step (see `SimDeviceOptions.deferFirstSync`). */
	deferFirstSync?: boolean;
}

/** Reports how far a scenario's set-up has come (for a progress bar). */
export type SetupProgress = (done: number, total: number) => void;

const key = (userId: string, deviceId: string) => `${userId}|${deviceId}`;

export class World {
	readonly hs: Homeserver;
	private readonly port: HomeserverPort;
	private readonly devices = new Map<string, SimDevice>();
	private readonly displayNames = new Map<string, string>();
	private readonly shadowDevices = new Set<SimDevice>();
	private readonly qrCodes = new Map<string, number[]>();
	private readonly screens = new Map<string, LearnerScreen>();
	/** The attacker's devices when the scenario put a man in the middle. */
	attacker?: { asTarget: SimDevice; asVictim: SimDevice; victim: string; target: string };
	/** The scripted contacts (personas) living in this world. */
	readonly contacts: Contacts;
	private localeValue: Locale;
	private excludeInsecure = false;
	private readonly cryptoStores: string | undefined;
	private readonly attached = new Map<string, AttachedDevice>();
	/** The last device attached or being attached: the next one joins the world after it (see `attach`). */
	private registering: Promise<unknown> = Promise.resolve();

	private constructor(opts: WorldOptions, restored?: HomeserverState) {
		const hsOptions = { clock: opts.clock, sleep: opts.sleep };
		this.hs = restored
			? Homeserver.restore(restored, hsOptions)
			: new Homeserver({ serverName: opts.serverName ?? 'sim.local', ...hsOptions });
		this.cryptoStores = opts.cryptoStores;
		const hs = this.hs;
		this.port = { request: (req: HsRequest): Promise<HsResponse> => hs.request(req) };
		this.localeValue = opts.locale ?? 'en';
		this.contacts = new Contacts(this, { clock: opts.contactClock, pace: opts.contactPace });
	}

	/** Loads the crypto (once per realm) and returns an empty world. */
	static async create(opts: WorldOptions = {}): Promise<World> {
		await initCrypto();
		return new World(opts);
	}

	/**
	 * The world as it is now, to store and `restore()` later: the homeserver, the devices (their crypto is already in
	 * their IndexedDB stores), names, screens, settings and the contacts with their machines' snapshots. Only a world
	 * made with `cryptoStores` can be stored.
	 */
	persist(): WorldState {
		if (this.cryptoStores === undefined) throw new Error('A world without crypto stores cannot be stored.');
		const deviceKey = (d: SimDevice) => key(d.userId, d.deviceId);
		const { attacker } = this;
		return {
			version: WORLD_STATE_VERSION,
			cryptoStores: this.cryptoStores,
			hs: this.hs.persist(),
			devices: [...this.attached.values()].map((d) => ({ ...d })),
			displayNames: [...this.displayNames],
			qrCodes: [...this.qrCodes].map(([k, payload]) => [k, [...payload]]),
			screens: [...this.screens].map(([k, screen]) => [k, { ...screen }]),
			locale: this.localeValue,
			excludeInsecure: this.excludeInsecure,
			attacker: attacker && {
				asTarget: deviceKey(attacker.asTarget),
				asVictim: deviceKey(attacker.asVictim),
				victim: attacker.victim,
				target: attacker.target
			},
			contacts: this.contacts.persist()
		};
	}

	/**
	 * A stored world, going on where it was: the homeserver restored, each device's crypto opened from its store
	 * (same keys, sessions and trust; nothing is replayed) and synced afresh from the server, so rooms and timelines
	 * come back decrypted. Throws `StaleWorldState` for a state of another version or shape.
	 */
	static async restore(
		state: unknown,
		opts: Omit<WorldOptions, 'serverName' | 'cryptoStores'> = {}
	): Promise<World> {
		if (!isWorldState(state))
			throw new StaleWorldState(
				`This stored world cannot be restored (this is version ${WORLD_STATE_VERSION}).`
			);
		await initCrypto();
		let world: World;
		try {
			world = new World({ ...opts, locale: state.locale, cryptoStores: state.cryptoStores }, state.hs);
		} catch (e) {
			throw e instanceof StaleHomeserverState ? new StaleWorldState(e.message) : e;
		}
		for (const [userId, name] of state.displayNames) world.displayNames.set(userId, name);
		world.contacts.restoreAccounts(state.contacts);
		// All stores opened and synced at once: each device mostly waits on its IndexedDB store, so the waits overlap.
		const opened = await Promise.allSettled(
			state.devices.map((d) =>
				world.openDevice(d.userId, d.deviceId, d.accessToken, {
					displayName: d.displayName,
					trackUser: world.contacts.trackUserOf(d.userId)
				})
			)
		);
		const failed = opened.find((o) => o.status === 'rejected');
		if (failed) {
			// A store gone or not matching the server (cleared site data): nothing half-open stays behind.
			for (const o of opened) if (o.status === 'fulfilled') o.value.close();
			world.close();
			throw failed.reason;
		}
		const devices = opened.map((o) => (o as PromiseFulfilledResult<SimDevice>).value);
		// Registered in the stored order, whichever store opened first: the world's order of devices stays the same.
		state.devices.forEach((d, i) => {
			world.register(devices[i]!, d.accessToken, d.displayName);
			if (d.shadow) world.shadowDevices.add(devices[i]!);
		});
		// A store can be ahead of the stored server (a reload mid-burst): each restored device starts new room keys,
		// all at once like the opening.
		await Promise.all(state.devices.map((d, i) => world.rotateRoomKeys(devices[i]!, d.accessToken)));
		for (const [k, payload] of state.qrCodes) world.qrCodes.set(k, payload);
		for (const [k, screen] of state.screens) world.screens.set(k, screen);
		world.excludeInsecure = state.excludeInsecure;
		if (state.attacker) {
			const { asTarget, asVictim, victim, target } = state.attacker;
			const find = (k: string) => world.devices.get(k);
			const [t, v] = [find(asTarget), find(asVictim)];
			if (t && v) world.attacker = { asTarget: t, asVictim: v, victim, target };
		}
		world.contacts.restorePersonas(state.contacts, (k) => world.devices.get(k));
		return world;
	}

	/**
	 * A store may be ahead of the stored server (a reload in the middle of a step): it can hold a room key as shared
	 * whose to-device message the restored server never delivered. A restored device starts a new room key in each
	 * of its rooms, shared afresh with every member at its next message (what a client does after a rotation).
	 */
	private async rotateRoomKeys(device: SimDevice, accessToken: string): Promise<void> {
		const res = await this.port.request({
			method: 'GET',
			path: '/_matrix/client/v3/joined_rooms',
			accessToken
		});
		const rooms = res.status === 200 ? (res.body as { joined_rooms?: unknown }).joined_rooms : undefined;
		if (!Array.isArray(rooms)) return;
		for (const roomId of rooms) if (typeof roomId === 'string') await device.rotateRoomKey(roomId);
	}

	get serverName(): string {
		return this.hs.serverName;
	}

	userId(localpart: string): string {
		return localpart.startsWith('@') ? localpart : `@${localpart}:${this.serverName}`;
	}

	hasUser(userId: string): boolean {
		return this.hs.displayName(this.userId(userId)) !== undefined;
	}

	/** The language contacts write and speak in. */
	get locale(): Locale {
		return this.localeValue;
	}

	setLocale(locale: Locale): void {
		this.localeValue = locale;
	}

	/**
	 * "Exclude insecure devices" (the 2026 edition's setting, MSC4153): on every device of the learner, the crypto
	 * library shares room keys only with cross-signed devices and refuses messages from insecure ones.
	 */
	get excludeInsecureDevices(): boolean {
		return this.excludeInsecure;
	}

	/** Switches "Exclude insecure devices" for the learner's devices, now and those they sign in on later. */
	async setExcludeInsecureDevices(on: boolean): Promise<void> {
		this.excludeInsecure = on;
		const learner = this.learnerId();
		if (!learner) return;
		for (const device of this.devicesOf(learner)) await device.setExcludeInsecureDevices(on);
	}

	/** The learner: the first person in the world who is not a scripted contact. */
	learnerId(): string | undefined {
		for (const userId of this.displayNames.keys()) if (!this.contacts.isContact(userId)) return userId;
		return undefined;
	}

	/**
	 * Adds a scripted contact (a persona: see contacts/). The crowd is built in the background: this returns once its
	 * first person exists, and `snapshot().progress` shows the rest.
	 */
	addContact(persona: PersonaChoice, name: ContactName = {}): Promise<Persona> {
		return this.contacts.add(persona, name);
	}

	/** Adds a crowd room of `size` people (30 by default, at most 200), built in the background. */
	addCrowd(size?: number): Promise<Persona> {
		return this.contacts.add({ kind: 'crowd', options: { size } });
	}

	/**
	 * One step of the world's life, for the worker to call after each command and now and then: the contacts' work
	 * lands, the devices sync until quiet, and each contact sees what happened to it (and may start more work).
	 * Repeats while something happens now; what the contacts do later waits for their timers. Crowd members sync
	 * only when they speak. Returns whether anything changed (the worker then sends a fresh snapshot).
	 */
	async tick(opts: { maxRounds?: number } = {}): Promise<boolean> {
		let changed = false;
		for (let round = 0; round < (opts.maxRounds ?? 12); round++) {
			if (await this.contacts.idle()) changed = true;
			const devices = this.allDevices().filter((d) => !this.contacts.isDormant(d));
			if ((await this.settle({ devices })) > 1) changed = true;
			await this.contacts.readLearnerIdentity();
			if (this.contacts.observe() === 0) break;
			changed = true;
		}
		return this.contacts.takeChanged() || changed;
	}

	/** The learner in a call with a contact ("Start call", saying something, hanging up). */
	startCall(contactUserId: string): void {
		this.contacts.startCall(contactUserId);
	}

	sayInCall(contactUserId: string, text: string): void {
		this.contacts.sayInCall(contactUserId, text);
	}

	endCall(contactUserId: string): void {
		this.contacts.endCall(contactUserId);
	}

	/** The page reports what the learner's screen on a device shows. */
	setScreen(userId: string, deviceId: string, screen: LearnerScreen): void {
		this.screens.set(key(this.userId(userId), deviceId), { ...screen });
	}

	/** An instructor makes a contact do its next thing now (Dave's new tablet, Erin's reset, …). */
	nudgeContact(contactUserId: string, nudge: Nudge): void {
		this.contacts.nudge(contactUserId, nudge);
	}

	/** Registers a person with one device; sets up cross-signing unless told not to. */
	async addUser(
		localpart: string,
		opts: AddDeviceOptions & { deviceId?: string; deviceName?: string; crossSigning?: boolean } = {}
	): Promise<SimDevice> {
		const userId = this.hs.createUser(localpart, opts.displayName);
		this.displayNames.set(userId, opts.displayName ?? localpart);
		return this.addDevice(userId, opts.deviceId ?? 'PHONE', {
			displayName: opts.deviceName,
			trackUser: opts.trackUser,
			crossSigning: opts.crossSigning ?? true,
			deferFirstSync: opts.deferFirstSync
		});
	}

	/** Logs a person in on a new device (a new OlmMachine with fresh keys). */
	async addDevice(userId: string, deviceId: string, opts: AddDeviceOptions = {}): Promise<SimDevice> {
		const { accessToken } = this.hs.login(userId, deviceId, opts.displayName);
		const device = await this.attach(userId, deviceId, accessToken, opts);
		if (this.excludeInsecure && userId === this.learnerId()) await device.setExcludeInsecureDevices(true);
		return device;
	}

	/**
	 * Attaches a SimDevice to a token the server already issued (used for the attacker's shadow devices too). Devices
	 * asked for at once are made at once (each mostly waits on its own crypto store, so the waits overlap) and join
	 * the world in the order they were asked for, whichever was ready first.
	 */
	attach(
		userId: string,
		deviceId: string,
		accessToken: string,
		opts: AddDeviceOptions = {}
	): Promise<SimDevice> {
		const opening = this.openDevice(userId, deviceId, accessToken, opts);
		const turn = this.registering
			.then(() => opening)
			.then((device) => {
				this.register(device, accessToken, opts.displayName);
				return device;
			});
		this.registering = turn.catch(() => undefined);
		return turn;
	}

	/** A SimDevice for a token the server issued, its crypto in its store if the world keeps stores; not yet in the world. */
	private openDevice(
		userId: string,
		deviceId: string,
		accessToken: string,
		opts: AddDeviceOptions
	): Promise<SimDevice> {
		return SimDevice.create({
			server: this.port,
			userId,
			deviceId,
			accessToken,
			displayName: opts.displayName,
			trackUser: opts.trackUser,
			crossSigning: opts.crossSigning,
			deferFirstSync: opts.deferFirstSync,
			cryptoStore: this.cryptoStores === undefined ? undefined : `${this.cryptoStores}|${userId}|${deviceId}`
		});
	}

	private register(device: SimDevice, accessToken: string, displayName: string | undefined): void {
		const k = key(device.userId, device.deviceId);
		this.devices.set(k, device);
		this.attached.set(k, {
			userId: device.userId,
			deviceId: device.deviceId,
			accessToken,
			displayName,
			shadow: false
		});
	}

	/** Signs a device out: the server forgets it and its crypto is shut down. */
	removeDevice(userId: string, deviceId: string): void {
		const device = this.devices.get(key(userId, deviceId));
		this.hs.deleteDevice(userId, deviceId);
		device?.close();
		this.devices.delete(key(userId, deviceId));
		this.attached.delete(key(userId, deviceId));
	}

	/**
	 * Compromises the server between two people (the man-in-the-middle fault): an attacker gets a device posing as
	 * each of them, with its own cross-signing identity, which the server hands out instead of the real ones.
	 * Returns the attacker's two devices; what they do is up to the caller (a scripted attacker).
	 */
	async compromiseServer(
		victim: string,
		target: string
	): Promise<{ asTarget: SimDevice; asVictim: SimDevice }> {
		const victimId = this.userId(victim);
		const targetId = this.userId(target);
		// Named like an ordinary phone: nothing in a device list gives the attack away, only comparing emoji does.
		const phone = deviceName(this.locale, 'phone');
		const shadow = { crossSigning: true };
		const asTarget = await this.attach(
			targetId,
			'PHONE1',
			this.hs.loginShadow(targetId, 'PHONE1', phone),
			shadow
		);
		const asVictim = await this.attach(
			victimId,
			'PHONE2',
			this.hs.loginShadow(victimId, 'PHONE2', phone),
			shadow
		);
		this.hs.faults.compromise({ victim: victimId, target: targetId });
		this.shadowDevices.add(asTarget).add(asVictim);
		for (const d of [asTarget, asVictim]) {
			const attached = this.attached.get(key(d.userId, d.deviceId));
			if (attached) attached.shadow = true;
		}
		return { asTarget, asVictim };
	}

	/** The attacker's devices are not anyone's real devices. */
	isShadow(device: SimDevice): boolean {
		return this.shadowDevices.has(device);
	}

	device(userId: string, deviceId?: string): SimDevice {
		const found = deviceId ? this.devices.get(key(this.userId(userId), deviceId)) : this.devicesOf(userId)[0];
		if (!found) throw new Error(`No device ${deviceId ?? ''} for ${userId} in this world.`);
		return found;
	}

	devicesOf(userId: string): SimDevice[] {
		const id = this.userId(userId);
		return [...this.devices.values()].filter((d) => d.userId === id && !this.shadowDevices.has(d));
	}

	allDevices(): SimDevice[] {
		return [...this.devices.values()];
	}

	displayName(userId: string): string {
		return this.displayNames.get(userId) ?? userId;
	}

	/**
	 * Lets every (online) device sync until nothing new arrives anywhere: messages, keys and verification steps
	 * travel until the world is quiet. Returns the number of rounds it took.
	 */
	async settle(opts: { maxRounds?: number; devices?: SimDevice[] } = {}): Promise<number> {
		const maxRounds = opts.maxRounds ?? 40;
		for (let round = 1; round <= maxRounds; round++) {
			let changed = false;
			for (const device of opts.devices ?? this.allDevices()) {
				if (device.isClosed) continue;
				try {
					if ((await device.sync()).changed) changed = true;
				} catch (e) {
					// An offline device simply does not sync; it catches up when it is back.
					if (!(e instanceof MatrixRequestError && e.status === 503)) throw e;
				}
			}
			if (!changed) return round;
		}
		return maxRounds;
	}

	/** The room, member and message shields of one room as one device sees them. */
	async trust(viewer: SimDevice, roomId: string): Promise<RoomTrust> {
		const view = viewer.roomView(roomId);
		if (!view) throw new Error(`${viewer.userId} is not in ${roomId}.`);
		return roomTrust(viewer.userId, view, await readTrust(viewer, [view]));
	}

	/**
	 * Shows this device's QR code for a ready verification (Element shows it beside "Verify by emoji"). The payload
	 * is kept, so asking again returns the same code and the snapshot can carry it.
	 */
	async showQrCode(device: SimDevice, flowId: string): Promise<number[]> {
		const k = `${key(device.userId, device.deviceId)}|${flowId}`;
		let payload = this.qrCodes.get(k);
		if (!payload) {
			payload = Array.from(await device.showQrCode(flowId));
			this.qrCodes.set(k, payload);
		}
		return payload;
	}

	/** The QR code a device of this user shows for a verification, if one does (a contact can "scan" it). */
	shownQrCode(userId: string, flowId: string): number[] | undefined {
		const prefix = `${this.userId(userId)}|`;
		for (const [k, payload] of this.qrCodes) {
			if (k.startsWith(prefix) && k.endsWith(`|${flowId}`)) return payload;
		}
		return undefined;
	}

	/** Builds the people, devices and rooms a scenario describes. Returns the room ids by the scenario's keys. */
	async setup(scenario: Scenario, onProgress?: SetupProgress): Promise<Record<string, string>> {
		const roomIds = await buildScenario(this, scenario, onProgress);
		// What the contacts' clients see of the learner now is where they start from (and what the snapshot shows).
		await this.contacts.readLearnerIdentity();
		return roomIds;
	}

	/** Everything the page shows, as plain data. Devices of `viewers` (default: everyone) get full room detail. */
	snapshot(viewers?: string[]): Promise<WorldSnapshot> {
		return projectSnapshot(
			{
				world: this,
				displayNames: this.displayNames,
				hidden: (d) => this.shadowDevices.has(d),
				qrCode: (d, flowId) => this.qrCodes.get(`${key(d.userId, d.deviceId)}|${flowId}`),
				screen: (d) => this.screens.get(key(d.userId, d.deviceId)) ?? {}
			},
			viewers
		);
	}

	/** Shuts every device's crypto down (and the contacts with their timers). */
	close(): void {
		this.contacts.stop();
		for (const d of this.devices.values()) d.close();
		this.devices.clear();
	}
}

function isWorldState(state: unknown): state is WorldState {
	if (typeof state !== 'object' || state === null) return false;
	const s = state as Partial<WorldState>;
	return (
		s.version === WORLD_STATE_VERSION &&
		typeof s.cryptoStores === 'string' &&
		Array.isArray(s.devices) &&
		Array.isArray(s.displayNames) &&
		Array.isArray(s.qrCodes) &&
		Array.isArray(s.screens) &&
		typeof s.contacts === 'object' &&
		s.contacts !== null
	);
}

export type { TimelineEntry };
