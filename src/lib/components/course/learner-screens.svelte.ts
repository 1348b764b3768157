/**
 * The learner's screens on a page with a world (the sandbox, a lesson): one client state per device of the learner,
 * kept while the world lives so each screen stays as it was left, which one is shown, and signing in on the Laptop.
 */
import { SvelteMap } from 'svelte/reactivity';
import { ClientState } from '$lib/components/client/client-state.svelte';
import { m } from '$lib/paraglide/messages';
import { LEARNER, LEARNER_LAPTOP, LEARNER_PHONE } from '$lib/world/sandbox-scenario';
import type { WorldClient } from '$lib/world-client';

export class LearnerScreens {
	readonly #world: WorldClient;
	readonly #clients = new SvelteMap<string, ClientState>();
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

	constructor(world: WorldClient) {
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
	}

	/** A new world: every screen starts afresh, on the phone. */
	reset(): void {
		this.#clients.clear();
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
