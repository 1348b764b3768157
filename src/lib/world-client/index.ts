export { WorldClient, createWorldWorker, READY_MARK, type WorldStatus } from './world-client.svelte';
export { getWorldClient, setWorldClient } from './context';
