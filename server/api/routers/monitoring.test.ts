// The monitoring routers through a tRPC caller on a real (embedded) database: reads for every
// monitoring.read role, rule edits / acknowledgements / imports for alarms.write only, answers that
// pass their output parsers (an incident's partial evidence is completed, not refused).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { emptyStreamCounters } from "../../../lib/monitoring/intervals";
import { writeStreamIntervals } from "../../monitoring/store/ingest";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
let deviceId = 0;
const ids = new Map<Role, number>();
const as = (role: Role) => callerAs({ id: ids.get(role)!, username: `${role}-mon`, role });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const role of ["noc", "helpdesk", "viewer"] as const) {
    const op = await db().operator.create({ data: { username: `${role}-mon`, passwordHash: "x", role } });
    ids.set(role, op.id);
  }
  deviceId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB-4K",
        serialNumber: "MON1",
        manufacturer: "Test",
        kind: "STB",
        subscriberId: "SUB1",
      },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe("monitoring routers", () => {
  it("serves a device's stream quality to the help desk, refuses a viewer", async () => {
    const ts = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 600_000);
    const counters = { ...emptyStreamCounters(), rtpExpected: 1000, tsCcErrors: 5, zaps: 1, zapMs: [800] };
    await writeStreamIntervals([
      { ...counters, deviceId, ts, secs: 300, stream: 1, source: "bulkdata", channelId: null },
    ]);
    const q = await as("helpdesk").monitoring.streamQuality({ deviceId });
    expect(q.intervals).toHaveLength(1);
    expect(q.intervals[0]).toMatchObject({ secs: 300, kpis: { zaps: 1, zapMsMax: 800 } });
    expect(q.channels).toHaveLength(1);
    expect(await errorCodeOf(as("viewer").monitoring.streamQuality({ deviceId }))).toBe("FORBIDDEN");
    const status = await as("helpdesk").monitoring.status({});
    expect(status.openIncidents).toBe(0);
  });

  it("lets the NOC create, disable and delete a rule; the help desk only reads rules", async () => {
    const rule = { name: "TS", metric: "cc_errors_per_hour", scope: "channel" as const, threshold: 1 };
    expect(await errorCodeOf(as("helpdesk").alarms.createRule(rule))).toBe("FORBIDDEN");
    const { id } = await as("noc").alarms.createRule(rule);
    await as("noc").alarms.updateRule({ id, patch: { enabled: false } });
    const rules = await as("helpdesk").alarms.rules({});
    expect(rules.find((r) => r.id === id)).toMatchObject({ enabled: false, createdBy: "noc-mon" });
    expect(await errorCodeOf(as("noc").alarms.updateRule({ id, patch: { clearThreshold: 5 } }))).toBe(
      "BAD_REQUEST",
    );
    await as("noc").alarms.deleteRule({ id });
    expect(await errorCodeOf(as("noc").alarms.deleteRule({ id }))).toBe("NOT_FOUND");
  });

  it("completes an incident's partial evidence and records who acknowledged it", async () => {
    const now = new Date();
    const incident = await db().incident.create({
      data: {
        verdict: "headend",
        location: "headend:TF1 HD",
        label: "Source: TF1 HD",
        layer: "ts",
        confidence: 0.8,
        startedAt: now,
        lastSeenAt: now,
        evidence: { channels: ["TF1 HD"], deviceCount: 3 },
      },
    });
    const got = await as("helpdesk").incidents.get({ id: incident.id });
    expect(got.evidence).toMatchObject({ channels: ["TF1 HD"], deviceCount: 3, devices: [], competing: [] });
    expect(await errorCodeOf(as("helpdesk").incidents.acknowledge({ id: incident.id }))).toBe("FORBIDDEN");
    await as("noc").incidents.acknowledge({ id: incident.id });
    const row = await db().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.acknowledgedBy).toBe("noc-mon");
    const list = await as("helpdesk").incidents.list({ state: "open" });
    expect(list.rows.map((r) => r.id)).toContain(incident.id);
  });

  it("imports topology for the NOC with the bad lines reported, never for the help desk", async () => {
    const csv =
      "household,access_node,access_port,region,access_kind\nSUB1,DSLAM-1,1/1/1,North,DSLAM\n,x,,North,DSLAM\n";
    expect(await errorCodeOf(as("helpdesk").topology.importTopology({ csv }))).toBe("FORBIDDEN");
    const result = await as("noc").topology.importTopology({ csv });
    expect(result).toMatchObject({ imported: 1, skipped: 1 });
    expect(result.problems[0]?.line).toBe(3);
    const placement = await as("helpdesk").topology.placement({ deviceId });
    expect(placement).toMatchObject({
      household: "SUB1",
      accessNode: { name: "DSLAM-1" },
      region: { name: "North" },
    });
  });
});
