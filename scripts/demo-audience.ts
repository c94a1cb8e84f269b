// The demo's audience content: the simulated subscribers who opted out of audience measurement, imported
// as a help desk would (their boxes' viewing is then never stored). Topology (regions, segments) and the
// line-up come with the monitoring content. A restart on the same data directory imports nothing twice.
import type { Actor } from "../server/core/actor";
import { db } from "../server/db";
import { importOptOuts } from "../server/audience/optout";
import { optOutsCsv, type World } from "../sim/monitoring/world";

export async function seedDemoAudience(admin: Actor, world: World): Promise<void> {
  if ((await db().audienceOptOut.count()) > 0) return;
  await importOptOuts(admin, optOutsCsv(world));
}
