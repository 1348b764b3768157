/**
 * To-device messages: `PUT /sendToDevice` fills per-device inboxes; /sync delivers and acknowledges them.
 * Spec semantics: a sync delivers everything after its `since`, and a later sync whose `since` covers a message
 * acknowledges it (it is deleted). A client that lost a response and retries with the old token gets it again.
 */
import type { Accounts } from './accounts';
import { keyRealmFor } from './compromise';
import type { Faults } from './faults';
import { tooLarge } from './errors';
import { jsonBytes, MAX_EVENT_BYTES, type JsonObject } from './json';
import type { Device, Realm } from './model';
import type { Stream } from './stream';
import type { Clock, ToDeviceEvent } from './types';
import { objectEntries, requireObject, requireUserId } from './validation';

export class ToDeviceService {
	constructor(
		private readonly accounts: Accounts,
		private readonly stream: Stream,
		private readonly faults: Faults,
		private readonly clock: Clock
	) {}

	/** Unknown users and devices are ignored, as Synapse does. */
	send(sender: Device, eventType: string, body: JsonObject): void {
		const messages = objectEntries(requireObject(body, 'messages'), 'messages').map(
			([userId, byDevice]) => [requireUserId(userId), objectEntries(byDevice, `messages.${userId}`)] as const
		);
		// Each message reaches its device as an event in /sync, so each is held to the event size limit.
		for (const [, byDevice] of messages)
			for (const [deviceId, content] of byDevice)
				if (jsonBytes(content) > MAX_EVENT_BYTES)
					throw tooLarge(`The message for ${deviceId} is over 65,536 bytes.`);
		for (const [userId, byDevice] of messages) {
			// A compromised server hands the victim's messages for the target to the attacker, and vice versa.
			const realm = keyRealmFor(this.faults.activeCompromise, sender, userId);
			for (const [deviceId, content] of byDevice) {
				for (const recipient of this.recipients(userId, realm, deviceId)) {
					this.enqueue(recipient, { type: eventType, sender: sender.userId, content });
				}
			}
		}
	}

	/** Messages for `device` after `since`; those up to `since` are acknowledged and deleted. */
	deliver(device: Device, since: number | undefined): ToDeviceEvent[] {
		const inbox = device.inbox;
		if (since !== undefined) inbox.messages = inbox.messages.filter((m) => m.pos > since);
		return inbox.messages.map((m) => m.event);
	}

	/** Moves delayed messages whose time has come into the inbox (they take their stream position now). */
	releaseDue(device: Device): void {
		const now = this.clock.now();
		const due = device.inbox.delayed
			.filter((m) => m.releaseAt <= now)
			.sort((a, b) => a.releaseAt - b.releaseAt);
		if (due.length === 0) return;
		device.inbox.delayed = device.inbox.delayed.filter((m) => m.releaseAt > now);
		for (const { event } of due) device.inbox.messages.push({ pos: this.stream.next(), event });
	}

	private recipients(userId: string, realm: Realm, deviceId: string): Device[] {
		if (deviceId === '*') return this.accounts.devicesOf(userId, realm);
		const device = this.accounts.device(userId, realm, deviceId);
		if (device) return [device];
		// Redirected to the shadow realm, a message for one of the user's real devices reaches all the shadow devices.
		return realm === 'shadow' ? this.accounts.devicesOf(userId, 'shadow') : [];
	}

	private enqueue(recipient: Device, event: ToDeviceEvent): void {
		const fate = this.faults.toDeviceFate({
			sender: event.sender,
			recipient: recipient.userId,
			eventType: event.type
		});
		if (fate.kind === 'drop') return;
		if (fate.kind === 'delay') recipient.inbox.delayed.push({ releaseAt: this.clock.now() + fate.ms, event });
		else recipient.inbox.messages.push({ pos: this.stream.next(), event });
	}
}
