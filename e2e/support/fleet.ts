// A spec's own simulated fleet against the e2e server: started with the shared CPE credentials, then
// waited for until each device's first full read is stored and the fleet is quiet. Each spec picks a
// seed of its own so its serials never meet another spec's (the database is shared).
import { expect } from "@playwright/test";
import { startFleet, type Fleet, type FleetOptions } from "../../sim";
import { utcOffsetPutting } from "../../sim/monitoring/viewing";
import { CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./constants";
import { testDb } from "./db";

export async function startSpecFleet(
  options: Partial<FleetOptions> & { devices: number; seed: number },
): Promise<Fleet> {
  const started = Date.now();
  const fleet = await startFleet({
    acsUrl: CWMP_URL,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 200,
    evolveEveryMs: 0,
    retryScale: 0.2,
    // The households' evening, whatever hour the suite runs at: journeys that need viewers (stream
    // quality, incidents, audience) would find most boxes in standby at 4 a.m.
    localUtcOffsetHours: utcOffsetPutting(Date.now(), 21),
    ...options,
  });
  const serials = fleet.devices.map((d) => d.serial);
  await expect
    .poll(
      () => testDb().device.count({ where: { serialNumber: { in: serials }, fullReadAt: { not: null } } }),
      // A full bootstrap each, on the embedded store's one connection: a big fleet on a loaded CI
      // machine needs more than a minute (200 boxes: 17 s alone here, over 60 s on a shared runner).
      { timeout: 60_000 + 500 * serials.length },
    )
    .toBe(serials.length);
  // The figure to look at when a slow machine brings this wait near its timeout.
  console.log(`fleet of ${serials.length}: bootstrapped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await fleet.idle(20_000);
  return fleet;
}

/** Stops the fleet and removes its devices. */
export async function removeSpecFleet(fleet: Fleet | undefined): Promise<void> {
  await fleet?.stop();
  await testDb().device.deleteMany({
    where: { serialNumber: { in: fleet?.devices.map((d) => d.serial) ?? [] } },
  });
}
