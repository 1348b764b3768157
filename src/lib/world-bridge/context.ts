import { getContext, setContext } from 'svelte';
import type { WorldBridge } from './world-bridge.svelte';

const KEY = Symbol('world-bridge');

export function setWorldBridge(client: WorldBridge): WorldBridge {
	return setContext(KEY, client);
}

export function getWorldBridge(): WorldBridge {
	const client = getContext<WorldBridge | undefined>(KEY);
	if (!client) throw new Error('getWorldBridge() needs a WorldBridge set by a parent component.');
	return client;
}
