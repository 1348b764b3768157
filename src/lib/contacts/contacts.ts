/**
 * The contacts of one world: their machines (one actor per persona), the devices they watch, the calls they are
 * in, the crowd's progress. The world drives them: after it settled it calls `observe()` (each persona gets the
 * events of its devices), then `idle()` waits until the work they started has landed. Their timers run on the
 * clock given here (XState's SimulatedClock in tests, the real one in the browser).
 */
import { createActor, type Actor, type AnyStateMachine, type Snapshot } from 'xstate';
import type { SimDevice } from '../device/sim-device';
import {
	PERSONAS,
	personaSpec,
	type PersonaChoice,
	type PersonaDefinition,
	type PersonaOptions
} from './catalog';
import { DEFAULT_CROWD, MAX_CROWD } from './crowd.machine';
import { crowdPerson, yieldToEventLoop } from './crowd';
import { newRecord, PersonaHost, type HostServices, type PersonaRecord } from './host';
import { DeviceWatch } from './observer';
import { deviceName, phrase, type Locale } from './phrases';
import type {
	CallInfo,
	ContactInfo,
	ContactWorld,
	DeviceRole,
	LearnerEvent,
	Nudge,
	PersonaKind,
	Progress,
	Suggestions
} from './types';
import { understand } from './understand';
import { persistWithoutHost, withHost } from './stored-snapshot';

/** A persona as stored: its record with devices by `userId|deviceId`, and its machine's persisted snapshot. */
interface StoredPersona {
	kind: PersonaKind;
	userId: string;
	displayName: string;
	devices: [DeviceRole, string][];
	watches: { device: string; role: DeviceRole; readsChat: boolean }[];
	sentEventIds: string[];
	ownFlows: [string, string][];
	ownDeviceIds: string[];
	crowd?: { size: number; members: string[]; roomId?: string };
	resets: number;
	snapshot: unknown;
}

/** The contacts of a stored world (see `Contacts.persist`). */
export interface ContactsState {
	personas: StoredPersona[];
	calls: CallState[];
	contactUserIds: string[];
	crowdUserIds: string[];
	dormant: string[];
	progress: Progress | undefined;
	nextCrowdPerson: number;
}

const deviceKey = (d: SimDevice) => `${d.userId}|${d.deviceId}`;

/** The timer functions XState's actors use (a SimulatedClock fits). */
export interface TimerClock {
	setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
	clearTimeout(id: unknown): void;
}

export interface ContactsOptions {
	clock?: TimerClock;
	/** How fast contacts react (1, the default, is a person's pace; the browser tests use a quarter). */
	pace?: number;
}

/** A contact's name, when not the persona's own (the attacker's made-up one; a crowd is named by its first person). */
export interface ContactName {
	localpart?: string;
	displayName?: string;
}

export interface Persona {
	readonly kind: PersonaKind;
	readonly record: PersonaRecord;
	readonly host: PersonaHost;
	readonly actor: Actor<AnyStateMachine>;
	readonly definition: PersonaDefinition;
}

interface CallState {
	contactUserId: string;
	contactName: string;
	flowId?: string;
	emojiIndex?: number[];
	lines: string[];
	/** The learner hung up: nobody speaks in it until the learner calls again (or the contact calls to compare). */
	ended?: boolean;
}

export class Contacts implements HostServices {
	private readonly list: Persona[] = [];
	private readonly calls = new Map<string, CallState>();
	private readonly pending = new Set<Promise<unknown>>();
	private readonly backgroundWork = new Set<Promise<unknown>>();
	private readonly dormantDevices = new Set<SimDevice>();
	/** Every user that is a contact (never the learner), crowd members included. */
	private readonly contactUserIds = new Set<string>();
	private readonly crowdUserIds = new Set<string>();
	private progressValue: Progress | undefined;
	private changed = false;
	private stopped = false;
	private nextCrowdPerson = 0;
	/** Things that went wrong in the personas' work (shown in tests; a persona simply carries on). */
	readonly errors: string[] = [];

	constructor(
		readonly world: ContactWorld,
		private readonly options: ContactsOptions = {}
	) {}

	get pace(): number {
		return this.options.pace ?? 1;
	}

	get personas(): readonly Persona[] {
		return this.list;
	}

	/** The persona playing this user (the attacker answers to its own made-up id). */
	persona(userIdOrLocalpart: string): Persona | undefined {
		const id = this.world.userId(userIdOrLocalpart);
		return this.list.find((p) => p.record.userId === id);
	}

	// -------------------------------------------------------------------------------------------------------
	// Stored and restored

	/** Everything about the contacts, as plain data; their devices' crypto is in the devices' own stores. */
	persist(): ContactsState {
		const keys = (devices: Iterable<SimDevice>) => [...devices].map(deviceKey);
		return {
			personas: this.list.map(({ kind, record: r, host, actor }) => ({
				kind,
				userId: r.userId,
				displayName: r.displayName,
				devices: [...r.devices].map(([role, d]) => [role, deviceKey(d)]),
				watches: r.watches.map((w) => ({
					device: deviceKey(w.device),
					role: w.role,
					readsChat: w.readsChat
				})),
				sentEventIds: [...r.sentEventIds],
				ownFlows: [...r.ownFlows].map(([flowId, d]) => [flowId, deviceKey(d)]),
				ownDeviceIds: [...r.ownDeviceIds],
				crowd: r.crowd && { size: r.crowd.size, members: keys(r.crowd.members), roomId: r.crowd.roomId },
				resets: r.resets,
				snapshot: persistWithoutHost(actor, host)
			})),
			calls: [...this.calls.values()].map((c) => ({ ...c, lines: [...c.lines] })),
			contactUserIds: [...this.contactUserIds],
			crowdUserIds: [...this.crowdUserIds],
			dormant: keys(this.dormantDevices),
			progress: this.progressValue,
			nextCrowdPerson: this.nextCrowdPerson
		};
	}

	/** Who is a contact, before their devices are opened again (their devices track keys by it). */
	restoreAccounts(s: ContactsState): void {
		for (const userId of s.contactUserIds) this.contactUserIds.add(userId);
		for (const userId of s.crowdUserIds) this.crowdUserIds.add(userId);
		this.nextCrowdPerson = s.nextCrowdPerson;
	}

	/** Which users a restored contact's device tracks keys for, as when it was made (undefined: not a contact). */
	trackUserOf(userId: string): ((other: string) => boolean) | undefined {
		if (!this.contactUserIds.has(userId)) return undefined;
		const kind: PersonaKind = this.crowdUserIds.has(userId) ? 'crowd' : 'bob';
		return this.trackUserFor(newRecord(kind, userId, ''), userId);
	}

	/**
	 * The personas again, their machines where they were (timers of the state they are in start afresh). A
	 * verification does not survive a reload (the crypto keeps no unfinished ones): a persona in the middle of one
	 * takes it as cancelled, and says so in the chat; the learner can start it again.
	 */
	restorePersonas(s: ContactsState, device: (key: string) => SimDevice | undefined): void {
		const devices = (keys: string[]) => keys.flatMap((k) => device(k) ?? []);
		for (const c of s.calls) this.calls.set(c.contactUserId, c);
		for (const k of s.dormant) for (const d of devices([k])) this.dormantDevices.add(d);
		this.progressValue = s.progress;
		for (const p of s.personas) {
			const record = newRecord(p.kind, p.userId, p.displayName);
			for (const [role, k] of p.devices) for (const d of devices([k])) record.devices.set(role, d);
			for (const w of p.watches) {
				for (const d of devices([w.device])) {
					const watch = new DeviceWatch(d, w.role, w.readsChat);
					watch.baseline();
					record.watches.push(watch);
				}
			}
			for (const id of p.sentEventIds) record.sentEventIds.add(id);
			for (const [flowId, k] of p.ownFlows) for (const d of devices([k])) record.ownFlows.set(flowId, d);
			for (const id of p.ownDeviceIds) record.ownDeviceIds.add(id);
			if (p.crowd) record.crowd = { ...p.crowd, members: devices(p.crowd.members) };
			record.resets = p.resets;
			const persona = this.start(PERSONAS[p.kind], record, {}, p.snapshot);
			const snapshot = persona.actor.getSnapshot() as { hasTag(tag: string): boolean; context: unknown };
			const flowId = (snapshot.context as { flowId?: unknown }).flowId;
			if (snapshot.hasTag('verifying') && typeof flowId === 'string')
				persona.actor.send({
					type: 'VERIFICATION_CANCELLED',
					role: 'phone',
					flowId,
					code: 'm.user',
					byUs: false
				});
		}
	}

	/** A contact's account, as opposed to the learner's. */
	isContact(userId: string): boolean {
		return this.contactUserIds.has(userId);
	}

	// -------------------------------------------------------------------------------------------------------
	// Adding personas

	/** Adds a persona (a kind alone, or `{ kind, options }`), under its own name unless given another. */
	async add(choice: PersonaChoice, name: ContactName = {}): Promise<Persona> {
		const spec = personaSpec(choice);
		if (spec.kind === 'mitm') return this.addManInTheMiddle(spec.options ?? {}, name);
		if (spec.kind === 'crowd') return this.addCrowd(spec.options?.size ?? DEFAULT_CROWD);
		const definition = PERSONAS[spec.kind];
		const person = definition.person!;
		const { localpart, displayName } = this.freeName(
			name.localpart ?? person.localpart,
			name.displayName ?? person.displayName
		);
		const userId = this.world.userId(localpart);
		this.contactUserIds.add(userId);
		const record = newRecord(spec.kind, userId, displayName);
		const device = await this.world.addUser(localpart, {
			displayName,
			deviceName: deviceName(this.world.locale, 'phone'),
			trackUser: this.trackUserFor(record, userId)
		});
		record.devices.set('phone', device);
		this.watch(record, device, 'phone', true);
		return this.start(definition, record, spec.options ?? {});
	}

	/** A name nobody has yet: bob, bob2, bob3 … */
	private freeName(localpart: string, displayName: string): { localpart: string; displayName: string } {
		if (!this.world.hasUser(this.world.userId(localpart))) return { localpart, displayName };
		for (let n = 2; ; n++) {
			if (!this.world.hasUser(this.world.userId(`${localpart}${n}`)))
				return { localpart: `${localpart}${n}`, displayName: `${displayName} ${n}` };
		}
	}

	private async addManInTheMiddle(options: PersonaOptions<'mitm'>, name: ContactName): Promise<Persona> {
		const victim = this.world.learnerId();
		if (!victim) throw new Error('The man in the middle needs a learner to stand between.');
		const target = options.target
			? this.world.userId(options.target)
			: (this.list.find((p) => p.kind === 'bob')?.record.userId ?? (await this.add('bob')).record.userId);
		// A world built with the server already compromised has the attacker's devices: the persona drives those.
		const built = this.world.attacker;
		const { asTarget, asVictim } =
			built && built.target === target && built.victim === victim
				? built
				: await this.world.compromiseServer(victim, target);
		// The attacker has no account of its own: it is known by a made-up id.
		const record = newRecord(
			'mitm',
			this.world.userId(name.localpart ?? 'mallory'),
			name.displayName ?? 'Mallory'
		);
		record.devices.set('asTarget', asTarget).set('asVictim', asVictim);
		this.watch(record, asTarget, 'asTarget', true);
		this.watch(record, asVictim, 'asVictim', true);
		// The machine gets the target's user id.
		return this.start(PERSONAS.mitm, record, { ...options, target });
	}

	private async addCrowd(requested: number): Promise<Persona> {
		const size = Math.max(1, Math.min(MAX_CROWD, Math.round(requested)));
		const record = newRecord('crowd', '', '');
		record.crowd = { size, members: [] };
		// The first person is there at once (the crowd is known by them); the rest come in the background.
		const first = await this.addCrowdPerson(record);
		record.userId = first.userId;
		record.displayName = this.world.displayName(first.userId);
		record.crowd.members.push(first);
		record.devices.set('phone', first);
		this.watch(record, first, 'phone', true);
		return this.start(PERSONAS.crowd, record, { size });
	}

	async addCrowdPerson(record: PersonaRecord): Promise<SimDevice> {
		// A crowd still being built when the world closes stops growing.
		if (this.stopped) throw new Error('The world was closed.');
		let person = crowdPerson(this.nextCrowdPerson++);
		while (this.world.hasUser(this.world.userId(person.localpart)))
			person = crowdPerson(this.nextCrowdPerson++);
		const userId = this.world.userId(person.localpart);
		this.contactUserIds.add(userId);
		this.crowdUserIds.add(userId);
		return this.world.addUser(person.localpart, {
			displayName: person.displayName,
			deviceName: deviceName(this.world.locale, 'phone'),
			trackUser: this.trackUserFor(record, userId),
			// Dormant until it joins the crowd's room, whose join syncs it.
			deferFirstSync: true
		});
	}

	/**
	 * Starts a persona's machine with its options, as its spec gave them (the attacker's target resolved), or from a
	 * stored snapshot (its options are in the stored context).
	 */
	private start(
		definition: PersonaDefinition,
		record: PersonaRecord,
		options: object,
		stored?: unknown
	): Persona {
		const host = new PersonaHost(this, record);
		// Without a clock of its own, XState uses the real one (passing `clock: undefined` would remove it).
		const clock = this.options.clock;
		const actor = createActor(definition.machine, {
			input: { host, options },
			...(clock ? { clock } : {}),
			...(stored === undefined ? {} : { snapshot: withHost(stored, host) as Snapshot<unknown> })
		});
		actor.subscribe({
			error: (e: unknown) => this.errors.push(`${record.displayName} stopped: ${String(e)}`)
		});
		const persona: Persona = { kind: definition.kind, record, host, actor, definition };
		this.list.push(persona);
		actor.start();
		this.changed = true;
		return persona;
	}

	// -------------------------------------------------------------------------------------------------------
	// Host services

	track<T>(work: () => Promise<T>): Promise<T> {
		const p = Promise.resolve().then(work);
		this.pending.add(p);
		const done = () => this.pending.delete(p);
		p.then(done, done);
		this.changed = true;
		return p;
	}

	fireAndForget(what: string, work: () => Promise<unknown>): void {
		this.track(work).catch((e: unknown) =>
			this.errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`)
		);
	}

	background<T>(work: () => Promise<T>): Promise<T> {
		const p = Promise.resolve().then(work);
		this.backgroundWork.add(p);
		const done = () => {
			this.backgroundWork.delete(p);
			this.changed = true;
		};
		p.then(done, done);
		return p;
	}

	callLine(record: PersonaRecord, line: string): void {
		if (this.calls.get(record.userId)?.ended) return;
		this.callOf(record).lines.push(line);
		this.changed = true;
	}

	/** The contact reads out new emoji: they are on the phone for it (calling back if the learner had hung up). */
	callEmoji(record: PersonaRecord, flowId: string, emojiIndex: number[]): void {
		const call = this.callOf(record, true);
		call.flowId = flowId;
		call.emojiIndex = [...emojiIndex];
		this.changed = true;
	}

	private callOf(record: PersonaRecord, redial = false): CallState {
		let call = this.calls.get(record.userId);
		if (!call || (redial && call.ended)) {
			call = { contactUserId: record.userId, contactName: record.displayName, lines: [] };
			this.calls.set(record.userId, call);
		}
		return call;
	}

	setProgress(progress: Progress | undefined): void {
		this.progressValue = progress;
		this.changed = true;
	}

	/**
	 * Contacts track only the people they talk to: themselves, the learner and the other named contacts. A crowd
	 * member tracks only itself and the learner (tracking everyone would cost O(N²)).
	 */
	trackUserFor(record: PersonaRecord, userId: string): (other: string) => boolean {
		return (other) =>
			other === userId ||
			other === this.world.learnerId() ||
			(record.kind !== 'crowd' && this.contactUserIds.has(other) && !this.crowdUserIds.has(other));
	}

	watch(record: PersonaRecord, device: SimDevice, role: DeviceRole, readsChat: boolean): void {
		const watch = new DeviceWatch(device, role, readsChat);
		watch.baseline();
		record.watches.push(watch);
		record.ownDeviceIds.add(`${device.userId}|${device.deviceId}`);
	}

	unwatch(record: PersonaRecord, device: SimDevice): void {
		record.watches = record.watches.filter((w) => w.device !== device);
	}

	dormant(device: SimDevice): void {
		this.dormantDevices.add(device);
	}

	// -------------------------------------------------------------------------------------------------------
	// Driving the personas (the world calls these)

	/** Devices that sync only when they act (crowd members): the world's tick leaves them out. */
	isDormant(device: SimDevice): boolean {
		return this.dormantDevices.has(device);
	}

	/** Takes what every persona's devices show now as already seen (after a scenario was built). */
	baseline(): void {
		for (const p of this.list) for (const w of p.record.watches) w.baseline();
	}

	/**
	 * The personas that watch the learner's identity read it on the device they chat from (see
	 * `watchesLearnerIdentity`); `observe` then tells them what changed.
	 */
	async readLearnerIdentity(): Promise<void> {
		const learnerId = this.world.learnerId();
		if (!learnerId) return;
		for (const p of this.list) {
			if (!p.definition.watchesLearnerIdentity || p.actor.getSnapshot().status !== 'active') continue;
			for (const watch of p.record.watches) if (watch.readsChat) await watch.readLearner(learnerId);
		}
	}

	/** Hands every persona the events of its devices since last time. Returns how many were delivered. */
	observe(): number {
		let delivered = 0;
		const learnerId = this.world.learnerId();
		for (const p of this.list) {
			if (p.actor.getSnapshot().status !== 'active') continue;
			const ctx = {
				learnerId,
				sentEventIds: p.record.sentEventIds,
				ownDeviceIds: p.record.ownDeviceIds,
				ownFlows: p.record.ownFlows,
				qrCode: (userId: string, flowId: string) => this.world.shownQrCode(userId, flowId)
			};
			for (const watch of [...p.record.watches]) {
				for (const event of watch.collect(ctx)) {
					p.actor.send(event);
					delivered++;
				}
			}
		}
		if (delivered) this.changed = true;
		return delivered;
	}

	/** Waits until the work the personas started has landed. Returns whether there was any. */
	async idle(): Promise<boolean> {
		let any = false;
		while (this.pending.size) {
			any = true;
			await Promise.allSettled([...this.pending]);
			// Let the machines take their done events (and start what comes next) before looking again.
			await yieldToEventLoop();
		}
		return any;
	}

	/** Waits for background work too (the crowd being built): for tests and the benchmark. */
	async settled(): Promise<void> {
		while (this.backgroundWork.size || this.pending.size) {
			await Promise.allSettled([...this.backgroundWork, ...this.pending]);
			await yieldToEventLoop();
		}
	}

	/** Whether anything the snapshot shows changed since the last call. */
	takeChanged(): boolean {
		const changed = this.changed;
		this.changed = false;
		return changed;
	}

	// -------------------------------------------------------------------------------------------------------
	// The learner towards a contact: the call, and an instructor's nudge

	private callee(userId: string): Persona {
		const persona = this.persona(userId);
		if (!persona || !persona.definition.takesCalls) throw new Error(`${userId} cannot be called.`);
		return persona;
	}

	startCall(userId: string): void {
		const persona = this.callee(userId);
		this.callOf(persona.record, true);
		this.send(persona, { type: 'CALL_STARTED' });
	}

	sayInCall(userId: string, text: string): void {
		const persona = this.callee(userId);
		this.callOf(persona.record, true);
		this.send(persona, {
			type: 'CALL_SAID',
			text,
			intent: understand(text)
		});
	}

	/** "Hang up": the call stays as ended, so the learner sees how to call again. */
	endCall(userId: string): void {
		const call = this.calls.get(this.world.userId(userId));
		if (call) {
			const { contactUserId, contactName } = call;
			this.calls.set(contactUserId, { contactUserId, contactName, lines: [], ended: true });
		}
		this.changed = true;
	}

	nudge(userId: string, nudge: Nudge): void {
		const persona = this.persona(userId);
		if (!persona) throw new Error(`${userId} is not a contact.`);
		this.send(persona, { type: 'NUDGE', nudge });
	}

	private send(persona: Persona, event: LearnerEvent): void {
		persona.actor.send(event);
		this.changed = true;
	}

	// -------------------------------------------------------------------------------------------------------
	// What the snapshot shows

	contactList(locale: Locale): ContactInfo[] {
		return this.list.map((p) => ({
			userId: p.record.userId,
			displayName:
				p.kind === 'crowd'
					? `${phrase(locale, 'crowd.roomName')} (${p.record.crowd?.size ?? 0})`
					: p.record.displayName,
			persona: p.kind,
			description: p.definition.description[locale],
			...this.learnerAsSeenBy(p)
		}));
	}

	private learnerAsSeenBy(p: Persona): { seesLearner?: ContactInfo['seesLearner'] } {
		const seen = p.record.watches.find((w) => w.readsChat)?.learner;
		return seen ? { seesLearner: { ...seen } } : {};
	}

	callList(locale: Locale): CallInfo[] {
		return [...this.calls.values()].map((call) => {
			const persona = this.persona(call.contactUserId);
			const offers = persona ? persona.definition.offers(persona.actor.getSnapshot()).call : [];
			return {
				contactUserId: call.contactUserId,
				contactName: call.contactName,
				...(call.flowId ? { flowId: call.flowId } : {}),
				...(call.emojiIndex ? { emojiIndex: [...call.emojiIndex] } : {}),
				lines: [...call.lines],
				...(call.ended ? { ended: true } : {}),
				replies: call.ended ? [] : offers.map((key) => phrase(locale, key, { name: call.contactName }))
			};
		});
	}

	/** Suggested replies per room of the learner: what the contacts in it understand. */
	suggestionList(locale: Locale): Suggestions[] {
		const learner = this.world.learnerId();
		const device = learner ? this.world.devicesOf(learner)[0] : undefined;
		if (!device) return [];
		const out: Suggestions[] = [];
		for (const view of device.roomViews()) {
			if (view.myMembership !== 'join') continue;
			const present = new Set(view.members.filter((m) => m.membership === 'join').map((m) => m.userId));
			const replies: string[] = [];
			for (const p of this.list) {
				if (!present.has(p.record.userId)) continue;
				for (const key of p.definition.offers(p.actor.getSnapshot()).chat) {
					const text = phrase(locale, key, { name: p.record.displayName });
					if (!replies.includes(text)) replies.push(text);
				}
			}
			if (replies.length) out.push({ roomId: view.roomId, replies });
		}
		return out;
	}

	get progress(): Progress | undefined {
		return this.progressValue && { ...this.progressValue };
	}

	/** Stops every persona (their timers with them). */
	stop(): void {
		this.stopped = true;
		for (const p of this.list) p.actor.stop();
	}
}
