export { WorldBridge, READY_MARK, type WorldStatus } from './world-bridge.svelte';
export { discardPrewarmedWorker } from './worker-start';
export { getWorldBridge, setWorldBridge } from './context';
