/**
 * A real Matrix client against the classroom server: matrix-js-sdk from npm, with its rust crypto
 * (`initRustCrypto`, the same @matrix-org/matrix-sdk-crypto-wasm the course uses), over real HTTP, nothing
 * stubbed. It registers with the workshop code, logs in, sets up cross-signing, opens an encrypted DM with Bob (the
 * server's scripted contact, a real user of it), reads his answer, verifies him by emoji — its seven emoji are the
 * ones Bob's own device derived — and sets up secret storage with key backup, whose keys land on the server.
 */
import {
	ClientEvent,
	createClient,
	EventType,
	MatrixError,
	Preset,
	SyncState,
	type MatrixClient
} from 'matrix-js-sdk';
import {
	VerificationPhase,
	VerifierEvent,
	type GeneratedSecretStorageKey,
	type ShowSasCallbacks
} from 'matrix-js-sdk/lib/crypto-api/index.js';
import { logger, type Logger } from 'matrix-js-sdk/lib/logger.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sasEmojiList } from '../device/sas-emoji';
import type { ClassroomServer } from './http-server';
import { CODE, PASSWORD, startTestServer } from './test-support';

/** The client's own chatter is not the test's: errors only. */
const quiet: Logger = {
	trace: () => {},
	debug: () => {},
	info: () => {},
	warn: () => {},
	error: (...args: unknown[]) => console.error('[matrix-js-sdk]', ...args),
	getChild: () => quiet
};

// Some of its modules log through the shared logger (loglevel) rather than the client's.
(logger as unknown as { setLevel(level: string): void }).setLevel('error');

let server: ClassroomServer;
let client: MatrixClient | undefined;

beforeAll(async () => {
	// Its rust crypto traces at debug level to the console (initRustCrypto turns that on): not the test's output.
	for (const level of ['log', 'info', 'debug'] as const)
		vi.spyOn(console, level).mockImplementation(() => {});
	server = await startTestServer({ contacts: { personas: [{ kind: 'bob' }], pace: 0.2 } });
});
afterAll(async () => {
	client?.stopClient();
	await server.close();
	vi.restoreAllMocks();
});

/** Waits until `check` holds, asking again on every turn of the event loop that the client's work leaves. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('matrix-js-sdk with its rust crypto against the classroom server', () => {
	it('registers with the workshop code, verifies Bob by emoji in an encrypted DM and sets up key backup', async () => {
		const baseUrl = server.url;
		const bob = server.contacts!.persona('bob')!;

		// Registration: the server's challenge, then the workshop code as an m.login.registration_token.
		const anonymous = createClient({ baseUrl, logger: quiet });
		const challenge = await anonymous
			.registerRequest({ username: 'grace', password: PASSWORD })
			.then(() => undefined)
			.catch((e: unknown) => e);
		expect(challenge).toBeInstanceOf(MatrixError);
		const session = (challenge as MatrixError).data.session as string;
		expect((challenge as MatrixError).data.flows).toEqual([{ stages: ['m.login.registration_token'] }]);
		await anonymous.registerRequest({
			username: 'grace',
			password: PASSWORD,
			inhibit_login: true,
			auth: { type: 'm.login.registration_token', token: CODE, session }
		});
		const login = await anonymous.loginRequest({
			type: 'm.login.password',
			identifier: { type: 'm.id.user', user: 'grace' },
			password: PASSWORD,
			initial_device_display_name: 'matrix-js-sdk'
		});
		expect(login.user_id).toBe('@grace:classroom.local');

		let secretStorageKey: [string, Uint8Array] | undefined;
		client = createClient({
			baseUrl,
			userId: login.user_id,
			deviceId: login.device_id,
			accessToken: login.access_token,
			logger: quiet,
			cryptoCallbacks: {
				cacheSecretStorageKey: (keyId, _info, key) => {
					secretStorageKey = [keyId, key];
				},
				getSecretStorageKey: async ({ keys }) =>
					secretStorageKey && secretStorageKey[0] in keys ? secretStorageKey : null
			}
		});
		const me = client;
		await me.initRustCrypto({ useIndexedDB: false });
		const crypto = me.getCrypto()!;
		const prepared = new Promise<void>((resolve) =>
			me.on(ClientEvent.Sync, (state) => {
				if (state === SyncState.Prepared) resolve();
			})
		);
		await me.startClient({ initialSyncLimit: 20 });
		await prepared;

		// Cross-signing: no password the first time (the server asks for none); the client offers it only if asked.
		await crypto.bootstrapCrossSigning({
			authUploadDeviceSigningKeys: async (makeRequest) => {
				try {
					await makeRequest(null);
				} catch (e) {
					const uia = (e as MatrixError).data?.session as string | undefined;
					await makeRequest({
						type: 'm.login.password',
						identifier: { type: 'm.id.user', user: login.user_id },
						password: PASSWORD,
						session: uia
					});
				}
			}
		});
		expect(await crypto.isCrossSigningReady()).toBe(true);

		// An encrypted DM with Bob; he joins and answers in it.
		const { room_id: roomId } = await me.createRoom({
			is_direct: true,
			invite: [bob.userId],
			preset: Preset.TrustedPrivateChat,
			initial_state: [
				{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }
			]
		});
		await me.setAccountData(EventType.Direct, { [bob.userId]: [roomId] });
		await until(() => me.getRoom(roomId)?.getMember(bob.userId)?.membership === 'join', 'Bob to join');
		await me.sendTextMessage(roomId, 'Hi Bob!');
		const fromBob = (msgtype: string) =>
			(me.getRoom(roomId)?.getLiveTimeline().getEvents() ?? []).filter(
				(e) =>
					e.getSender() === bob.userId &&
					e.isEncrypted() &&
					e.getType() === 'm.room.message' &&
					e.getContent().msgtype === msgtype
			);
		await until(() => fromBob('m.text').length > 0, 'an answer from Bob');
		expect(typeof fromBob('m.text')[0]!.getContent().body).toBe('string');

		// Emoji verification: Element's "Verify User" in the DM, Bob accepts, the client starts the emoji.
		const request = await crypto.requestVerificationDM(bob.userId, roomId);
		await until(() => request.phase === VerificationPhase.Ready, 'Bob to accept');
		const verifier = await request.startVerification('m.sas.v1');
		const shown = new Promise<ShowSasCallbacks>((resolve) => verifier.on(VerifierEvent.ShowSas, resolve));
		const verified = verifier.verify();
		const sas = await shown;
		const ours = sas.sas.emoji!.map(([, name]) => name);
		const bobs = bob.emojiWith(me.getUserId()!);
		expect(bobs).toHaveLength(7);
		expect(ours).toEqual(sasEmojiList(bobs!, 'en').map((e) => e.name));
		await sas.confirm();
		await verified;
		expect(request.phase).toBe(VerificationPhase.Done);
		await until(
			async () => (await crypto.getUserVerificationStatus(bob.userId)).isCrossSigningVerified(),
			"Bob's identity verified"
		);

		// Secret storage with a recovery key, and a new key backup: the DM's room key lands on the server.
		await crypto.bootstrapSecretStorage({
			createSecretStorageKey: (): Promise<GeneratedSecretStorageKey> =>
				crypto.createRecoveryKeyFromPassphrase(),
			setupNewSecretStorage: true,
			setupNewKeyBackup: true
		});
		let version: string | null = null;
		await until(
			async () => (version = await crypto.getActiveSessionBackupVersion()) !== null,
			'the backup on'
		);
		const backedUp = async () => {
			const res = await fetch(
				`${baseUrl}/_matrix/client/v3/room_keys/keys/${encodeURIComponent(roomId)}?version=${version}`,
				{
					headers: { Authorization: `Bearer ${login.access_token}` }
				}
			);
			const body = (await res.json()) as { sessions?: Record<string, unknown> };
			return res.status === 200 && Object.keys(body.sessions ?? {}).length > 0;
		};
		await until(backedUp, 'the room keys in the backup');
		expect(await crypto.isSecretStorageReady()).toBe(true);
		expect(server.contacts!.errors).toEqual([]);
	});
});
