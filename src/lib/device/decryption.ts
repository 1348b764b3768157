/**
 * Reading encrypted room events: Megolm decryption into the device's timeline entries, with the crypto library's
 * verdict on each message (the shield), and a retry of what could not be read once room keys arrive.
 */
import {
	DecryptionSettings,
	RoomId,
	ShieldColor,
	ShieldStateCode,
	TrustRequirement,
	type OlmMachine
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { MatrixEvent } from '../homeserver/types';
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
		private readonly store: RoomStore
	) {}

	/**
	 * Decrypts an event into its timeline entry (clear type and content, sender device, shield), or marks the entry
	 * "Unable to decrypt" and keeps the event for a retry. Returns whether it could be read.
	 */
	async decryptInto(room: RoomState, entry: TimelineEntry, ev: MatrixEvent): Promise<boolean> {
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
	async retry(): Promise<void> {
		for (const { room, entry, ev } of this.store.undecrypted()) await this.decryptInto(room, entry, ev);
	}
}
