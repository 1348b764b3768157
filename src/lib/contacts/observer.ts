/**
 * How a persona observes the world: after the world settled, each of its devices is compared with what was seen
 * last time, and what is new becomes events (a message from someone, an invite, a verification request, its next
 * phase, the other side's QR code on its screen, the emoji, the other side's "They match", done, cancelled). The persona's machine gets them in that order.
 */
import type { SimDevice } from '../device/sim-device';
import type { VerificationPhase } from '../device/types';
import { emojiOf, isAccepted, isFinished } from '../device/verification-phase';
import type { DeviceRole, LearnerAsSeen, ObservedEvent } from './types';
import { understand } from './understand';

interface FlowSeen {
	phase: VerificationPhase;
	ready: boolean;
	emoji: boolean;
	otherConfirmed: boolean;
	qr: boolean;
}

export interface ObserveContext {
	learnerId: string | undefined;
	/** Events the persona sent itself (its relayed messages, for instance): never news to it. */
	sentEventIds: ReadonlySet<string>;
	/** Devices of the persona, as `userId|deviceId`: messages from them are its own. */
	ownDeviceIds: ReadonlySet<string>;
	/** Verifications the persona started, with the device that started them: its other devices ignore them. */
	ownFlows: ReadonlyMap<string, SimDevice>;
	/** The QR code a device of that user shows for a flow (the persona can see the screen), if any. */
	qrCode(userId: string, flowId: string): number[] | undefined;
}

export class DeviceWatch {
	private readonly seenEvents = new Set<string>();
	private readonly seenInvites = new Set<string>();
	private readonly flows = new Map<string, FlowSeen>();
	/** Flows in which the other side's MAC arrived (they pressed "They match"). */
	private readonly macs = new Set<string>();
	/** The learner as this device's crypto saw them at the last read (`readLearner`), and at the last `collect`. */
	private learnerNow: LearnerAsSeen | undefined;
	private learnerSeen: LearnerAsSeen | undefined;

	constructor(
		readonly device: SimDevice,
		readonly role: DeviceRole,
		/** Only one device of a persona reads the chat, or it would answer twice. */
		readonly readsChat: boolean
	) {}

	/** Takes everything there is now as already seen: a persona reacts to what happens from here on. */
	baseline(): void {
		this.scanTimeline(undefined);
		for (const v of this.device.verifications()) {
			this.flows.set(v.flowId, {
				phase: v.phase,
				// A flow cancelled before this is never "ready" here: that only matters for flows still open.
				ready: isAccepted(v),
				emoji: !!emojiOf(v),
				otherConfirmed: this.macs.has(v.flowId),
				qr: false
			});
		}
	}

	/** The learner as this device's client shows them, as of the last `readLearner`. */
	get learner(): LearnerAsSeen | undefined {
		return this.learnerNow;
	}

	/**
	 * Reads what this device's crypto knows of the learner's identity (async, so before `collect`, which is not). The
	 * first read is the baseline: a persona reacts only to a change it saw happen.
	 */
	async readLearner(learnerId: string | undefined): Promise<void> {
		if (!learnerId || this.device.isClosed) return;
		const [t] = await this.device.userTrust([learnerId]);
		if (!t) return;
		this.learnerNow = { verified: t.verified, wasVerified: t.wasVerified, needsApproval: t.needsApproval };
		this.learnerSeen ??= this.learnerNow;
	}

	collect(ctx: ObserveContext): ObservedEvent[] {
		if (this.device.isClosed) return [];
		const out: ObservedEvent[] = [];
		const role = this.role;
		const now = this.learnerNow;
		if (now && this.learnerSeen !== now) {
			const banner = (l: LearnerAsSeen | undefined) => !!l && (l.wasVerified || l.needsApproval);
			if (banner(now) && !banner(this.learnerSeen))
				out.push({ type: 'LEARNER_IDENTITY_RESET', role, wasVerified: now.wasVerified });
			this.learnerSeen = now;
		}
		for (const invite of this.device.pendingInvites()) {
			if (this.seenInvites.has(invite.roomId)) continue;
			this.seenInvites.add(invite.roomId);
			out.push({
				type: 'INVITE',
				role,
				roomId: invite.roomId,
				inviter: invite.inviter,
				isDirect: invite.isDirect
			});
		}
		this.scanTimeline({ ctx, out });
		for (const v of this.device.verifications()) {
			const starter = ctx.ownFlows.get(v.flowId);
			if (starter && starter !== this.device) continue;
			let seen = this.flows.get(v.flowId);
			if (!seen) {
				seen = { phase: 'created', ready: false, emoji: false, otherConfirmed: false, qr: false };
				this.flows.set(v.flowId, seen);
				if (isFinished(v)) {
					// Over before this device ever saw it: nothing to react to.
					seen.phase = v.phase;
					continue;
				}
				if (!v.weStarted) {
					out.push({
						type: 'VERIFICATION_REQUESTED',
						role,
						flowId: v.flowId,
						otherUserId: v.otherUserId,
						fromLearner: v.otherUserId === ctx.learnerId,
						isSelf: v.isSelfVerification,
						roomId: v.roomId
					});
				}
			}
			const flowId = v.flowId;
			if (!seen.ready && isAccepted(v)) {
				seen.ready = true;
				out.push({ type: 'VERIFICATION_READY', role, flowId });
			}
			if (!seen.qr && seen.ready && !isFinished(v)) {
				const payload = ctx.qrCode(v.otherUserId, flowId);
				if (payload) {
					seen.qr = true;
					out.push({ type: 'QR_SHOWN', role, flowId, payload: [...payload] });
				}
			}
			const emoji = emojiOf(v);
			if (!seen.emoji && emoji) {
				seen.emoji = true;
				out.push({ type: 'EMOJI_SHOWN', role, flowId, emojiIndex: [...emoji] });
			}
			if (!seen.otherConfirmed && this.macs.has(flowId) && v.phase !== 'cancelled') {
				seen.otherConfirmed = true;
				out.push({ type: 'OTHER_CONFIRMED', role, flowId });
			}
			if (v.phase === 'done' && seen.phase !== 'done') {
				out.push({ type: 'VERIFICATION_DONE', role, flowId });
			}
			if (v.phase === 'cancelled' && seen.phase !== 'cancelled') {
				out.push({
					type: 'VERIFICATION_CANCELLED',
					role,
					flowId,
					code: v.cancel?.code ?? 'm.user',
					byUs: v.cancel?.byUs ?? false
				});
			}
			seen.phase = v.phase;
		}
		return out;
	}

	/** New timeline entries: MACs from the other side, and (when `emit` is given) messages to react to. */
	private scanTimeline(emit: { ctx: ObserveContext; out: ObservedEvent[] } | undefined): void {
		const me = this.device.userId;
		for (const view of this.device.roomViews()) {
			for (const entry of view.timeline) {
				if (this.seenEvents.has(entry.eventId)) continue;
				this.seenEvents.add(entry.eventId);
				if (entry.type === 'm.key.verification.mac' && entry.sender !== me) {
					const rel = entry.content['m.relates_to'] as { event_id?: unknown } | undefined;
					if (typeof rel?.event_id === 'string') this.macs.add(rel.event_id);
					continue;
				}
				if (!emit || !this.readsChat) continue;
				if (entry.type !== 'm.room.message' || entry.content.msgtype !== 'm.text') continue;
				const { ctx, out } = emit;
				if (entry.sender === me || ctx.sentEventIds.has(entry.eventId)) continue;
				if (entry.senderDevice && ctx.ownDeviceIds.has(`${entry.sender}|${entry.senderDevice}`)) continue;
				const body = typeof entry.content.body === 'string' ? entry.content.body : '';
				out.push({
					type: 'MESSAGE',
					role: this.role,
					roomId: view.roomId,
					sender: entry.sender,
					body,
					intent: understand(body),
					fromLearner: entry.sender === ctx.learnerId,
					isDirect: view.isDirect
				});
			}
		}
	}
}
