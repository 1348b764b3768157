/**
 * The real host of a persona: carries out what its machine asks on the persona's SimDevices in the world. Chat
 * lines are fire-and-forget; steps a machine awaits return promises. Everything is tracked, so the world's tick
 * can wait until the personas' work has landed before it lets the world settle.
 */
import type { SimDevice } from '../device/sim-device';
import { sasEmojiList } from '../device/sas-emoji';
import { buildCrowd } from './crowd';
import type { DeviceWatch } from './observer';
import { deviceName, phrase, type Locale, type PhraseKey, type Vars } from './phrases';
import type { ContactHost, ContactWorld, DeviceRole, PersonaKind, Progress } from './types';

/** What the world keeps about one persona, beside its machine. */
export interface PersonaRecord {
	kind: PersonaKind;
	userId: string;
	displayName: string;
	devices: Map<DeviceRole, SimDevice>;
	watches: DeviceWatch[];
	/** Events the persona sent (so it never takes its own relayed messages for news). */
	sentEventIds: Set<string>;
	/** Verifications it started, and on which device. */
	ownFlows: Map<string, SimDevice>;
	/** `userId|deviceId` of each of its devices. */
	ownDeviceIds: Set<string>;
	crowd?: { size: number; members: SimDevice[]; roomId?: string };
	resets: number;
}

/** What the host needs from the contacts registry. */
export interface HostServices {
	readonly world: ContactWorld;
	/** The contacts' pace (1: a person's own). */
	readonly pace: number;
	/** Work a machine waits for; the world's tick waits for it too. */
	track<T>(work: () => Promise<T>): Promise<T>;
	/** Work nobody waits for (a chat line); a failure is recorded. */
	fireAndForget(what: string, work: () => Promise<unknown>): void;
	/** Long work that must not hold up the tick (building the crowd). */
	background<T>(work: () => Promise<T>): Promise<T>;
	callLine(record: PersonaRecord, line: string): void;
	callEmoji(record: PersonaRecord, flowId: string, emojiIndex: number[]): void;
	setProgress(progress: Progress | undefined): void;
	/** Which users a device of this persona tracks keys for (only the people it talks to). */
	trackUserFor(record: PersonaRecord, userId: string): (other: string) => boolean;
	watch(record: PersonaRecord, device: SimDevice, role: DeviceRole, readsChat: boolean): void;
	unwatch(record: PersonaRecord, device: SimDevice): void;
	/** A crowd member's device: it syncs only when it speaks, not on every tick. */
	dormant(device: SimDevice): void;
	addCrowdPerson(record: PersonaRecord): Promise<SimDevice>;
}

export class PersonaHost implements ContactHost {
	private readonly rotation = new Map<PhraseKey, number>();
	private speaker = 0;
	private chain: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly services: HostServices,
		readonly record: PersonaRecord
	) {}

	get userId(): string {
		return this.record.userId;
	}

	get pace(): number {
		return this.services.pace;
	}

	get displayName(): string {
		return this.record.displayName;
	}

	get learnerId(): string | undefined {
		return this.services.world.learnerId();
	}

	get locale(): Locale {
		return this.services.world.locale;
	}

	private get world(): ContactWorld {
		return this.services.world;
	}

	device(role: DeviceRole = 'phone'): SimDevice {
		const device = this.record.devices.get(role);
		if (!device || device.isClosed) throw new Error(`${this.displayName} has no ${role} device.`);
		return device;
	}

	/**
	 * Chat lines and changes of device run one after the other: a line typed just before Erin loses her phone is
	 * sent from that phone, not half from a closed one.
	 */
	private serial<T>(work: () => Promise<T>): () => Promise<T> {
		return () => {
			const next = this.chain.then(work, work);
			this.chain = next.catch(() => undefined);
			return next;
		};
	}

	/** Goes round a phrase's variants when the machine did not pick one. */
	private nextVariant(key: PhraseKey): number {
		const n = this.rotation.get(key) ?? 0;
		this.rotation.set(key, n + 1);
		return n;
	}

	/** The DM with the learner, opened if there is none. */
	private async dmWithLearner(device: SimDevice): Promise<string | undefined> {
		const learner = this.learnerId;
		if (!learner) return undefined;
		const known =
			device.dmWith(learner) ??
			device.roomViews().find((v) => v.isDirect && v.dmUserId === learner && v.myMembership === 'join')
				?.roomId;
		return known ?? device.startDm(learner);
	}

	/** The crowd member whose turn it is to speak. */
	private nextSpeaker(): SimDevice {
		const members = this.record.crowd?.members ?? [];
		const speaker = members[this.speaker++ % Math.max(1, members.length)];
		return speaker ?? this.device();
	}

	say(
		roomId: string | undefined,
		key: PhraseKey,
		vars: Vars = {},
		variant?: number,
		ifLearnerVerified?: PhraseKey,
		role?: DeviceRole
	): void {
		const pick = variant ?? this.nextVariant(key);
		this.services.fireAndForget(
			`${this.displayName} says ${key}`,
			this.serial(async () => {
				const crowd = this.record.kind === 'crowd';
				const device = crowd ? this.nextSpeaker() : this.device(role);
				// A crowd member syncs only when it speaks: catch up first.
				if (crowd) await device.sync();
				// Another device of the persona writes in the DM its phone knows (it never opens one of its own).
				const room = roomId ?? (await this.dmWithLearner(role ? this.device() : device));
				if (!room) return;
				// A room the phone just opened reaches the other device with its next sync.
				if (role && !device.roomView(room)) await device.sync();
				const said = ifLearnerVerified && (await this.trustsLearner(device)) ? ifLearnerVerified : key;
				const text = phrase(this.locale, said, vars, pick);
				this.record.sentEventIds.add(await device.sendText(room, text));
			})
		);
	}

	/** Has this device verified the learner? (Its own client's view, as a person would see it in the profile.) */
	private async trustsLearner(device: SimDevice): Promise<boolean> {
		const learner = this.learnerId;
		if (!learner) return false;
		const [trust] = await device.userTrust([learner]);
		return trust?.verified ?? false;
	}

	relay(role: DeviceRole, roomId: string, body: string): void {
		this.services.fireAndForget(
			`${this.displayName} relays a message`,
			this.serial(async () => {
				this.record.sentEventIds.add(await this.device(role).sendText(roomId, body));
			})
		);
	}

	join(roomId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).join(roomId));
	}

	acceptVerification(flowId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).acceptVerification(flowId));
	}

	cancelVerification(flowId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).cancelVerification(flowId));
	}

	mismatchSas(flowId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).mismatchSas(flowId));
	}

	startSas(flowId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).startSas(flowId));
	}

	confirmSas(flowId: string, role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).confirmSas(flowId));
	}

	scanQrCode(flowId: string, payload: number[], role: DeviceRole = 'phone'): Promise<void> {
		return this.services.track(() => this.device(role).scanQrCode(flowId, Uint8Array.from(payload)));
	}

	requestVerification(userId: string, role: DeviceRole = 'phone'): Promise<string> {
		return this.services.track(async () => {
			const device = this.device(role);
			const flowId = await device.requestVerification(userId);
			this.record.ownFlows.set(flowId, device);
			return flowId;
		});
	}

	/** Its other devices do see this one: they are the ones asked. */
	requestSelfVerification(role: DeviceRole): Promise<string> {
		return this.services.track(() => this.device(role).requestSelfVerification());
	}

	addDevice(role: DeviceRole, deviceId: string, displayName: string): Promise<void> {
		return this.services.track(
			this.serial(async () => {
				const device = await this.world.addDevice(this.userId, deviceId, {
					displayName,
					trackUser: this.services.trackUserFor(this.record, this.userId)
				});
				this.record.devices.set(role, device);
				this.services.watch(this.record, device, role, false);
			})
		);
	}

	resetIdentity(): Promise<void> {
		return this.services.track(
			this.serial(async () => {
				for (const old of this.world.devicesOf(this.userId)) {
					this.services.unwatch(this.record, old);
					this.world.removeDevice(this.userId, old.deviceId);
				}
				this.record.devices.clear();
				this.record.resets += 1;
				const deviceId = this.record.resets > 1 ? `NEWPHONE${this.record.resets}` : 'NEWPHONE';
				const device = await this.world.addDevice(this.userId, deviceId, {
					displayName: deviceName(this.locale, 'phone'),
					trackUser: this.services.trackUserFor(this.record, this.userId)
				});
				// No Security Key to restore from: a new cross-signing identity.
				await device.bootstrapCrossSigning();
				this.record.devices.set('phone', device);
				this.services.watch(this.record, device, 'phone', true);
			})
		);
	}

	createCrowd(size: number): Promise<string> {
		const crowd = this.record.crowd;
		if (!crowd) return Promise.reject(new Error('Not a crowd.'));
		return this.services.background(async () => {
			try {
				const { roomId, members } = await buildCrowd(
					size,
					{
						addPerson: async () => {
							const device = await this.services.addCrowdPerson(this.record);
							this.services.dormant(device);
							return device;
						},
						progress: (phase, done, total) =>
							this.services.setProgress({
								label:
									phase === 'creating'
										? phrase(this.locale, 'crowd.creating', { total })
										: phrase(this.locale, 'crowd.joining'),
								done,
								total
							}),
						learnerId: this.learnerId,
						roomName: phrase(this.locale, 'crowd.roomName')
					},
					crowd.members[0]
				);
				crowd.members = members;
				crowd.roomId = roomId;
				return roomId;
			} finally {
				this.services.setProgress(undefined);
			}
		});
	}

	undecryptable(roomId: string): number {
		const view = this.record.devices.get('phone')?.roomView(roomId);
		return view ? view.timeline.filter((t) => !!t.utd).length : 0;
	}

	callSay(key: PhraseKey, vars: Vars = {}, variant = 0): void {
		this.services.callLine(this.record, phrase(this.locale, key, vars, variant));
	}

	callShowEmoji(flowId: string, emojiIndex: number[]): void {
		this.services.callEmoji(this.record, flowId, emojiIndex);
	}

	/** What a contact reads aloud: the names only (a voice carries no pictures, and a font may lack them). */
	emojiNames(emojiIndex: number[]): string {
		return sasEmojiList(emojiIndex, this.locale)
			.map((e) => e.name)
			.join(', ');
	}
}

export function newRecord(kind: PersonaKind, userId: string, displayName: string): PersonaRecord {
	return {
		kind,
		userId,
		displayName,
		devices: new Map(),
		watches: [],
		sentEventIds: new Set(),
		ownFlows: new Map(),
		ownDeviceIds: new Set(),
		resets: 0
	};
}
