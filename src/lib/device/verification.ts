/**
 * The verifications of one device: requests in a DM (another person) or to-device (self-verification), emoji (SAS)
 * and QR codes, as the crypto library runs them. The device's queue calls these one at a time.
 */
import {
	EventId,
	OtherUserIdentity,
	OwnUserIdentity,
	Qr,
	QrCodeScan,
	QrState,
	RoomId,
	Sas,
	UserId,
	VerificationMethod,
	VerificationRequestPhase,
	type OlmMachine,
	type RoomMessageRequest,
	type ToDeviceRequest,
	type VerificationRequest
} from '@matrix-org/matrix-sdk-crypto-wasm';
import type { ToDeviceEvent } from '../homeserver/types';
import { DeviceActionError } from './errors';
import type { OutgoingLoop } from './outgoing';
import { enc, type Transport } from './transport';
import type { TimelineEntry, VerificationPhase, VerificationView } from './types';

/** Verification methods this device supports: emoji, and QR codes both ways. */
const METHODS = [
	VerificationMethod.SasV1,
	VerificationMethod.QrCodeShowV1,
	VerificationMethod.QrCodeScanV1,
	VerificationMethod.ReciprocateV1
];
const methods = () => [...METHODS];

const PHASES: Record<VerificationRequestPhase, VerificationPhase> = {
	[VerificationRequestPhase.Created]: 'created',
	[VerificationRequestPhase.Requested]: 'requested',
	[VerificationRequestPhase.Ready]: 'ready',
	[VerificationRequestPhase.Transitioned]: 'transitioned',
	[VerificationRequestPhase.Done]: 'done',
	[VerificationRequestPhase.Cancelled]: 'cancelled'
};

const QR_STATES: Record<QrState, NonNullable<VerificationView['qr']>['state']> = {
	[QrState.Created]: 'created',
	[QrState.Scanned]: 'scanned',
	[QrState.Confirmed]: 'confirmed',
	[QrState.Reciprocated]: 'reciprocated',
	[QrState.Done]: 'done',
	[QrState.Cancelled]: 'cancelled'
};

export function isVerificationEvent(ev: { type: string; content: Record<string, unknown> }): boolean {
	return (
		ev.type.startsWith('m.key.verification.') ||
		(ev.type === 'm.room.message' && ev.content.msgtype === 'm.key.verification.request')
	);
}

interface Flow {
	flowId: string;
	otherUserId: string;
	/**
	 * A handle on the library's request, kept for the flow's whole life: the library drops finished requests from
	 * its cache (and does not cache an in-room request it created until the echo), but a handle shares the
	 * request's state and stays current.
	 */
	req?: VerificationRequest;
}

export class Verifications {
	private readonly flows = new Map<string, Flow>();

	constructor(
		private readonly machine: OlmMachine,
		private readonly outgoing: OutgoingLoop,
		private readonly transport: Transport,
		private readonly userId: string
	) {}

	close(): void {
		for (const flow of this.flows.values()) flow.req?.free();
	}

	/** A to-device request arrived in a sync (a self-verification, or another person's to-device request). */
	noteToDevice(raw: ToDeviceEvent): void {
		const txn = raw.content.transaction_id;
		if (raw.type === 'm.key.verification.request' && typeof txn === 'string' && !this.flows.has(txn)) {
			this.flows.set(txn, { flowId: txn, otherUserId: raw.sender });
		}
	}

	/** An in-room verification event from the timeline, in clear. */
	async feed(roomId: string, entry: TimelineEntry): Promise<void> {
		// Our own echoes are ignored by the library; skip them to save the work.
		if (entry.sender === this.userId) return;
		const isRequest = entry.type === 'm.room.message';
		if (isRequest) {
			// The library silently ignores a request from a device it does not know: fetch the sender's keys first.
			await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(entry.sender)]));
		}
		await this.machine.receiveVerificationEvent(
			JSON.stringify({
				event_id: entry.eventId,
				type: entry.type,
				sender: entry.sender,
				content: entry.content,
				origin_server_ts: entry.ts,
				room_id: roomId
			}),
			new RoomId(roomId)
		);
		if (isRequest && !this.flows.has(entry.eventId)) {
			this.flows.set(entry.eventId, { flowId: entry.eventId, otherUserId: entry.sender });
		}
	}

	/** Asks another person to verify, in the DM with them. Returns the flow id (the request's event id). */
	async requestInRoom(userId: string, roomId: string): Promise<string> {
		await this.machine.updateTrackedUsers([new UserId(userId)]);
		await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(userId)]));
		const identity = await this.machine.getIdentity(new UserId(userId));
		if (!(identity instanceof OtherUserIdentity)) {
			identity?.free();
			throw new DeviceActionError(
				'no-identity',
				`${userId} has not set up cross-signing, so cannot be verified.`
			);
		}
		const content = JSON.parse(identity.verificationRequestContent(methods())) as Record<string, unknown>;
		content.msgtype = 'm.key.verification.request';
		const res = await this.transport.call(
			'PUT',
			`/rooms/${enc(roomId)}/send/m.room.message/${enc(this.transport.txnId())}`,
			content
		);
		const eventId = String(res.event_id);
		const req = identity.requestVerification(new RoomId(roomId), new EventId(eventId), methods());
		identity.free();
		this.flows.set(eventId, { flowId: eventId, otherUserId: userId, req });
		return eventId;
	}

	/** Asks this user's other, verified devices to verify this one (to-device). Returns the flow id. */
	async requestSelf(): Promise<string> {
		await this.outgoing.send(this.machine.queryKeysForUsers([new UserId(this.userId)]));
		const identity = await this.machine.getIdentity(new UserId(this.userId));
		if (!(identity instanceof OwnUserIdentity)) {
			identity?.free();
			throw new DeviceActionError('no-identity', 'This account has no cross-signing identity yet.');
		}
		const [req, out] = await identity.requestVerification(methods());
		identity.free();
		const flowId = req.flowId;
		this.flows.set(flowId, { flowId, otherUserId: this.userId, req });
		await this.sendAll(out);
		return flowId;
	}

	async accept(flowId: string): Promise<void> {
		await this.sendAll(await this.onRequest(flowId, (req) => req.acceptWithMethods(methods())));
	}

	async cancel(flowId: string): Promise<void> {
		await this.sendAll(await this.onRequest(flowId, (req) => req.cancel()));
	}

	async startSas(flowId: string): Promise<void> {
		// The other side pressed "Verify by emoji" first and its start is already accepted here: the emoji are on their
		// way. Starting again would make the library cancel the flow (m.user); Element hides the button by then.
		const running = await this.onRequest(flowId, (req) => req.getVerification());
		const alreadyStarted = running instanceof Sas && !running.isCancelled();
		running?.free();
		if (alreadyStarted) return;
		const started = await this.onRequest(flowId, (req) => req.startSas());
		if (!started) throw new DeviceActionError('not-ready', 'The verification is not ready for emoji yet.');
		const [sas, out] = started;
		sas.free();
		await this.sendAll(out);
	}

	async confirmSas(flowId: string): Promise<void> {
		const sas = await this.sas(flowId);
		const reqs = await sas.confirm();
		sas.free();
		for (const r of reqs) await this.outgoing.send(r);
		await this.outgoing.process();
	}

	async mismatchSas(flowId: string): Promise<void> {
		const sas = await this.sas(flowId);
		const out = sas.cancelWithCode('m.mismatched_sas');
		sas.free();
		await this.sendAll(out);
	}

	async showQrCode(flowId: string): Promise<Uint8Array> {
		const qr = await this.onRequest(flowId, (req) => req.generateQrCode());
		if (!qr)
			throw new DeviceActionError('not-ready', 'The other side cannot scan a QR code in this verification.');
		const bytes = Uint8Array.from(qr.toBytes());
		qr.free();
		return bytes;
	}

	async scanQrCode(flowId: string, payload: Uint8Array): Promise<void> {
		const qr = await this.onRequest(flowId, (req) =>
			req.scanQrCode(QrCodeScan.fromBytes(Uint8ClampedArray.from(payload)))
		);
		const out = qr.reciprocate();
		qr.free();
		await this.sendAll(out);
	}

	async confirmQrScanned(flowId: string): Promise<void> {
		const qr = await this.qr(flowId);
		const out = qr.confirmScanning();
		qr.free();
		await this.sendAll(out);
	}

	/**
	 * After each sync: accepts an emoji comparison the other side started (Element's panel does this for you once
	 * the request was accepted), so both sides can show the emoji.
	 */
	async advance(): Promise<void> {
		for (const flow of this.flows.values()) {
			const v = this.withRequest(flow, (req) => req.getVerification());
			// Any start from the other side is accepted; `accept()` does nothing for a start of our own. Not "unless we
			// pressed Verify by emoji": when both sides press it at once, the crypto keeps the other side's start, and
			// ours is dropped; not accepting theirs left both waiting until the 60 s timeout.
			if (v instanceof Sas && !v.hasBeenAccepted() && !v.isCancelled()) {
				const out = v.accept();
				if (out) await this.outgoing.send(out);
			}
			v?.free();
		}
		await this.outgoing.process();
	}

	/** All verification flows this device has seen, newest last. */
	list(): VerificationView[] {
		const out: VerificationView[] = [];
		for (const flow of this.flows.values()) {
			const view = this.withRequest(flow, (req) => describe(req, flow));
			if (view) out.push(view);
		}
		return out;
	}

	private async sendAll(req: ToDeviceRequest | RoomMessageRequest | undefined): Promise<void> {
		if (req) await this.outgoing.send(req);
		await this.outgoing.process();
	}

	/** The request handle of a flow, taken from the library's cache the first time it is there. */
	private handle(flow: Flow): VerificationRequest | undefined {
		flow.req ??= this.machine.getVerificationRequest(new UserId(flow.otherUserId), flow.flowId);
		return flow.req;
	}

	private withRequest<T>(flow: Flow, fn: (req: VerificationRequest) => T): T | undefined {
		const req = this.handle(flow);
		return req ? fn(req) : undefined;
	}

	private async onRequest<T>(flowId: string, fn: (req: VerificationRequest) => Promise<T> | T): Promise<T> {
		const flow = this.flows.get(flowId);
		const req = flow && this.handle(flow);
		if (!req) throw new DeviceActionError('not-found', `No verification ${flowId} on this device.`);
		return fn(req);
	}

	private sas(flowId: string): Promise<Sas> {
		return this.running(flowId, isSas, 'emoji comparison');
	}

	private qr(flowId: string): Promise<Qr> {
		return this.running(flowId, isQr, 'QR verification');
	}

	/** The verification of one kind (`isSas`, `isQr`) running in the request, else `not-ready`. */
	private async running<T extends Sas | Qr>(
		flowId: string,
		isKind: (v: Sas | Qr | undefined) => v is T,
		what: string
	): Promise<T> {
		const v = await this.onRequest(flowId, (req) => req.getVerification());
		if (!isKind(v)) {
			v?.free();
			throw new DeviceActionError('not-ready', `No ${what} is running in this verification.`);
		}
		return v;
	}
}

const isSas = (v: Sas | Qr | undefined) => v instanceof Sas;
const isQr = (v: Sas | Qr | undefined) => v instanceof Qr;

function describe(req: VerificationRequest, flow: Flow): VerificationView {
	const view: VerificationView = {
		flowId: flow.flowId,
		otherUserId: flow.otherUserId,
		otherDeviceId: req.otherDeviceId?.toString(),
		roomId: req.roomId?.toString(),
		isSelfVerification: req.isSelfVerification(),
		weStarted: req.weStarted(),
		phase: PHASES[req.phase()],
		timeRemainingMs: req.timeRemainingMillis()
	};
	const cancel = req.cancelInfo;
	const v = req.getVerification();
	if (v instanceof Sas) {
		view.method = 'sas';
		const ready = v.canBePresented();
		view.sas = {
			emojiIndex: ready ? Array.from(v.emojiIndex() ?? []) : undefined,
			decimals: ready ? Array.from(v.decimals() ?? []) : undefined,
			weStarted: v.weStarted(),
			accepted: v.hasBeenAccepted(),
			haveWeConfirmed: v.haveWeConfirmed(),
			done: v.isDone(),
			cancelled: v.isCancelled()
		};
	} else if (v instanceof Qr) {
		view.method = 'qr';
		view.qr = { state: QR_STATES[v.state()], weStarted: v.weStarted() };
	}
	const info = cancel ?? (v && 'cancelInfo' in v ? v.cancelInfo() : undefined);
	if (info) {
		view.cancel = { code: info.cancelCode(), reason: info.reason(), byUs: info.cancelledbyUs() };
		info.free();
	}
	v?.free();
	return view;
}
