import { typedContext } from '../typed-context';
import type { WorldBridge } from './world-bridge.svelte';

export const { set: setWorldBridge, get: getWorldBridge } = typedContext<WorldBridge>(
	'world-bridge',
	'getWorldBridge() needs a WorldBridge set by a parent component.'
);
