export { WorldBridge, createWorldWorker, READY_MARK, type WorldStatus } from './world-bridge.svelte';
export { getWorldBridge, setWorldBridge } from './context';
