/**
 * The single outgoing-request loop of one OlmMachine: each request the machine queues is sent to its endpoint and
 * the answer handed back (crypto notes §1). One loop per machine: two would send every request twice.
 */
import {
	RequestType,
	type KeysBackupRequest,
	type KeysClaimRequest,
	type KeysQueryRequest,
	type KeysUploadRequest,
	type OlmMachine,
	type RoomMessageRequest,
	type SignatureUploadRequest,
	type ToDeviceRequest
} from '@matrix-org/matrix-sdk-crypto-wasm';
import { enc, type JsonBody, type Transport } from './transport';

export type Outgoing =
	| KeysUploadRequest
	| KeysQueryRequest
	| KeysClaimRequest
	| ToDeviceRequest
	| SignatureUploadRequest
	| RoomMessageRequest
	| KeysBackupRequest;

const MAX_OUTGOING_ROUNDS = 64;

/** The method and path a queued request is sent to. */
function endpointOf(req: Outgoing): ['POST' | 'PUT', string] {
	switch (req.type) {
		case RequestType.KeysUpload:
			return ['POST', '/keys/upload'];
		case RequestType.KeysQuery:
			return ['POST', '/keys/query'];
		case RequestType.KeysClaim:
			return ['POST', '/keys/claim'];
		case RequestType.ToDevice: {
			const r = req as ToDeviceRequest;
			return ['PUT', `/sendToDevice/${enc(r.event_type)}/${enc(r.txn_id)}`];
		}
		case RequestType.SignatureUpload:
			return ['POST', '/keys/signatures/upload'];
		case RequestType.RoomMessage: {
			const r = req as RoomMessageRequest;
			return ['PUT', `/rooms/${enc(r.room_id)}/send/${enc(r.event_type)}/${enc(r.txn_id)}`];
		}
		case RequestType.KeysBackup: {
			const r = req as KeysBackupRequest;
			return ['PUT', `/room_keys/keys?version=${enc(r.version)}`];
		}
		default:
			throw new Error(`Unknown outgoing request type ${String((req as { type: unknown }).type)}`);
	}
}

export class OutgoingLoop {
	private run: Promise<void> | null = null;
	private again = false;
	/** Told the one-time key counts of each key upload's answer (which the library has taken in). */
	onKeysUploaded?: (counts: Record<string, number>) => void;

	constructor(
		private readonly machine: OlmMachine,
		private readonly transport: Transport
	) {}

	/** Performs one request the OlmMachine asked for, then tells it the answer. */
	async send(req: Outgoing): Promise<void> {
		const body = JSON.parse(req.body) as JsonBody;
		const response = await this.transport.call(...endpointOf(req), body);
		// A signature upload may have no id; such a request must not be marked (crypto notes, pitfall 4).
		if (req.id !== undefined) {
			await this.machine.markRequestAsSent(req.id, req.type, JSON.stringify(response));
			if (req.type === RequestType.KeysUpload)
				this.onKeysUploaded?.((response.one_time_key_counts ?? {}) as Record<string, number>);
		}
	}

	/**
	 * Sends what the OlmMachine queued until nothing is left, then backs up new room keys. A second caller joins the
	 * running loop (and makes it go round once more) instead of starting another.
	 */
	process(): Promise<void> {
		if (this.run) {
			this.again = true;
			return this.run;
		}
		this.run = (async () => {
			try {
				do {
					this.again = false;
					for (let round = 0; round < MAX_OUTGOING_ROUNDS; round++) {
						const reqs = (await this.machine.outgoingRequests()) as Outgoing[];
						if (reqs.length === 0) break;
						for (const req of reqs) await this.send(req);
					}
					await this.backUpRoomKeys();
				} while (this.again);
			} finally {
				this.run = null;
			}
		})();
		return this.run;
	}

	private async backUpRoomKeys(): Promise<void> {
		if (!(await this.machine.isBackupEnabled())) return;
		for (let i = 0; i < MAX_OUTGOING_ROUNDS; i++) {
			const req = await this.machine.backupRoomKeys();
			if (!req) return;
			await this.send(req);
		}
	}
}
