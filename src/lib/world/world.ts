/**
 * The sandbox: one homeserver, the learner's devices and the contacts' devices. Built from a scenario; commands in,
 * a serialisable snapshot out. Runs in a Web Worker in the browser and directly in Node for tests.
 */
import { Homeserver } from '../homeserver';
import type { Clock, HsRequest, HsResponse } from '../homeserver/types';
import { initCrypto } from '../client/crypto';
import { MatrixRequestError, SimDevice, type HomeserverPort } from '../client/sim-device';
import {
	memberShield,
	messageShield,
	roomShield,
	type MemberShield,
	type MessageShield,
	type RoomShieldResult
} from '../client/trust';
import type {
	BackupState,
	CrossSigningState,
	RoomView,
	TimelineEntry,
	UserTrust,
	VerificationView
} from '../client/types';
import type { PersonaChoice } from '../contacts/catalog';
import { Contacts, type ContactName, type Persona, type TimerClock } from '../contacts/contacts';
import { deviceName, type Locale } from '../contacts/phrases';
import type { ContactInfo, Nudge, Progress, Suggestions } from '../contacts/types';
import { verifyBySas } from './flows';
import type { Scenario } from './scenario';

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
	/** The language contacts write and speak in (default English). */
	locale?: Locale;
}

export interface AddDeviceOptions {
	displayName?: string;
	/** Which users this device tracks keys for (scripted contacts: only the people they talk to). */
	trackUser?: (userId: string) => boolean;
}

/** The shields of one room as a viewer's device sees them. */
export interface RoomTrust {
	room: RoomShieldResult;
	members: Record<string, { shield: MemberShield; trust: UserTrust }>;
	/** Message shield per event id. */
	messages: Record<string, MessageShield>;
}

/**
 * What the learner's screen on one device shows, as the page reports it: the open room, whose profile is open, and
 * whether "Verify this device" was put off. The world keeps it for the lessons' "look at …" steps.
 */
export interface LearnerScreen {
	roomId?: string;
	/** The user whose profile (with their sessions) is open in the right panel. */
	profile?: string;
	verifyLater?: boolean;
}

export interface DeviceSnapshot {
	userId: string;
	deviceId: string;
	displayName: string;
	rooms: (RoomView & { trust: RoomTrust })[];
	invites: { roomId: string; inviter: string; name: string; isDirect: boolean }[];
	/** With the QR code's payload once this device has shown one for the flow. */
	verifications: (VerificationView & { qrPayload?: number[] })[];
	crossSigning: CrossSigningState;
	backup: BackupState;
	/** The viewer's own account as this device knows it: every session, and whether its owner verified it. */
	own: UserTrust;
	/** What the page last reported this device's screen to show. */
	screen: LearnerScreen;
}

/** A contact on the phone with the learner during a verification, reading out the emoji on *their* screen. */
export interface CallSnapshot {
	contactUserId: string;
	contactName: string;
	flowId?: string;
	emojiIndex?: number[];
	/** What the contact says, newest last, in the learner's language. */
	lines: string[];
	/** Things the learner can say in the call (command `sayInCall`), in the world's language. */
	replies?: string[];
	/** The learner hung up: the panel offers to call again (command `startCall`). */
	ended?: boolean;
}

export interface WorldSnapshot {
	users: { userId: string; displayName: string; devices: string[] }[];
	devices: DeviceSnapshot[];
	server: ReturnType<Homeserver['serverView']>;
	/** The scripted contacts, with a description for instructors (in the world's language). */
	contacts: ContactInfo[];
	calls: CallSnapshot[];
	/** The language contacts write and speak in. */
	locale: Locale;
	/** While the crowd is being created. */
	progress?: Progress;
	/** Suggested replies for the composer: what the contacts in each room understand. */
	suggestions: Suggestions[];
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

	private constructor(opts: WorldOptions) {
		this.hs = new Homeserver({
			serverName: opts.serverName ?? 'sim.local',
			clock: opts.clock,
			sleep: opts.sleep
		});
		const hs = this.hs;
		this.port = { request: (req: HsRequest): Promise<HsResponse> => hs.request(req) };
		this.localeValue = opts.locale ?? 'en';
		this.contacts = new Contacts(this, { clock: opts.contactClock });
	}

	/** Loads the crypto (once per realm) and returns an empty world. */
	static async create(opts: WorldOptions = {}): Promise<World> {
		await initCrypto();
		return new World(opts);
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
		const device = await this.addDevice(userId, opts.deviceId ?? 'PHONE', {
			displayName: opts.deviceName,
			trackUser: opts.trackUser
		});
		if (opts.crossSigning ?? true) await device.bootstrapCrossSigning();
		return device;
	}

	/** Logs a person in on a new device (a new OlmMachine with fresh keys). */
	async addDevice(userId: string, deviceId: string, opts: AddDeviceOptions = {}): Promise<SimDevice> {
		const { accessToken } = this.hs.login(userId, deviceId, opts.displayName);
		return this.attach(userId, deviceId, accessToken, opts);
	}

	/** Attaches a SimDevice to a token the server already issued (used for the attacker's shadow devices too). */
	async attach(
		userId: string,
		deviceId: string,
		accessToken: string,
		opts: AddDeviceOptions = {}
	): Promise<SimDevice> {
		const device = await SimDevice.create({
			server: this.port,
			userId,
			deviceId,
			accessToken,
			displayName: opts.displayName,
			trackUser: opts.trackUser
		});
		this.devices.set(key(userId, deviceId), device);
		return device;
	}

	/** Signs a device out: the server forgets it and its crypto is shut down. */
	removeDevice(userId: string, deviceId: string): void {
		const device = this.devices.get(key(userId, deviceId));
		this.hs.deleteDevice(userId, deviceId);
		device?.close();
		this.devices.delete(key(userId, deviceId));
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
		const asTarget = await this.attach(targetId, 'PHONE1', this.hs.loginShadow(targetId, 'PHONE1', phone));
		const asVictim = await this.attach(victimId, 'PHONE2', this.hs.loginShadow(victimId, 'PHONE2', phone));
		await asTarget.bootstrapCrossSigning();
		await asVictim.bootstrapCrossSigning();
		this.hs.faults.compromise({ victim: victimId, target: targetId });
		this.shadowDevices.add(asTarget).add(asVictim);
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
		if (scenario.locale) this.setLocale(scenario.locale);
		const rooms = scenario.rooms ?? [];
		const total =
			scenario.people.length +
			rooms.length +
			(scenario.verified?.length ?? 0) +
			(scenario.manInTheMiddle ? 1 : 0);
		let done = 0;
		const step = () => onProgress?.(++done, total);
		for (const person of scenario.people) {
			if (person.persona) {
				await this.addContact(person.persona, {
					localpart: person.localpart,
					displayName: person.displayName
				});
			} else {
				await this.addUser(person.localpart, {
					displayName: person.displayName,
					deviceId: person.deviceId,
					deviceName: person.deviceName,
					crossSigning: person.crossSigning
				});
			}
			step();
		}
		const mitm = scenario.manInTheMiddle;
		if (mitm) {
			// Before anyone has fetched the other's keys: from the first look, each sees the attacker's.
			const devices = await this.compromiseServer(mitm.victim, mitm.target);
			this.attacker = { ...devices, victim: this.userId(mitm.victim), target: this.userId(mitm.target) };
			// The scripted attacker drives these devices when the real contact is a persona.
			if (this.contacts.persona(mitm.target))
				await this.addContact({ kind: 'mitm', options: { target: mitm.target } });
			step();
		}
		await this.settle();
		const roomIds: Record<string, string> = {};
		for (const room of rooms) {
			const creator = this.device(room.creator);
			const invitees = room.members.filter((m) => m !== room.creator).map((m) => this.userId(m));
			const roomId = room.direct
				? await creator.createRoom({ encrypted: room.encrypted, invite: invitees, isDirect: true })
				: await creator.createRoom({
						name: room.name,
						encrypted: room.encrypted,
						invite: invitees,
						isPublic: room.public
					});
			roomIds[room.key] = roomId;
			await this.settle();
			for (const m of room.members) if (m !== room.creator) await this.device(m).join(roomId);
			await this.settle();
			for (const msg of room.messages ?? []) {
				await this.device(msg.from).sendText(roomId, msg.body);
				await this.settle();
			}
			// Invited after the messages: a latecomer joins later and cannot read them.
			for (const m of room.invited ?? []) await creator.invite(roomId, this.userId(m));
			if (room.invited?.length) await this.settle();
			step();
		}
		for (const { who, whom } of scenario.verified ?? []) {
			await verifyBySas(this, this.device(who), this.device(whom));
			step();
		}
		if (scenario.crowd) {
			const crowd = await this.addCrowd(scenario.crowd.size);
			if (scenario.crowd.members?.length || scenario.crowd.learnerJoins) {
				roomIds.crowd = await this.crowdWith(
					crowd,
					scenario.crowd.members ?? [],
					!!scenario.crowd.learnerJoins
				);
			}
		}
		// The contacts react to what happens from now on, not to the scenario's history.
		this.contacts.baseline();
		return roomIds;
	}

	/** Waits for a crowd to be built, then brings scenario people (and the learner) into its room. */
	private async crowdWith(crowd: Persona, members: string[], learnerJoins: boolean): Promise<string> {
		await this.contacts.settled();
		const roomId = crowd.record.crowd?.roomId;
		if (!roomId) throw new Error('The crowd has no room.');
		const host = this.device(crowd.record.userId);
		// Crowd members sync only when they speak: they are left out here too.
		const awake = () => ({ devices: this.allDevices().filter((d) => !this.contacts.isDormant(d)) });
		for (const m of members) await host.invite(roomId, this.userId(m));
		await this.settle(awake());
		for (const m of members) await this.device(m).join(roomId);
		const learner = this.learnerId();
		if (learnerJoins && learner) await this.device(learner).join(roomId);
		await this.settle(awake());
		return roomId;
	}

	/** Everything the page shows, as plain data. Devices of `viewers` (default: everyone) get full room detail. */
	async snapshot(viewers?: string[]): Promise<WorldSnapshot> {
		const full = new Set((viewers ?? [...this.displayNames.keys()]).map((v) => this.userId(v)));
		const devices: DeviceSnapshot[] = [];
		for (const d of this.allDevices()) {
			if (!full.has(d.userId) || d.isClosed || this.shadowDevices.has(d)) continue;
			// One read of the crypto's trust per device serves every room: the room, member and message shields are
			// all worked out from it, so they always agree with each other and with the current verification state.
			const views = d.roomViews();
			const trust = await readTrust(d, views);
			const rooms: DeviceSnapshot['rooms'] = views.map((view) => ({
				...structuredClone(view),
				trust: roomTrust(d.userId, view, trust)
			}));
			const own = trust.get(d.userId);
			devices.push({
				userId: d.userId,
				deviceId: d.deviceId,
				displayName: d.displayName,
				rooms,
				invites: d.pendingInvites(),
				verifications: d.verifications().map((v) => {
					const qrPayload = this.qrCodes.get(`${key(d.userId, d.deviceId)}|${v.flowId}`);
					return qrPayload ? { ...v, qrPayload } : v;
				}),
				crossSigning: await d.crossSigningState(),
				backup: await d.backupState(),
				own: own!,
				screen: this.screens.get(key(d.userId, d.deviceId)) ?? {}
			});
		}
		return {
			users: [...this.displayNames].map(([userId, displayName]) => ({
				userId,
				displayName,
				devices: this.devicesOf(userId).map((d) => d.deviceId)
			})),
			devices,
			server: this.hs.serverView(),
			contacts: this.contacts.contactList(this.locale),
			calls: this.contacts.callList(this.locale),
			locale: this.locale,
			...(this.contacts.progress ? { progress: this.contacts.progress } : {}),
			suggestions: this.contacts.suggestionList(this.locale)
		};
	}

	/** Shuts every device's crypto down (and the contacts with their timers). */
	close(): void {
		this.contacts.stop();
		for (const d of this.devices.values()) d.close();
		this.devices.clear();
	}
}

/** The current trust of everyone whose keys matter in these rooms: the viewer, the members, and every sender. */
async function readTrust(viewer: SimDevice, views: RoomView[]): Promise<Map<string, UserTrust>> {
	const users = new Set([viewer.userId]);
	for (const view of views) {
		for (const m of view.members)
			if (m.membership === 'join' || m.membership === 'invite') users.add(m.userId);
		for (const entry of view.timeline) if (entry.encrypted) users.add(entry.sender);
	}
	const trust = await viewer.userTrust([...users]);
	return new Map(trust.map((t) => [t.userId, t]));
}

/** The shields of one room from the viewer's current trust in people (see `readTrust`). */
function roomTrust(viewerId: string, view: RoomView, trust: Map<string, UserTrust>): RoomTrust {
	const others = view.members
		.filter((m) => (m.membership === 'join' || m.membership === 'invite') && m.userId !== viewerId)
		.map((m) => trust.get(m.userId)!);
	const members: RoomTrust['members'] = {};
	for (const t of others) members[t.userId] = { shield: memberShield(t), trust: t };
	const messages: RoomTrust['messages'] = {};
	let encryptedYet = false;
	for (const entry of view.timeline) {
		if (entry.type === 'm.room.encryption' && entry.stateKey === '') encryptedYet = true;
		messages[entry.eventId] = messageShield(entry, encryptedYet, trust.get(entry.sender));
	}
	return {
		room: roomShield({
			encrypted: !!view.encryption,
			isDirect: view.isDirect,
			me: trust.get(viewerId)!,
			others
		}),
		members,
		messages
	};
}

export type { TimelineEntry };
