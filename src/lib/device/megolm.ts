/**
 * Sending into an encrypted room: the Megolm steps before each encrypted event (crypto notes: track the members,
 * query their devices, claim one-time keys for new Olm sessions, share the room key, then encrypt).
 */
import { DeviceActionError } from './errors';
import {
	EncryptionSettings,
	HistoryVisibility,
	RoomId,
	UserId,
	type OlmMachine
} from '@matrix-org/matrix-sdk-crypto-wasm';
import { sharingStrategy, type DeviceIsolation } from './isolation';
import type { OutgoingLoop } from './outgoing';
import type { RoomState, RoomStore } from './room-store';

const HISTORY: Record<string, HistoryVisibility> = {
	invited: HistoryVisibility.Invited,
	joined: HistoryVisibility.Joined,
	shared: HistoryVisibility.Shared,
	world_readable: HistoryVisibility.WorldReadable
};

export class MegolmEncryptor {
	constructor(
		private readonly machine: OlmMachine,
		private readonly outgoing: OutgoingLoop,
		private readonly store: RoomStore,
		private readonly trackUser: (userId: string) => boolean,
		private readonly isolation: DeviceIsolation
	) {}

	/**
	 * Encrypts one event for the room's members (sharing the room key first, with every device or, when insecure
	 * devices are excluded, only the cross-signed ones); returns the ciphertext JSON.
	 */
	async encrypt(room: RoomState, type: string, content: Record<string, unknown>): Promise<string> {
		const roomId = room.view.roomId;
		const visibility = room.view.historyVisibility;
		const recipients = this.store.recipients(room, this.trackUser);
		const ids = () => recipients.map((u) => new UserId(u));
		await this.machine.updateTrackedUsers(ids());
		await this.outgoing.process();
		const claim = await this.machine.getMissingSessions(ids());
		if (claim) await this.outgoing.send(claim);
		const settings = new EncryptionSettings();
		settings.historyVisibility = HISTORY[visibility] ?? HistoryVisibility.Shared;
		// Insecure devices excluded: the library shares only with cross-signed devices and withholds the key from
		// the others (`m.room_key.withheld`, code `m.unverified`).
		const strategy = sharingStrategy(this.isolation);
		if (strategy) settings.sharingStrategy = strategy;
		let shares;
		try {
			shares = await this.machine.shareRoomKey(new RoomId(roomId), ids(), settings);
		} catch (e) {
			// With insecure devices excluded, the library refuses to share from a device its owner has not
			// cross-signed: that is something the learner can fix (confirm this device), so it is said as such.
			if (this.isolation.excludeInsecureDevices)
				throw new DeviceActionError(
					'unverified-device',
					`This device is not verified, so it cannot send encrypted messages while insecure devices are excluded (${String(e)})`
				);
			throw e;
		}
		for (const req of shares) await this.outgoing.send(req);
		const ciphertext = await this.machine.encryptRoomEvent(new RoomId(roomId), type, JSON.stringify(content));
		await this.outgoing.process();
		return ciphertext;
	}

	/** Starts a new Megolm session for the room on the next message (the sender's session "rotates"). */
	rotate(roomId: string): Promise<boolean> {
		return this.machine.invalidateGroupSession(new RoomId(roomId));
	}
}
