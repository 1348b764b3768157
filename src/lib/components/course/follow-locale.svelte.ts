/**
 * The contacts write and speak in the learner's language, and switch with it: asks the world once per change.
 * Call from a component's script (it sets up an effect).
 */
import { locale } from '$lib/i18n/locale.svelte';
import type { WorldBridge } from '$lib/world-bridge';

export function followLocale(world: WorldBridge): { reset(): void } {
	/** The language last asked of the world's contacts. */
	let asked: string | undefined;
	$effect(() => {
		const next = locale.current;
		const current = world.snapshot?.locale;
		if (world.status !== 'ready' || !current || current === next || asked === next) return;
		asked = next;
		void world.send({ type: 'setLocale', locale: next });
	});
	return {
		reset() {
			asked = undefined;
		}
	};
}
