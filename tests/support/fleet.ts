// A simulated fleet against a test server, started and waited for until every device has informed
// (its bootstrap done), with the fast retry and no value drift the integration tests want.
import type { Actor } from "../../server/core/actor";
import { db } from "../../server/db";
import { startFleet, type Fleet, type FleetOptions } from "../../sim";
import { waitFor } from "./test-server";

export async function startInformedFleet(
  acsUrl: string,
  options: Partial<FleetOptions> & { devices: number; seed: number },
): Promise<Fleet> {
  const fleet = await startFleet({
    acsUrl,
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 200,
    ...options,
  });
  await waitFor(
    async () =>
      (await db().device.count({ where: { lastInform: { informedAt: { not: null } } } })) === options.devices,
    30_000,
  );
  return fleet;
}

/** The first admin, as the actor of the services tests call directly. */
export async function adminActor(): Promise<Actor> {
  const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
  return { id: admin.id, username: admin.username };
}
