/**
 * The scripted contacts as real users of a real homeserver (the classroom server, or any other that speaks the
 * Client-Server API): each persona registers an account (with the registration token when the server asks for
 * one), signs in one `SimDevice` over HTTP, sets up cross-signing and key backup, and waits for news with a
 * long-polling sync. Many learners may write to Bob at once: each learner gets a conversation of their own — an
 * actor of Bob's machine whose "learner" is that person — and the events of Bob's device go to the conversation of
 * the person they come from. What Bob would read aloud in the call (his emoji) he writes in the DM as a notice.
 *
 * Only the personas that need nothing but their own device run here (Bob and Carol): the others change devices or
 * the server itself, which a real homeserver does not let a client do.
 */
import { createActor, type Actor, type AnyStateMachine } from 'xstate';
import { HttpHomeserverPort } from '../device/http-port';
import { SimDevice } from '../device/sim-device';
import type { HomeserverPort } from '../device/transport';
import { emojiOf } from '../device/verification-phase';
import {
	AccountError,
	deleteOtherDevices,
	loginWithPassword,
	newPassword,
	register,
	setDisplayName,
	type Login
} from './accounts';
import { PERSONAS, personaSpec, type PersonaSpec } from './catalog';
import { yieldToEventLoop } from './crowd';
import { newRecord, PersonaHost, type HostServices, type PersonaRecord } from './host';
import { DeviceWatch } from './observer';
import { deviceName, type Locale, type PhraseKey, type Vars } from './phrases';
import type { ContactWorld, ObservedEvent, PersonaKind } from './types';

/** The personas that can live on a homeserver (they need only their own device). */
export const HOMESERVER_PERSONAS = ['bob', 'carol'] as const satisfies readonly PersonaKind[];
export type HomeserverPersonaKind = (typeof HOMESERVER_PERSONAS)[number];

export function isHomeserverPersona(kind: string): kind is HomeserverPersonaKind {
	return (HOMESERVER_PERSONAS as readonly string[]).includes(kind);
}

/** What a contact keeps between runs so that it comes back as the same person with the same identity. */
export interface SavedContact {
	userId: string;
	password: string;
	/** The Security Key of its key backup and secret storage: a new device restores its identity with it. */
	recoveryKey?: string;
}

/** Where the contacts keep their accounts (a JSON file for the command line; memory in tests). */
export interface ContactCredentials {
	load(kind: PersonaKind): SavedContact | undefined;
	save(kind: PersonaKind, saved: SavedContact): void;
}

export function memoryCredentials(): ContactCredentials {
	const saved = new Map<PersonaKind, SavedContact>();
	return { load: (kind) => saved.get(kind), save: (kind, s) => void saved.set(kind, s) };
}

export interface HomeserverContactsOptions {
	/** The homeserver's address (`http://host:port`, without `/_matrix`), or a port to it. */
	homeserver: string | HomeserverPort;
	/** The token `/register` asks for (the workshop code on the classroom server). */
	registrationToken?: string;
	/** Which personas, with their options (default Bob, and Carol who declines the first request). */
	personas?: PersonaSpec<HomeserverPersonaKind>[];
	/** Where the accounts are kept between runs (default: memory, so each run registers new ones). */
	credentials?: ContactCredentials;
	locale?: Locale;
	/** How fast the contacts react (1, the default, is a person's pace). */
	pace?: number;
	/** How long one long-polling sync waits for news (default 30 s). */
	pollMs?: number;
	/** Where problems are reported (default: nowhere; `errors` keeps them too). */
	log?: (line: string) => void;
}

/** One learner's conversation with a persona: an actor of the persona's machine whose learner is that person. */
class Conversation implements HostServices {
	readonly host: PersonaHost;
	readonly actor: Actor<AnyStateMachine>;
	readonly record: PersonaRecord;
	readonly world: ContactWorld;
	/** The emoji the persona read aloud last, per flow (for tests and the instructor). */
	readonly emoji = new Map<string, number[]>();

	constructor(
		private readonly contacts: HomeserverContacts,
		readonly persona: PersonaOnServer,
		readonly learnerId: string
	) {
		this.world = contactWorld(contacts.locale, persona.userId, learnerId);
		this.record = newRecord(persona.kind, persona.userId, persona.displayName);
		this.record.devices.set('phone', persona.device);
		this.record.sentEventIds = persona.sentEventIds;
		this.record.ownDeviceIds = persona.ownDeviceIds;
		this.host = new CallInChatHost(this, this.record);
		const definition = PERSONAS[persona.kind];
		this.actor = createActor(definition.machine as AnyStateMachine, {
			input: { host: this.host, options: persona.options }
		});
		this.actor.subscribe({
			error: (e: unknown) => contacts.report(`${persona.displayName} with ${learnerId} stopped: ${String(e)}`)
		});
		this.actor.start();
	}

	get pace(): number {
		return this.contacts.pace;
	}

	track<T>(work: () => Promise<T>): Promise<T> {
		return this.contacts.track(work);
	}

	fireAndForget(what: string, work: () => Promise<unknown>): void {
		this.contacts
			.track(work)
			.catch((e: unknown) =>
				this.contacts.report(`${what}: ${message(e)}`, e instanceof Error ? e.stack : undefined)
			);
	}

	background<T>(work: () => Promise<T>): Promise<T> {
		return this.contacts.track(work);
	}

	/** The call, on a homeserver: the persona writes what it reads aloud as a notice in the DM with the learner. */
	callLine(_record: PersonaRecord, line: string): void {
		const device = this.persona.device;
		this.fireAndForget(`${this.persona.displayName} reads aloud`, async () => {
			const roomId = device.dmWith(this.learnerId);
			if (!roomId) return;
			this.persona.sentEventIds.add(await device.sendMessage(roomId, { msgtype: 'm.notice', body: line }));
		});
	}

	callEmoji(_record: PersonaRecord, flowId: string, emojiIndex: number[]): void {
		this.emoji.set(flowId, [...emojiIndex]);
	}

	setProgress(): void {}

	trackUserFor(): (other: string) => boolean {
		return () => true;
	}

	watch(): void {}
	unwatch(): void {}
	dormant(): void {}

	addCrowdPerson(): Promise<SimDevice> {
		return Promise.reject(new Error('No crowd on a homeserver.'));
	}
}

/** Lines a persona says in the call that carry what the learner compares: written in the chat on a homeserver. */
const READ_ALOUD: ReadonlySet<PhraseKey> = new Set(['call.readEmoji', 'call.readAgain', 'call.compareYours']);

/** The host of a conversation: as in a world, but only the lines that read the emoji aloud reach the chat. */
class CallInChatHost extends PersonaHost {
	override callSay(key: PhraseKey, vars: Vars = {}, variant = 0): void {
		if (READ_ALOUD.has(key)) super.callSay(key, vars, variant);
	}
}

/** What a persona's conversation knows of the world: the learner, the language, the persona's own name. */
function contactWorld(locale: Locale, personaId: string, learnerId: string): ContactWorld {
	const server = personaId.slice(personaId.indexOf(':') + 1);
	const unsupported = (what: string) => () => {
		throw new Error(`${what} is not possible for a contact on a homeserver.`);
	};
	return {
		locale,
		learnerId: () => learnerId,
		userId: (localpart) => (localpart.startsWith('@') ? localpart : `@${localpart}:${server}`),
		hasUser: () => true,
		displayName: (userId) => userId,
		addUser: unsupported('Adding a user'),
		addDevice: unsupported('Adding a device'),
		removeDevice: unsupported('Removing a device'),
		devicesOf: () => [],
		compromiseServer: unsupported('Compromising the server'),
		shownQrCode: () => undefined
	};
}

/** One persona on the homeserver: its account, its one device, and a conversation per learner. */
export class PersonaOnServer {
	readonly conversations = new Map<string, Conversation>();
	readonly sentEventIds = new Set<string>();
	readonly ownDeviceIds: Set<string>;
	readonly watch: DeviceWatch;

	constructor(
		readonly kind: HomeserverPersonaKind,
		readonly options: object,
		readonly displayName: string,
		readonly device: SimDevice
	) {
		this.ownDeviceIds = new Set([`${device.userId}|${device.deviceId}`]);
		this.watch = new DeviceWatch(device, 'phone', true);
		this.watch.baseline();
	}

	get userId(): string {
		return this.device.userId;
	}

	/** The emoji this persona's own device shows in its verification with `learnerId` (the newest one). */
	emojiWith(learnerId: string): number[] | undefined {
		const flows = this.device.verifications().filter((v) => v.otherUserId === learnerId);
		for (const v of flows.reverse()) {
			const emoji = emojiOf(v);
			if (emoji) return [...emoji];
		}
		return undefined;
	}
}

export class HomeserverContacts {
	readonly personas: PersonaOnServer[] = [];
	/** What went wrong in the personas' work (a persona carries on). */
	readonly errors: string[] = [];
	readonly locale: Locale;
	readonly pace: number;
	private readonly port: HomeserverPort;
	private readonly pending = new Set<Promise<unknown>>();
	private readonly loops: Promise<void>[] = [];
	private stopped = false;
	private deliverScheduled = false;

	private constructor(private readonly opts: HomeserverContactsOptions) {
		this.port =
			typeof opts.homeserver === 'string' ? new HttpHomeserverPort(opts.homeserver) : opts.homeserver;
		this.locale = opts.locale ?? 'en';
		this.pace = opts.pace ?? 1;
	}

	/** Signs every persona in (registering it the first time) and starts listening. */
	static async start(opts: HomeserverContactsOptions): Promise<HomeserverContacts> {
		const contacts = new HomeserverContacts(opts);
		try {
			const specs = opts.personas ?? [
				{ kind: 'bob' },
				{ kind: 'carol', options: { firstRequest: 'decline' } }
			];
			for (const spec of specs) contacts.personas.push(await contacts.signIn(personaSpec(spec)));
		} catch (e) {
			contacts.stop();
			throw e;
		}
		for (const persona of contacts.personas) contacts.loops.push(contacts.listen(persona));
		return contacts;
	}

	persona(kind: HomeserverPersonaKind): PersonaOnServer | undefined {
		return this.personas.find((p) => p.kind === kind);
	}

	private async signIn(spec: PersonaSpec<HomeserverPersonaKind>): Promise<PersonaOnServer> {
		const { kind } = spec;
		const person = PERSONAS[kind].person!;
		const credentials = this.opts.credentials ?? memoryCredentials();
		const phone = deviceName(this.locale, 'phone');
		const saved = credentials.load(kind);
		let login: Login | undefined;
		if (saved) {
			try {
				login = await loginWithPassword(this.port, saved.userId, saved.password, phone);
			} catch (e) {
				// The server forgot the account (a new workshop): register afresh below.
				if (!(e instanceof AccountError && e.errcode === 'M_FORBIDDEN')) throw e;
				this.report(`${person.displayName}: the saved account is gone; registering a new one.`);
			}
		}
		let fresh: SavedContact | undefined;
		if (!login) {
			const password = newPassword();
			for (let n = 1; !login; n++) {
				const localpart = n === 1 ? person.localpart : `${person.localpart}${n}`;
				try {
					login = await register(this.port, localpart, password, phone, this.opts.registrationToken);
				} catch (e) {
					if (!(e instanceof AccountError && e.errcode === 'M_USER_IN_USE') || n >= 20) throw e;
				}
			}
			fresh = { userId: login.userId, password };
			credentials.save(kind, fresh);
			await setDisplayName(this.port, login, person.displayName);
		}
		const device = await SimDevice.create({
			server: this.port,
			...login,
			displayName: phone,
			trackUser: () => true
		});
		try {
			if (fresh || !saved?.recoveryKey) {
				await device.bootstrapCrossSigning();
				const recoveryKey = await device.setupKeyBackup();
				credentials.save(kind, { ...(fresh ?? saved!), recoveryKey });
			} else {
				// The same person again: the Security Key brings back the identity the learners verified.
				await device.restoreFromBackup(saved.recoveryKey);
				await deleteOtherDevices(this.port, login, saved.password);
			}
		} catch (e) {
			device.close();
			throw e;
		}
		return new PersonaOnServer(kind, spec.options ?? {}, person.displayName, device);
	}

	/** The persona's device waits for news (long poll), then the conversations get what arrived. */
	private async listen(persona: PersonaOnServer): Promise<void> {
		let failures = 0;
		while (!this.stopped) {
			try {
				await persona.device.waitForNews(this.opts.pollMs ?? 30_000);
				failures = 0;
			} catch (e) {
				if (this.stopped) break;
				this.report(`${persona.displayName} could not sync: ${message(e)}`);
				failures++;
				await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** failures)));
			}
			this.deliver(persona);
		}
	}

	/** Hands each event of the persona's device to the conversation with the person it comes from. */
	private deliver(persona: PersonaOnServer): void {
		if (this.stopped || persona.device.isClosed) return;
		const events = persona.watch.collect({
			learnerId: undefined,
			sentEventIds: persona.sentEventIds,
			ownDeviceIds: persona.ownDeviceIds,
			ownFlows: new Map(),
			qrCode: () => undefined
		});
		for (const event of events) {
			const learnerId = this.personOf(persona, event);
			if (!learnerId || this.personas.some((p) => p.userId === learnerId)) continue;
			let conversation = persona.conversations.get(learnerId);
			if (!conversation) {
				conversation = new Conversation(this, persona, learnerId);
				persona.conversations.set(learnerId, conversation);
			}
			conversation.actor.send(
				event.type === 'MESSAGE' || event.type === 'VERIFICATION_REQUESTED'
					? { ...event, fromLearner: true }
					: event
			);
		}
	}

	/** Whom an event is about: the sender, the inviter, the other side of the verification. */
	private personOf(persona: PersonaOnServer, event: ObservedEvent): string | undefined {
		switch (event.type) {
			case 'MESSAGE':
				return event.sender;
			case 'INVITE':
				return event.inviter;
			case 'VERIFICATION_REQUESTED':
				return event.isSelf ? undefined : event.otherUserId;
			case 'LEARNER_IDENTITY_RESET':
				// Read per learner in a world (`readLearner`); not watched here, where every person is a learner.
				return undefined;
			default:
				return persona.device.verification(event.flowId)?.otherUserId;
		}
	}

	/** Work a persona's machine started: when it has landed, the conversations look at the device again. */
	track<T>(work: () => Promise<T>): Promise<T> {
		const p = Promise.resolve().then(work);
		this.pending.add(p);
		const done = () => {
			this.pending.delete(p);
			this.scheduleDelivery();
		};
		p.then(done, done);
		return p;
	}

	private scheduleDelivery(): void {
		if (this.deliverScheduled) return;
		this.deliverScheduled = true;
		setTimeout(() => {
			this.deliverScheduled = false;
			for (const persona of this.personas) this.deliver(persona);
		}, 0);
	}

	/** Records a problem; the log gets the stack too, when there is one. */
	report(line: string, stack?: string): void {
		this.errors.push(line);
		this.opts.log?.(stack ? `${line}\n${stack}` : line);
	}

	/** Waits until the work the personas started has landed (tests). */
	async idle(): Promise<void> {
		while (this.pending.size) {
			await Promise.allSettled([...this.pending]);
			await yieldToEventLoop();
		}
	}

	/** Stops the machines and closes the devices at once (their long polls end; work under way fails). */
	stop(): void {
		this.stopMachines();
		for (const persona of this.personas) persona.device.close();
	}

	private stopMachines(): void {
		this.stopped = true;
		for (const persona of this.personas) for (const c of persona.conversations.values()) c.actor.stop();
	}

	/**
	 * Stops the machines, lets the work they started land (a line being sent), then closes the devices and waits
	 * for the listening loops to end: nothing is left using a closed device's crypto.
	 */
	async close(): Promise<void> {
		this.stopMachines();
		await this.idle();
		this.stop();
		await Promise.allSettled(this.loops);
	}
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
