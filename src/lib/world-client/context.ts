import { getContext, setContext } from 'svelte';
import type { WorldClient } from './world-client.svelte';

const KEY = Symbol('world-client');

export function setWorldClient(client: WorldClient): WorldClient {
	return setContext(KEY, client);
}

export function getWorldClient(): WorldClient {
	const client = getContext<WorldClient | undefined>(KEY);
	if (!client) throw new Error('getWorldClient() needs a WorldClient set by a parent component.');
	return client;
}
