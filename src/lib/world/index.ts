export { World } from './world';
export type { WorldOptions, RoomTrust, DeviceSnapshot, WorldSnapshot, AddDeviceOptions } from './world';
export type { Scenario, ScenarioPerson, ScenarioRoom } from './scenario';
