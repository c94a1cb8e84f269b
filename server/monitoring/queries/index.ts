// The dashboard queries the monitoring routers serve (inputs and outputs: lib/monitoring/query-api.ts).
export { fleetSeries } from "./fleet-series";
export { breakdown, kpiForScope, topOffenders } from "./breakdown";
export { scopeDevices } from "./scope-devices";
export { deviceStreamQuality, channelRuns } from "./device-stream-quality";
