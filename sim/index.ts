// Programmatic API of the CPE fleet simulator (integration tests, benchmarks).
export { startFleet, type Fleet, type FleetCounters, type FleetOptions } from "./fleet";
export { SimDevice } from "./device";
export { planFleet, type DeviceIdentity } from "./fleet-plan";
export { handleAcsRequest } from "./rpc";
export { runSession, type SessionResult } from "./session";
