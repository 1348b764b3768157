/**
 * Reading encrypted room events: Megolm decryption into the device's timeline entries, with the crypto library's
 * verdict on each message (the shield), and a retry of what could not be read once room keys arrive.
 */
import { RoomId, ShieldColor, ShieldStateCode, type OlmMachine } from '@matrix-org/matrix-sdk-crypto-wasm';
import type { MatrixEvent } from '../homeserver/types';
import { refusedForTrust, roomDecryptionSettings, unableToDecrypt, type DeviceIsolation } from './isolation';
import type { RoomState, RoomStore } from './room-store';
import type { MessageTrust, TimelineEntry } from './types';

const SHIELD_COLORS: Record<ShieldColor, MessageTrust['color']> = {
	[ShieldColor.Red]: 'red',
	[ShieldColor.Grey]: 'grey',
	[ShieldColor.None]: 'none'
};

export class Decryptor {
	constructor(
		private readonly machine: OlmMachine,
		private readonly store: RoomStore,
		private readonly isolation: DeviceIsolation
	) {}

	/**
	 * Decrypts an event into its timeline entry (clear type and content, sender device, shield), or marks the entry
	 * "Unable to decrypt" (with why: a missing or withheld key, or the library refused the sender's device because
	 * insecure devices are excluded) and keeps the event for a retry. Returns whether it could be read.
	 */
	async decryptInto(room: RoomState, entry: TimelineEntry, ev: MatrixEvent): Promise<boolean> {
		try {
			const res = await this.machine.decryptRoomEvent(
				JSON.stringify(ev),
				new RoomId(room.view.roomId),
				roomDecryptionSettings(this.isolation)
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
			entry.utd = unableToDecrypt(e);
			room.undecrypted.set(ev.event_id, ev);
			return false;
		}
	}

	/** Tries again to decrypt what could not be read: room keys arrived (from a sender, a backup, a gossip). */
	async retry(): Promise<void> {
		for (const { room, entry, ev } of this.store.undecrypted()) await this.decryptInto(room, entry, ev);
	}

	/** Whether some event was refused for its sender's device (worth a retry once trust changed). */
	hasTrustRefusals(): boolean {
		return this.store.undecrypted().some(({ entry }) => refusedForTrust(entry.utd));
	}

	/** Tries again what the library refused for its sender's device: that device's trust may have changed. */
	async retryTrustRefusals(): Promise<void> {
		for (const { room, entry, ev } of this.store.undecrypted())
			if (refusedForTrust(entry.utd)) await this.decryptInto(room, entry, ev);
	}
}
