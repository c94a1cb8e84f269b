// The demo's monitoring content: the simulated network's topology and channel line-up imported, the
// service-monitoring and BulkData profiles enabled, and a scenario of injected faults the fleet plays
// (with 24 h of history backfilled through the real collector), so the NOC pages have something to show
// on first start. A restart on the same data directory imports and creates nothing twice.
import type { Actor, WritingActor } from "../server/core/actor";
import { db } from "../server/db";
import { importLineup } from "../server/monitoring/channels/import";
import { importTopology } from "../server/monitoring/topology/import";
import { saveProfile } from "../server/profiles/profiles";
import { findTemplate } from "../server/profiles/templates";
import { profileSaveSchema } from "../lib/profiles/input";
import { planFleet } from "../sim/fleet-plan";
import { parseScenario, type Scenario } from "../sim/monitoring/scenario";
import { lineupCsv, topologyCsv, worldOf, type World } from "../sim/monitoring/world";

const MONITORING_TEMPLATES = ["stb-service-monitoring", "tr181-bulkdata", "tr181-bulkdata-dng"];

export function demoWorld(devices: number, seed: number): World {
  return worldOf(planFleet({ devices, seed }));
}

/**
 * Faults the demo fleet shows: an MPEG-TS fault at the main headend (ongoing), an access
 * node's line noise earlier today, and a decoder problem of one set-top box model this morning.
 */
export function demoScenario(world: World): Scenario {
  // The headend most channels come from: every region sees it, whoever is watching.
  const headend = world.channels[0]?.headend ?? "SHE-Paris";
  const node = world.accessNodes[0]?.name ?? "DSLAM-N-01";
  return parseScenario({
    seed: 7,
    impairments: [
      {
        id: "demo-headend",
        location: { kind: "headend", headend },
        startMin: -90,
        endMin: 600,
        severity: 0.8,
      },
      {
        id: "demo-access",
        location: { kind: "access", accessNode: node },
        startMin: -14 * 60,
        endMin: -12 * 60,
        severity: 0.9,
      },
      {
        id: "demo-model",
        location: { kind: "model", model: "KSTB6077" },
        startMin: -8 * 60,
        endMin: -6 * 60,
        severity: 0.7,
      },
    ],
  });
}

export async function seedDemoMonitoring(admin: WritingActor, world: World): Promise<void> {
  const actor: Actor = { id: admin.id, username: admin.username };
  if ((await db().topologyEntry.count()) === 0) await importTopology(topologyCsv(world), actor);
  if ((await db().channel.count()) === 0) await importLineup(lineupCsv(world), actor);
  for (const id of MONITORING_TEMPLATES) {
    const template = findTemplate(id);
    if (!template || (await db().profile.findFirst({ where: { template: id }, select: { id: true } })))
      continue;
    const saved = await saveProfile(
      admin,
      null,
      profileSaveSchema.parse({
        name: template.name,
        description: template.description,
        enabled: true,
        definition: template.definition,
        template: id,
      }),
    );
    if (!saved.ok) throw new Error(`demo profile ${id} refused: ${JSON.stringify(saved.refused)}`);
  }
}
