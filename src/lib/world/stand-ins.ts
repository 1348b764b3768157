/**
 * Stand-ins for the scripted personas of contacts/ (issue 4), so that the sandbox can be practised before they
 * exist: a person marked `autoAccept` answers verification requests and confirms matching emoji after the learner
 * does; a man in the middle (Scenario.manInTheMiddle) relays a verification to the real contact. One reaction per
 * person per step; the worker runs a step after a short, human delay. Replace with the personas when they land.
 */
import type { SimDevice } from '../client/sim-device';
import type { VerificationView } from '../client/types';
import type { Scenario } from './scenario';
import type { CallSnapshot, World } from './world';

interface Relay {
	/** The learner's flow, with the attacker posing as the target. */
	victimFlow: string;
	/** The attacker's flow with the real target, posing as the learner. */
	targetFlow?: string;
}

const active = (v: VerificationView) => v.phase !== 'done' && v.phase !== 'cancelled';

export class StandIns {
	private readonly people: string[];
	private relay?: Relay;
	/** What went wrong in a reaction (kept for debugging; a stand-in never stops the world). */
	readonly errors: string[] = [];

	constructor(
		private readonly world: World,
		scenario: Scenario
	) {
		// A scripted persona (contacts/) acts by itself: no stand-in for it.
		this.people = scenario.people
			.filter((p) => p.autoAccept && !p.persona)
			.map((p) => world.userId(p.localpart));
	}

	/** The attacker, unless the scripted man in the middle drives it. */
	private get standInAttacker(): boolean {
		return !!this.world.attacker && !this.world.contacts.personas.some((p) => p.kind === 'mitm');
	}

	get isEmpty(): boolean {
		return this.people.length === 0 && !this.standInAttacker;
	}

	/** Lets every stand-in react once. Returns true when one of them did something. */
	async step(): Promise<boolean> {
		let acted = false;
		for (const userId of this.people) {
			const device = this.world.devicesOf(userId)[0];
			if (device && (await this.attempt(() => this.react(device)))) acted = true;
		}
		if (this.standInAttacker && (await this.attempt(() => this.relayStep()))) acted = true;
		return acted;
	}

	/** The contacts on the phone with the learner: each reads out the emoji on their own screen. */
	calls(): CallSnapshot[] {
		const calls: CallSnapshot[] = [];
		for (const userId of this.people) {
			const device = this.world.devicesOf(userId)[0];
			const flow = device
				?.verifications()
				.filter((v) => !v.isSelfVerification && active(v) && v.sas?.emojiIndex)
				.at(-1);
			if (!flow) continue;
			calls.push({
				contactUserId: userId,
				contactName: this.world.displayName(userId),
				flowId: flow.flowId,
				emojiIndex: flow.sas!.emojiIndex,
				lines: []
			});
		}
		return calls;
	}

	private async attempt(fn: () => Promise<boolean>): Promise<boolean> {
		try {
			return await fn();
		} catch (e) {
			this.errors.push(e instanceof Error ? e.message : String(e));
			return false;
		}
	}

	/** Has the device on the other end of this flow pressed "They match"? (Asked of the world, as a person would hear it.) */
	private peerConfirmed(v: VerificationView): boolean {
		const peer = this.world
			.allDevices()
			.find((d) => d.userId === v.otherUserId && d.deviceId === v.otherDeviceId);
		return peer?.verification(v.flowId)?.sas?.haveWeConfirmed ?? false;
	}

	private async react(device: SimDevice): Promise<boolean> {
		const invite = device.pendingInvites()[0];
		if (invite) {
			await device.join(invite.roomId);
			return true;
		}
		for (const v of device.verifications()) {
			if (!v.weStarted && v.phase === 'requested') {
				await device.acceptVerification(v.flowId);
				return true;
			}
			const sas = v.sas;
			if (active(v) && sas?.emojiIndex && !sas.haveWeConfirmed && this.peerConfirmed(v)) {
				await device.confirmSas(v.flowId);
				return true;
			}
		}
		return false;
	}

	/** The attacker: answers the learner as the target, and opens its own verification with the real target. */
	private async relayStep(): Promise<boolean> {
		const { asTarget, asVictim, victim, target } = this.world.attacker!;
		if (!this.relay) {
			const incoming = asTarget
				.verifications()
				.find((v) => !v.weStarted && v.phase === 'requested' && v.otherUserId === victim);
			if (!incoming) return false;
			await asTarget.acceptVerification(incoming.flowId);
			this.relay = { victimFlow: incoming.flowId };
			return true;
		}
		const relay = this.relay;
		const victimSide = asTarget.verification(relay.victimFlow);
		if (!victimSide) return false;
		if (!relay.targetFlow) {
			if (!active(victimSide)) return false;
			relay.targetFlow = await asVictim.requestVerification(target);
			return true;
		}
		const targetSide = asVictim.verification(relay.targetFlow);
		if (!targetSide) return false;
		// When the learner says "They match", the attacker happily confirms both legs.
		if (active(victimSide) && victimSide.sas?.emojiIndex && !victimSide.sas.haveWeConfirmed) {
			if (this.peerConfirmed(victimSide)) {
				await asTarget.confirmSas(relay.victimFlow);
				return true;
			}
		}
		if (active(targetSide) && targetSide.sas?.emojiIndex && !targetSide.sas.haveWeConfirmed) {
			if (victimSide.sas?.haveWeConfirmed && !victimSide.cancel) {
				await asVictim.confirmSas(relay.targetFlow);
				return true;
			}
		}
		if (!active(victimSide)) {
			// The learner stopped: the attacker drops the other leg (unless it is only waiting for the target's
			// "They match"), and is ready for a new attempt once both legs are over.
			if (!active(targetSide)) {
				this.relay = undefined;
				return false;
			}
			if (targetSide.sas?.haveWeConfirmed && !victimSide.cancel) return false;
			await asVictim.cancelVerification(relay.targetFlow);
			return true;
		}
		if (targetSide.phase === 'ready' && victimSide.method === 'sas') {
			await asVictim.startSas(relay.targetFlow);
			return true;
		}
		return false;
	}
}
