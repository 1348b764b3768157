/** The in-memory Matrix homeserver (see `homeserver.ts`). */
export {
	Homeserver,
	HOMESERVER_STATE_VERSION,
	StaleHomeserverState,
	type HomeserverOptions,
	type HomeserverState,
	type LoginResult,
	type DeviceSummary
} from './homeserver';
export type { FaultControls, ToDeviceFilter, RateLimit } from './faults';
export type { CompromiseSpec, Audience } from './compromise';
export type {
	ServerView,
	ServerUserView,
	ServerDeviceView,
	ServerRoomView,
	ServerEventView,
	CrossSigningView
} from './server-view';
export type { BackupVersionView } from './backup';
export {
	ENDPOINTS,
	CLIENT_API_PREFIX,
	buildPath,
	type EndpointSpec,
	type Endpoint,
	type EndpointId
} from './router';
export * from './types';
