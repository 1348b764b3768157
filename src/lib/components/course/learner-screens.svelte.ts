/**
 * The learner's screens on a page with a world (the sandbox, a lesson): one client state per device of the learner,
 * kept while the world lives so each screen stays as it was left, which one is shown, and signing in on the Laptop.
 */
import { SvelteMap } from 'svelte/reactivity';
import { ClientState } from '$lib/components/element/client-state.svelte';
import { m } from '$lib/paraglide/messages';
import { LEARNER, LEARNER_LAPTOP, LEARNER_PHONE } from '$lib/scenario/sandbox';
import type { LearnerScreen } from '$lib/world/world';
import type { WorldBridge } from '$lib/world-bridge';

export class LearnerScreens {
	readonly #world: WorldBridge;
	readonly #clients = new SvelteMap<string, ClientState>();
	/**
	 * Per device, not reactive (they only avoid repeating what was said): the screen last reported to the world, the
	 * world's record last seen, and screens reported and not yet seen back (not news from the world).
	 */
	#reported: Record<string, string> = {};
	#seenInWorld: Record<string, string> = {};
	#sent: Record<string, string[]> = {};
	current = $state(LEARNER_PHONE);
	signingIn = $state(false);

	readonly learnerId = $derived.by(
		() => this.#world.snapshot?.users.find((u) => u.userId.startsWith(`@${LEARNER}:`))?.userId
	);
	readonly devices = $derived.by(
		() => this.#world.snapshot?.devices.filter((d) => d.userId === this.learnerId) ?? []
	);
	readonly hasLaptop = $derived.by(() => this.devices.some((d) => d.deviceId === LEARNER_LAPTOP));
	readonly client = $derived.by(() => this.#clients.get(this.current));

	constructor(world: WorldBridge) {
		this.#world = world;
		// A client state for each device as it appears.
		$effect(() => {
			const learnerId = this.learnerId;
			if (!learnerId) return;
			for (const d of this.devices) {
				if (!this.#clients.has(d.deviceId)) {
					this.#clients.set(d.deviceId, new ClientState(this.#world, learnerId, d.deviceId));
				}
			}
		});
		// The world hears what each screen shows (the lessons' "look at …" steps read it) when the learner changes it;
		// a screen the world was told about by someone else (redoing a returning learner's steps) is taken over here.
		$effect(() => {
			const learnerId = this.learnerId;
			if (!learnerId) return;
			for (const [deviceId, c] of this.#clients) {
				const inWorld = this.devices.find((d) => d.deviceId === deviceId)?.screen ?? {};
				const told = JSON.stringify(normal(inWorld));
				const reported = this.#reported[deviceId] ?? NOTHING;
				if (told === reported) this.#sent[deviceId] = [];
				const sent = this.#sent[deviceId] ?? [];
				if ((this.#seenInWorld[deviceId] ?? NOTHING) !== told && !sent.includes(told)) {
					this.#seenInWorld[deviceId] = told;
					if (told !== reported) {
						this.#reported[deviceId] = told;
						c.showScreen(inWorld);
						continue;
					}
				}
				this.#seenInWorld[deviceId] = told;
				const panel = c.panel;
				const said = JSON.stringify(
					normal({
						roomId: c.roomId,
						profile: panel?.kind === 'member' || panel?.kind === 'verifyUser' ? panel.userId : undefined,
						verifyLater: c.verifyLater
					})
				);
				// A new screen starts as the world assumes (nothing open): nothing to say yet.
				if (reported === said) continue;
				this.#reported[deviceId] = said;
				this.#sent[deviceId] = [...sent, said];
				const screen = JSON.parse(said) as LearnerScreen;
				void this.#world.send({ type: 'screen', userId: learnerId, deviceId, screen });
			}
		});
	}

	/** A new world: every screen starts afresh, on the phone. */
	reset(): void {
		this.#clients.clear();
		this.#reported = {};
		this.#seenInWorld = {};
		this.#sent = {};
		this.current = LEARNER_PHONE;
	}

	async signInOnLaptop(): Promise<void> {
		const learnerId = this.learnerId;
		if (!learnerId) return;
		this.signingIn = true;
		const result = await this.#world.send({
			type: 'addDevice',
			userId: learnerId,
			deviceId: LEARNER_LAPTOP,
			displayName: m.sandbox_device_laptop()
		});
		this.signingIn = false;
		if (result.ok) this.current = LEARNER_LAPTOP;
	}
}

/** A screen with nothing open: what the world assumes of a screen it has not heard about. */
const NOTHING = '{}';

/** A screen with its fields in one order and the empty ones left out, to compare two. */
function normal(screen: LearnerScreen): LearnerScreen {
	return {
		...(screen.roomId ? { roomId: screen.roomId } : {}),
		...(screen.profile ? { profile: screen.profile } : {}),
		...(screen.verifyLater ? { verifyLater: true } : {})
	};
}
