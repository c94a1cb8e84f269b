// Programmatic API of the CPE fleet simulator (integration tests, e2e journeys); the rest of sim/ is
// imported from its own files.
export { startFleet, type Fleet, type FleetOptions } from "./fleet";
export { FIRMWARE_FAULTS, type FirmwareFault, type FirmwareOptions } from "./firmware-faults";
export { makeSimDu, readSimDu, type SimDuHeader } from "./du-package";
