/**
 * The server's-eye view for the "under the hood" panel: what the server stores, as plain serialisable data.
 * Faithful on purpose: room events appear with their content exactly as stored, so for an encrypted message that is
 * only ciphertext (and a test can assert that no plaintext ever reached the server).
 */
import type { Accounts } from './accounts';
import type { BackupVersionView, KeyBackupService } from './backup';
import type { Audience, CompromiseSpec } from './compromise';
import type { Faults } from './faults';
import { cloneJson, isJsonObject, own, type JsonObject } from './json';
import { REALMS, type CrossSigningIdentity, type Device } from './model';
import type { Membership } from './room';
import type { RoomService } from './rooms';

export interface ServerView {
	serverName: string;
	users: ServerUserView[];
	rooms: ServerRoomView[];
	keyBackups: { userId: string; versions: BackupVersionView[] }[];
	compromise: CompromiseSpec | null;
}

export interface ServerUserView {
	userId: string;
	displayName: string;
	/** Real devices first, then the attacker's shadow devices (`shadow: true`) if any. */
	devices: ServerDeviceView[];
	/** Public keys of the cross-signing identity; `shadow` is the attacker's stand-in identity, if uploaded. */
	crossSigning: { real: CrossSigningView; shadow: CrossSigningView };
}

export interface CrossSigningView {
	master?: string;
	selfSigning?: string;
	userSigning?: string;
}

export interface ServerDeviceView {
	deviceId: string;
	displayName: string;
	shadow: boolean;
	/** The `keys` of the uploaded device keys (public keys), if uploaded. */
	keys?: Record<string, string>;
	oneTimeKeys: number;
	unusedFallbackKey: boolean;
	/** To-device messages waiting in the inbox (not yet acknowledged by a sync). */
	pendingToDevice: number;
	/** To-device messages held back by a delay fault. */
	delayedToDevice: number;
	offline: boolean;
}

export interface ServerRoomView {
	roomId: string;
	name?: string;
	encrypted: boolean;
	algorithm?: string;
	members: { userId: string; membership: Membership }[];
	events: ServerEventView[];
}

export interface ServerEventView {
	eventId: string;
	type: string;
	sender: string;
	ts: number;
	stateKey?: string;
	/** As stored. For `m.room.encrypted`: algorithm, sender_key, session_id, ciphertext, device_id. */
	content: JsonObject;
	/** Set when a compromised server split who sees this message. */
	audience?: Audience;
}

export interface ServerViewSources {
	serverName: string;
	accounts: Accounts;
	rooms: RoomService;
	backups: KeyBackupService;
	faults: Faults;
}

export function buildServerView({
	serverName,
	accounts,
	rooms,
	backups,
	faults
}: ServerViewSources): ServerView {
	const view: ServerView = {
		serverName,
		users: accounts.users().map((user) => ({
			userId: user.userId,
			displayName: user.displayName,
			devices: REALMS.flatMap((realm) => [...user.devices[realm].values()].map((d) => deviceView(d, faults))),
			crossSigning: {
				real: crossSigningView(user.identities.real),
				shadow: crossSigningView(user.identities.shadow)
			}
		})),
		rooms: rooms.all().map((room) => ({
			roomId: room.roomId,
			...(room.name !== undefined && { name: room.name }),
			encrypted: room.encryptionAlgorithm !== undefined,
			...(room.encryptionAlgorithm !== undefined && { algorithm: room.encryptionAlgorithm }),
			members: room.members().map(([userId, membership]) => ({ userId, membership })),
			events: room.events.map(({ event, audience }) => ({
				eventId: event.event_id,
				type: event.type,
				sender: event.sender,
				ts: event.origin_server_ts,
				...(event.state_key !== undefined && { stateKey: event.state_key }),
				content: event.content,
				...(audience && { audience })
			}))
		})),
		keyBackups: backups.view(),
		compromise: faults.activeCompromise ?? null
	};
	// A copy: the caller may keep or change it without touching the store.
	return cloneJson(view);
}

function deviceView(device: Device, faults: Faults): ServerDeviceView {
	const keys = device.keys.deviceKeys && own(device.keys.deviceKeys.body, 'keys');
	return {
		deviceId: device.deviceId,
		displayName: device.displayName,
		shadow: device.realm === 'shadow',
		...(isJsonObject(keys) && { keys: keys as Record<string, string> }),
		oneTimeKeys: device.keys.oneTimeKeys.size,
		unusedFallbackKey: [...device.keys.fallbackKeys.values()].some((k) => !k.used),
		pendingToDevice: device.inbox.messages.length,
		delayedToDevice: device.inbox.delayed.length,
		offline: faults.isOffline(device)
	};
}

function crossSigningView(identity: CrossSigningIdentity): CrossSigningView {
	return {
		...(identity.master && { master: identity.master.publicKey }),
		...(identity.selfSigning && { selfSigning: identity.selfSigning.publicKey }),
		...(identity.userSigning && { userSigning: identity.userSigning.publicKey })
	};
}
