/**
 * Users, their devices and access tokens, profiles and account data. Devices are created by the scenario
 * (admin API), never by a client: the sim has no registration or login endpoints.
 */
import type { DeviceListTracker } from './device-lists';
import { forbidden, invalidParam, notFound, tooLarge } from './errors';
import type { IdGenerator } from './ids';
import { jsonBytes, MAX_EVENT_BYTES, type JsonObject } from './json';
import { newDevice, newUser, REALMS, type Device, type Realm, type User } from './model';
import type { Stream } from './stream';

const LOCALPART = /^[a-z0-9._=\-/+]+$/;

export class Accounts {
	private readonly byId = new Map<string, User>();
	private readonly byToken = new Map<string, Device>();

	constructor(
		private readonly serverName: string,
		private readonly ids: IdGenerator,
		private readonly stream: Stream,
		private readonly deviceLists: DeviceListTracker
	) {}

	createUser(localpart: string, displayName?: string): string {
		if (!LOCALPART.test(localpart)) throw new Error(`Invalid localpart ${JSON.stringify(localpart)}.`);
		const userId = `@${localpart}:${this.serverName}`;
		if (this.byId.has(userId)) throw new Error(`User ${userId} already exists.`);
		this.byId.set(userId, newUser(userId, displayName ?? localpart));
		return userId;
	}

	/** The users with everything on them (devices, keys, inboxes, account data): the store's own objects. */
	persist(): User[] {
		return [...this.byId.values()];
	}

	/** Takes stored users in (into an empty store); the token index is rebuilt from their devices. */
	restore(users: readonly User[]): void {
		for (const user of users) {
			this.byId.set(user.userId, user);
			for (const realm of REALMS)
				for (const device of user.devices[realm].values()) this.byToken.set(device.accessToken, device);
		}
	}

	user(userId: string): User | undefined {
		return this.byId.get(userId);
	}

	/** For the admin API: an unknown user is a scenario bug, so it throws. */
	requireUser(userId: string): User {
		const user = this.byId.get(userId);
		if (!user) throw new Error(`Unknown user ${userId}.`);
		return user;
	}

	users(): User[] {
		return [...this.byId.values()];
	}

	/** Adds a device (real, or an attacker's shadow device) and issues its access token. */
	login(userId: string, realm: Realm, deviceId?: string, displayName?: string): Device {
		const user = this.requireUser(userId);
		const devices = user.devices[realm];
		let id = deviceId;
		if (id === undefined)
			do id = this.ids.deviceId();
			while (devices.has(id));
		if (id === '' || devices.has(id))
			throw new Error(`Device ${JSON.stringify(id)} of ${userId} already exists.`);
		const device = newDevice({
			userId,
			deviceId: id,
			realm,
			displayName: displayName ?? id,
			accessToken: this.ids.accessToken()
		});
		devices.set(id, device);
		this.byToken.set(device.accessToken, device);
		this.deviceLists.keysChanged(userId);
		return device;
	}

	/** Removes a device with its keys, inbox and token. */
	deleteDevice(device: Device): void {
		this.user(device.userId)?.devices[device.realm].delete(device.deviceId);
		this.byToken.delete(device.accessToken);
		this.deviceLists.keysChanged(device.userId);
	}

	/** A new access token for an existing device (it logged in again under its own id); the old one stops working. */
	renewToken(device: Device): void {
		this.byToken.delete(device.accessToken);
		device.accessToken = this.ids.accessToken();
		this.byToken.set(device.accessToken, device);
	}

	deviceByToken(token: string): Device | undefined {
		return this.byToken.get(token);
	}

	device(userId: string, realm: Realm, deviceId: string): Device | undefined {
		return this.byId.get(userId)?.devices[realm].get(deviceId);
	}

	devicesOf(userId: string, realm: Realm): Device[] {
		return [...(this.byId.get(userId)?.devices[realm].values() ?? [])];
	}

	// --- HTTP-facing: the caller is a device ---

	/** A device of the caller's own realm (a shadow device manages only shadow devices). */
	ownDevice(caller: Device, deviceId: string): Device {
		const device = this.device(caller.userId, caller.realm, deviceId);
		if (!device) throw notFound(`Device ${deviceId} not found.`);
		return device;
	}

	profile(userId: string): { displayname: string } {
		const user = this.byId.get(userId);
		if (!user) throw notFound(`Profile of ${userId} not found.`);
		return { displayname: user.displayName };
	}

	/** Account data is served in /sync as events, so an entry is held to the event size limit. */
	setDisplayName(caller: Device, userId: string, displayName: string): void {
		if (userId !== caller.userId) throw forbidden("Cannot set another user's display name.");
		if (displayName.length > 256) throw invalidParam('A display name has at most 256 characters.');
		this.requireUser(userId).displayName = displayName;
	}

	/**
	 * The user directory: every user whose id or display name contains the term (case-insensitive), the caller's
	 * shadow-free view. A classroom server shows everyone on it, as Synapse's `search_all_users` does.
	 */
	searchUsers(term: string, limit: number): { results: Record<string, string>[]; limited: boolean } {
		const needle = term.toLowerCase();
		const matches = this.users().filter(
			(u) => u.userId.toLowerCase().includes(needle) || u.displayName.toLowerCase().includes(needle)
		);
		return {
			results: matches.slice(0, limit).map((u) => ({ user_id: u.userId, display_name: u.displayName })),
			limited: matches.length > limit
		};
	}

	createFilter(caller: Device, userId: string, filter: JsonObject): string {
		const user = this.ownAccount(caller, userId, 'filters');
		user.filters.push(filter);
		return String(user.filters.length - 1);
	}

	filter(caller: Device, userId: string, filterId: string): JsonObject {
		const user = this.ownAccount(caller, userId, 'filters');
		const filter = /^\d{1,9}$/.test(filterId) ? user.filters[Number(filterId)] : undefined;
		if (!filter) throw notFound(`No filter ${filterId}.`);
		return filter;
	}

	setAccountData(caller: Device, userId: string, type: string, content: JsonObject): void {
		if (jsonBytes(content) > MAX_EVENT_BYTES) throw tooLarge('Account data over 65,536 bytes.');
		this.ownAccount(caller, userId).accountData.set(type, { content, pos: this.stream.next() });
	}

	accountData(caller: Device, userId: string, type: string): JsonObject {
		const entry = this.ownAccount(caller, userId).accountData.get(type);
		if (!entry) throw notFound(`No account data of type ${type}.`);
		return entry.content;
	}

	private ownAccount(caller: Device, userId: string, what = 'account data'): User {
		if (userId !== caller.userId) throw forbidden(`Cannot access the ${what} of other users.`);
		return this.requireUser(userId);
	}
}
