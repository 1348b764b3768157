/**
 * Key backup and secret storage of one device: the Security Key (made, kept, or cancelled), the backup version on
 * the server, restoring from it, the secrets (cross-signing keys and the backup key) kept in account data under the
 * Security Key, and a backup key handed over by another of the user's devices.
 */
import {
	BackupDecryptionKey,
	DeviceId,
	RoomId,
	UserId,
	type OlmMachine
} from '@matrix-org/matrix-sdk-crypto-wasm';
import { canonicalJson } from './canonical-json';
import { DeviceActionError } from './errors';
import type { OutgoingLoop } from './outgoing';
import { decodeRecoveryKey, encodeRecoveryKey, RecoveryKeyError } from './recovery-key';
import {
	decryptSecret,
	encryptSecret,
	keyCheck,
	SECRET_STORAGE_ALGORITHM,
	type EncryptedSecret
} from './secret-storage';
import { enc, type Transport } from './transport';
import type { BackupState } from './types';

export const BACKUP_SECRET = 'm.megolm_backup.v1';

/** The account data that says the user switched key storage off (the type Element and Element X use). */
export const KEY_STORAGE_OFF = 'm.org.matrix.custom.backup_disabled';

export class KeyBackup {
	/** A Security Key generated for Secure Backup and shown, not yet confirmed as kept. */
	private pendingBackupKey: BackupDecryptionKey | undefined;
	/** Set when another device sent us the backup key (secret gossip): taken on the next sync. */
	secretsPending = false;

	constructor(
		private readonly machine: OlmMachine,
		private readonly transport: Transport,
		private readonly outgoing: OutgoingLoop,
		private readonly userId: string,
		private readonly deviceId: string,
		/** Room keys were imported: the device tries again what it could not decrypt. */
		private readonly onKeysImported: () => Promise<void>,
		/** Errors from background work, surfaced to the world. */
		private readonly errors: string[]
	) {}

	close(): void {
		this.pendingBackupKey?.free();
	}

	/**
	 * "Set up Secure Backup" → "Generate a Security Key": makes the key and returns it as the learner sees it.
	 * Nothing is stored yet: as in Element, the backup and secret storage are created only once the learner has kept
	 * the key and pressed "Continue" (`confirmKeyBackup`); cancelling before that leaves nothing set up.
	 */
	async createSecurityKey(): Promise<string> {
		this.pendingBackupKey?.free();
		this.pendingBackupKey = BackupDecryptionKey.createRandomKey();
		return encodeRecoveryKey(this.pendingBackupKey.toBase64());
	}

	/** "Continue" after the key was kept: creates the backup version under the key and fills secret storage. */
	async confirmKeyBackup(): Promise<void> {
		const key = this.pendingBackupKey;
		if (!key) throw new DeviceActionError('not-ready', 'No Security Key was generated on this device.');
		this.pendingBackupKey = undefined;
		try {
			await this.createBackup(key);
			// Key storage is on again (it may have been switched off before).
			if ((await this.readAccountData(KEY_STORAGE_OFF))?.disabled === true)
				await this.accountData(KEY_STORAGE_OFF, { disabled: false });
		} finally {
			key.free();
		}
	}

	/** "Cancel" → "Are you sure?" → "Cancel": the generated key is forgotten, nothing was set up. */
	async cancelKeyBackup(): Promise<void> {
		this.pendingBackupKey?.free();
		this.pendingBackupKey = undefined;
	}

	private async createBackup(key: BackupDecryptionKey): Promise<void> {
		const publicKey = key.megolmV1PublicKey;
		const authData: Record<string, unknown> = { public_key: publicKey.publicKeyBase64 };
		const signatures = await this.machine.sign(canonicalJson(authData));
		authData.signatures = JSON.parse(signatures.asJSON());
		signatures.free();
		const res = await this.transport.call('POST', '/room_keys/version', {
			algorithm: publicKey.algorithm,
			auth_data: authData
		});
		const version = String(res.version);
		await this.machine.enableBackupV1(publicKey.publicKeyBase64, version);
		await this.machine.saveBackupDecryptionKey(key, version);
		await this.storeSecrets(key.toBase64());
		await this.outgoing.process();
	}

	/**
	 * Deletes the key storage: the backup on the server, this device's uploading into it, and the recovery key (secret
	 * storage's default key, so the stored secrets can no longer be opened). `turnedOff` records that the learner
	 * chose to have no key storage (the account data Element writes when "Allow key storage" is switched off), so the
	 * client stops asking for it; a reset of the identity deletes the storage without that choice.
	 */
	async deleteKeyStorage({ turnedOff }: { turnedOff: boolean }): Promise<void> {
		this.pendingBackupKey?.free();
		this.pendingBackupKey = undefined;
		const info = await this.transport.getIfExists('/room_keys/version');
		if (info) await this.transport.call('DELETE', `/room_keys/version/${enc(String(info.version))}`);
		await this.machine.disableBackup();
		await this.accountData('m.secret_storage.default_key', {});
		if (turnedOff) await this.accountData(KEY_STORAGE_OFF, { disabled: true });
	}

	private accountData(type: string, content: unknown) {
		return this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/${enc(type)}`, content);
	}

	private readAccountData(type: string) {
		return this.transport.getIfExists(`/user/${enc(this.userId)}/account_data/${enc(type)}`);
	}

	async backupState(): Promise<BackupState> {
		const info = await this.transport.getIfExists('/room_keys/version');
		const version = info ? String(info.version) : undefined;
		const keys = await this.machine.getBackupKeys();
		// The getter hands out a fresh key object each time: read it once and free it.
		const decryptionKey = keys.decryptionKey;
		const counts = await this.machine.roomKeyCounts();
		const state: BackupState = {
			exists: version !== undefined,
			version,
			enabled: await this.machine.isBackupEnabled(),
			hasKey: decryptionKey !== undefined && keys.backupVersion === version,
			keysTotal: counts.total,
			keysBackedUp: counts.backedUp,
			recovery: typeof (await this.readAccountData('m.secret_storage.default_key'))?.key === 'string',
			keyStorageOff: (await this.readAccountData(KEY_STORAGE_OFF))?.disabled === true
		};
		decryptionKey?.free();
		keys.free();
		counts.free();
		return state;
	}

	/**
	 * "Verify with Security Key" / restoring from backup: checks the key against the backup, downloads and
	 * imports the room keys, and decrypts what could not be read. Throws DeviceActionError with a reason the
	 * learner can act on; a wrong key changes nothing. Returns how many keys were imported.
	 */
	async restoreFromBackup(typedKey: string): Promise<{ imported: number; total: number }> {
		let keyBase64: string;
		try {
			keyBase64 = decodeRecoveryKey(typedKey);
		} catch (e) {
			if (e instanceof RecoveryKeyError)
				throw new DeviceActionError('invalid-key', `Invalid Security Key: ${e.message}`);
			throw e;
		}
		const key = BackupDecryptionKey.fromBase64(keyBase64);
		try {
			const restored = await this.restoreWith(key);
			// "Verify with Security Key": the same key opens the cross-signing keys in secret storage.
			await this.unlockCrossSigning(keyBase64);
			return restored;
		} finally {
			key.free();
		}
	}

	private async latestBackup(): Promise<{ version: string; auth_data: { public_key?: string } }> {
		const info = await this.transport.getIfExists('/room_keys/version');
		if (!info) throw new DeviceActionError('no-backup', 'There is no key backup on the server.');
		return info as { version: string; auth_data: { public_key?: string } };
	}

	private async restoreWith(key: BackupDecryptionKey): Promise<{ imported: number; total: number }> {
		const info = await this.latestBackup();
		if (key.megolmV1PublicKey.publicKeyBase64 !== info.auth_data.public_key) {
			throw new DeviceActionError(
				'wrong-key',
				'Wrong Security Key: it does not open the backup on the server.'
			);
		}
		const version = info.version;
		const data = (await this.transport.call('GET', `/room_keys/keys?version=${enc(version)}`)) as {
			rooms?: Record<string, { sessions?: Record<string, { session_data: Record<string, string> }> }>;
		};
		const decrypted = new Map<RoomId, Map<string, unknown>>();
		for (const [roomId, room] of Object.entries(data.rooms ?? {})) {
			const sessions = new Map<string, unknown>();
			for (const [sessionId, s] of Object.entries(room.sessions ?? {})) {
				const sd = s.session_data;
				sessions.set(
					sessionId,
					JSON.parse(key.decryptV1(sd.ephemeral ?? '', sd.mac ?? '', sd.ciphertext ?? ''))
				);
			}
			decrypted.set(new RoomId(roomId), sessions);
		}
		const result = await this.machine.importBackedUpRoomKeys(decrypted, () => undefined, version);
		const counts = { imported: result.importedCount, total: result.totalCount };
		result.free();
		// From now on this device backs up too, and can hand the key to its other devices.
		await this.machine.saveBackupDecryptionKey(BackupDecryptionKey.fromBase64(key.toBase64()), version);
		await this.machine.enableBackupV1(key.megolmV1PublicKey.publicKeyBase64, version);
		await this.onKeysImported();
		await this.outgoing.process();
		return counts;
	}

	/**
	 * Keeps this user's cross-signing private keys and the backup key in secret storage (account data), encrypted
	 * under the Security Key, as Element does when Secure Backup is set up. The Security Key here is the backup key.
	 */
	private async storeSecrets(keyBase64: string): Promise<void> {
		const key = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
		const keyId = `key${Date.now().toString(36)}`;
		const accountData = (type: string, content: unknown) =>
			this.transport.call('PUT', `/user/${enc(this.userId)}/account_data/${enc(type)}`, content);
		await accountData(`m.secret_storage.key.${keyId}`, {
			algorithm: SECRET_STORAGE_ALGORITHM,
			name: 'Security Key',
			...(await keyCheck(key))
		});
		await accountData('m.secret_storage.default_key', { key: keyId });
		const exported = await this.machine.exportCrossSigningKeys();
		const secrets: [string, string | undefined][] = [
			['m.cross_signing.master', exported?.masterKey],
			['m.cross_signing.self_signing', exported?.self_signing_key],
			['m.cross_signing.user_signing', exported?.userSigningKey],
			[BACKUP_SECRET, keyBase64]
		];
		exported?.free();
		for (const [name, value] of secrets) {
			if (value) await accountData(name, { encrypted: { [keyId]: await encryptSecret(value, key, name) } });
		}
	}

	/**
	 * With the Security Key, takes the cross-signing keys out of secret storage and signs this device with them:
	 * the device is then verified, as after "Verify with Security Key" in Element. Does nothing when this device
	 * already holds the keys or nothing is stored.
	 */
	private async unlockCrossSigning(keyBase64: string): Promise<void> {
		const status = await this.machine.crossSigningStatus();
		const has = status.hasMaster && status.hasSelfSigning && status.hasUserSigning;
		status.free();
		if (has) return;
		const read = (type: string) =>
			this.transport.getIfExists(`/user/${enc(this.userId)}/account_data/${enc(type)}`);
		const keyId = (await read('m.secret_storage.default_key'))?.key;
		if (typeof keyId !== 'string') return;
		const key = Uint8Array.from(atob(keyBase64), (c) => c.charCodeAt(0));
		const open = async (name: string) => {
			const stored = ((await read(name))?.encrypted as Record<string, EncryptedSecret> | undefined)?.[keyId];
			return stored ? decryptSecret(stored, key, name) : undefined;
		};
		const master = await open('m.cross_signing.master');
		const selfSigning = await open('m.cross_signing.self_signing');
		const userSigning = await open('m.cross_signing.user_signing');
		if (!master || !selfSigning || !userSigning) return;
		(await this.machine.importCrossSigningKeys(master, selfSigning, userSigning)).free();
		const own = await this.machine.getDevice(new UserId(this.userId), new DeviceId(this.deviceId));
		if (own) {
			await this.outgoing.send(await own.verify());
			own.free();
		}
		await this.outgoing.process();
	}

	/** A verified device of ours sent us the backup key (secret gossip after self-verification): use it. */
	async takeGossipedBackupKey(): Promise<void> {
		this.secretsPending = false;
		const secrets = await this.machine.getSecretsFromInbox(BACKUP_SECRET);
		for (const secret of secrets) {
			const key = BackupDecryptionKey.fromBase64(secret);
			try {
				await this.restoreWith(key);
				break;
			} catch (e) {
				this.errors.push(`Could not use the backup key sent by another device: ${(e as Error).message}`);
			} finally {
				key.free();
			}
		}
		await this.machine.deleteSecretsFromInbox(BACKUP_SECRET);
	}
}
