// Programmatic API of the CPE fleet simulator (integration tests, e2e journeys); the rest of sim/ is
// imported from its own files.
export { startFleet, type Fleet, type FleetOptions } from "./fleet";
