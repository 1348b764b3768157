/**
 * Server-side key backup (spec §"Server-side key backups"): versions per user, and per version the encrypted room
 * keys by room and session. The server only stores `session_data`; it cannot read it.
 *
 * When a session is uploaded again, the spec's rule decides which copy to keep: a verified one beats an unverified
 * one, then the lower `first_message_index`, then the lower `forwarded_count`; on a tie the stored copy stays.
 *
 * Backups belong to a user id: an attacker's shadow devices share the real user's backup.
 */
import { missingParam, notFound, invalidParam, wrongRoomKeysVersion } from './errors';
import type { JsonObject } from './json';
import {
	objectEntries,
	optionalString,
	requireBoolean,
	requireInteger,
	requireObject,
	requireString
} from './validation';

export interface KeyBackupData {
	first_message_index: number;
	forwarded_count: number;
	is_verified: boolean;
	session_data: JsonObject;
}

export interface BackupVersion {
	version: string;
	algorithm: string;
	authData: JsonObject;
	etag: number;
	/** roomId → sessionId → key. */
	rooms: Map<string, Map<string, KeyBackupData>>;
}

export interface UserBackups {
	/** Live versions; deleting a version deletes its keys. */
	versions: Map<string, BackupVersion>;
	/** Version numbers are never reused. */
	lastVersion: number;
}

export interface BackupVersionView {
	version: string;
	algorithm: string;
	keyCount: number;
	current: boolean;
}

export class KeyBackupService {
	private readonly byUser = new Map<string, UserBackups>();

	/** Every user's backup versions and keys (the service's own map). */
	persist(): Map<string, UserBackups> {
		return this.byUser;
	}

	restore(byUser: ReadonlyMap<string, UserBackups>): void {
		for (const [userId, backups] of byUser) this.byUser.set(userId, backups);
	}

	createVersion(userId: string, body: JsonObject): { version: string } {
		const algorithm = requireString(body, 'algorithm');
		const authData = requireObject(body, 'auth_data');
		const backups = this.backupsOf(userId);
		const version = String(++backups.lastVersion);
		backups.versions.set(version, { version, algorithm, authData, etag: 0, rooms: new Map() });
		return { version };
	}

	/** A version's info, or the current (latest) one's when `version` is undefined. */
	versionInfo(userId: string, version?: string): Record<string, unknown> {
		const backup = version === undefined ? this.current(userId) : this.find(userId, version);
		if (!backup)
			throw notFound(
				version === undefined ? 'No current backup version.' : `Unknown backup version ${version}.`
			);
		return {
			version: backup.version,
			algorithm: backup.algorithm,
			auth_data: backup.authData,
			etag: String(backup.etag),
			count: countKeys(backup)
		};
	}

	/** Replaces `auth_data`; the algorithm cannot change. */
	updateVersion(userId: string, version: string, body: JsonObject): Record<string, never> {
		const algorithm = requireString(body, 'algorithm');
		const authData = requireObject(body, 'auth_data');
		const bodyVersion = optionalString(body, 'version');
		const backup = this.find(userId, version);
		if (!backup) throw notFound(`Unknown backup version ${version}.`);
		if (bodyVersion !== undefined && bodyVersion !== version)
			throw invalidParam('The version in the body does not match.');
		if (algorithm !== backup.algorithm)
			throw invalidParam('The algorithm of a backup version cannot change.');
		backup.authData = authData;
		return {};
	}

	deleteVersion(userId: string, version: string): Record<string, never> {
		// Looked up without creating: a refused delete must leave no empty record behind.
		if (!this.byUser.get(userId)?.versions.delete(version))
			throw notFound(`Unknown backup version ${version}.`);
		return {};
	}

	/** Stores keys into the current version only: an old version is 403 M_WRONG_ROOM_KEYS_VERSION. */
	putKeys(
		userId: string,
		query: ReadonlyMap<string, string>,
		body: JsonObject
	): { etag: string; count: number } {
		const version = requireVersion(query);
		const uploads = objectEntries(requireObject(body, 'rooms'), 'rooms').flatMap(([roomId, room]) =>
			objectEntries(requireObject(room, 'sessions'), `rooms.${roomId}.sessions`).map(
				([sessionId, data]) => [roomId, sessionId, parseKeyBackupData(data)] as const
			)
		);
		const current = this.current(userId);
		if (!current) throw notFound('No current backup version.');
		if (current.version !== version) throw wrongRoomKeysVersion(current.version);

		let changed = false;
		for (const [roomId, sessionId, data] of uploads) {
			let sessions = current.rooms.get(roomId);
			if (!sessions) current.rooms.set(roomId, (sessions = new Map()));
			const stored = sessions.get(sessionId);
			if (stored && !isBetter(data, stored)) continue;
			sessions.set(sessionId, data);
			changed = true;
		}
		if (changed) current.etag++;
		return { etag: String(current.etag), count: countKeys(current) };
	}

	/** All keys of a version, one room's, or one session's (404 when that session is not backed up). */
	getKeys(
		userId: string,
		query: ReadonlyMap<string, string>,
		roomId?: string,
		sessionId?: string
	): Record<string, unknown> {
		const version = requireVersion(query);
		const backup = this.find(userId, version);
		if (!backup) throw notFound(`Unknown backup version ${version}.`);
		const sessionsOf = (sessions: Map<string, KeyBackupData> | undefined) => ({
			sessions: Object.fromEntries(sessions ?? [])
		});
		if (roomId === undefined) {
			return {
				rooms: Object.fromEntries([...backup.rooms].map(([id, sessions]) => [id, sessionsOf(sessions)]))
			};
		}
		const sessions = backup.rooms.get(roomId);
		if (sessionId === undefined) return sessionsOf(sessions);
		const key = sessions?.get(sessionId);
		if (!key) throw notFound(`Session ${sessionId} is not backed up.`);
		return { ...key };
	}

	view(): { userId: string; versions: BackupVersionView[] }[] {
		return [...this.byUser].map(([userId, backups]) => {
			const current = this.current(userId)?.version;
			return {
				userId,
				versions: [...backups.versions.values()].map((b) => ({
					version: b.version,
					algorithm: b.algorithm,
					keyCount: countKeys(b),
					current: b.version === current
				}))
			};
		});
	}

	private backupsOf(userId: string): UserBackups {
		let backups = this.byUser.get(userId);
		if (!backups) this.byUser.set(userId, (backups = { versions: new Map(), lastVersion: 0 }));
		return backups;
	}

	private find(userId: string, version: string): BackupVersion | undefined {
		return this.byUser.get(userId)?.versions.get(version);
	}

	private current(userId: string): BackupVersion | undefined {
		return [...(this.byUser.get(userId)?.versions.values() ?? [])].at(-1);
	}
}

function requireVersion(query: ReadonlyMap<string, string>): string {
	const version = query.get('version');
	if (version === undefined) throw missingParam("Missing the 'version' query parameter.");
	return version;
}

function parseKeyBackupData(json: JsonObject): KeyBackupData {
	return {
		first_message_index: requireInteger(json, 'first_message_index', 0),
		forwarded_count: requireInteger(json, 'forwarded_count', 0),
		is_verified: requireBoolean(json, 'is_verified'),
		session_data: requireObject(json, 'session_data')
	};
}

/** The spec's preference between two copies of a session key. */
function isBetter(candidate: KeyBackupData, stored: KeyBackupData): boolean {
	if (candidate.is_verified !== stored.is_verified) return candidate.is_verified;
	if (candidate.first_message_index !== stored.first_message_index) {
		return candidate.first_message_index < stored.first_message_index;
	}
	return candidate.forwarded_count < stored.forwarded_count;
}

const countKeys = (backup: BackupVersion): number =>
	[...backup.rooms.values()].reduce((n, sessions) => n + sessions.size, 0);
