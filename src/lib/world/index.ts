export { World } from './world';
export type {
	WorldOptions,
	RoomTrust,
	DeviceSnapshot,
	WorldSnapshot,
	CallSnapshot,
	SetupProgress,
	AddDeviceOptions
} from './world';
export type { Scenario, ScenarioPerson, ScenarioRoom } from '../scenario/scenario';
