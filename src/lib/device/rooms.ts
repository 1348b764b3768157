/**
 * What a device asks its homeserver about rooms: create (encrypted or not, a DM), join, invite, leave, switch
 * encryption on, send state and messages (through Megolm in an encrypted room), and the `m.direct` bookkeeping that
 * Element does. The device's queue runs each one, then syncs.
 */
import { DeviceActionError } from './errors';
import type { MegolmEncryptor } from './megolm';
import { MEGOLM, type RoomStore } from './room-store';
import { enc, type Transport } from './transport';

export interface CreateRoomOptions {
	name?: string;
	topic?: string;
	encrypted: boolean;
	isPublic?: boolean;
	invite?: string[];
	isDirect?: boolean;
}

export class RoomActions {
	constructor(
		private readonly transport: Transport,
		private readonly store: RoomStore,
		private readonly megolm: MegolmEncryptor,
		private readonly userId: string
	) {}

	async create(opts: CreateRoomOptions): Promise<string> {
		const initialState: unknown[] = [];
		// Element hides the switch for public rooms: a public room is created unencrypted.
		if (opts.encrypted && !opts.isPublic) {
			initialState.push({ type: 'm.room.encryption', state_key: '', content: { algorithm: MEGOLM } });
		}
		const body: Record<string, unknown> = {
			preset: opts.isPublic ? 'public_chat' : opts.isDirect ? 'trusted_private_chat' : 'private_chat',
			visibility: opts.isPublic ? 'public' : 'private',
			invite: opts.invite ?? [],
			is_direct: opts.isDirect ?? false,
			initial_state: initialState
		};
		if (opts.name) body.name = opts.name;
		if (opts.topic) body.topic = opts.topic;
		const res = await this.transport.call('POST', '/createRoom', body);
		const roomId = String(res.room_id);
		if (opts.isDirect && opts.invite?.[0]) await this.markDirect(opts.invite[0], roomId);
		return roomId;
	}

	/** Does this person have devices with keys? (Element makes a new DM encrypted only then.) */
	async hasKeys(userId: string): Promise<boolean> {
		const keys = await this.transport.call('POST', '/keys/query', { device_keys: { [userId]: [] } });
		return Object.keys(((keys.device_keys ?? {}) as Record<string, object>)[userId] ?? {}).length > 0;
	}

	/** Accepts an invite. A DM invite is recorded in m.direct, as Element does. */
	async join(roomId: string): Promise<void> {
		const invite = this.store.invite(roomId);
		await this.transport.call('POST', `/rooms/${enc(roomId)}/join`, {});
		if (invite?.isDirect && invite.inviter) await this.markDirect(invite.inviter, roomId);
	}

	async invite(roomId: string, userId: string): Promise<void> {
		await this.transport.call('POST', `/rooms/${enc(roomId)}/invite`, { user_id: userId });
	}

	async leave(roomId: string): Promise<void> {
		await this.transport.call('POST', `/rooms/${enc(roomId)}/leave`, {});
	}

	/** Sends any state event; returns its event id (the server checks the power level). */
	async sendState(
		roomId: string,
		type: string,
		stateKey: string,
		content: Record<string, unknown>
	): Promise<string> {
		const path = `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`;
		const res = await this.transport.call('PUT', path, content);
		return String(res.event_id);
	}

	/** Sends a message: encrypted in an encrypted room (sharing the room key first), plain otherwise. */
	async send(roomId: string, content: Record<string, unknown>): Promise<string> {
		const room = this.store.get(roomId);
		if (!room) throw new DeviceActionError('not-found', `This device is not in room ${roomId}.`);
		const encrypted = !!room.view.encryption;
		const body = encrypted ? JSON.parse(await this.megolm.encrypt(room, 'm.room.message', content)) : content;
		const type = encrypted ? 'm.room.encrypted' : 'm.room.message';
		const res = await this.transport.call(
			'PUT',
			`/rooms/${enc(roomId)}/send/${type}/${enc(this.transport.txnId())}`,
			body
		);
		return String(res.event_id);
	}

	private async markDirect(userId: string, roomId: string): Promise<void> {
		const next = this.store.withDirectRoom(userId, roomId);
		await this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/m.direct`, next);
		this.store.setDirectRooms(next);
	}
}
