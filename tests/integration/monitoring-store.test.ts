// The monitoring store on the real server's database (PGlite here, PostgreSQL in CI): many devices'
// intervals ingested, rolled up by two concurrent rollup runs (as two processes would) and checked
// against the raw rows, read back by the dashboard queries as plain JSON, and retention by partition.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyStreamCounters, type StreamInterval } from "../../lib/monitoring/intervals";
import { DIMENSIONS } from "../../lib/monitoring/kpis";
import { db } from "../../server/db";
import { breakdown, fleetSeries, scopeDevices, topOffenders } from "../../server/monitoring/queries";
import { writeStreamIntervals } from "../../server/monitoring/store/ingest";
import { applyRetention, startMonitoringStore } from "../../server/monitoring/store/maintenance";
import { ensurePartitions } from "../../server/monitoring/store/partitions";
import { rollupDirtyBuckets } from "../../server/monitoring/store/rollup";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
const HOUR = 3_600_000;
const DEVICES = 60;
const channels: number[] = [];
const devices: number[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const region = await db().region.create({ data: { name: "Store-North" } });
  const node = await db().accessNode.create({ data: { name: "Store-DSLAM", regionId: region.id } });
  for (let c = 0; c < 3; c++)
    channels.push((await db().channel.create({ data: { name: `Store ${c}`, number: c } })).id);
  for (let i = 0; i < DEVICES; i++) {
    const d = await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB",
        serialNumber: `STORE-${i}`,
        manufacturer: "T",
        kind: "STB",
        modelName: i % 2 ? "STB-4K" : "STB-HD",
        softwareVersion: "1.0",
        subscriberId: `SUB-${i}`,
      },
    });
    if (i < DEVICES / 2)
      await db().topologyEntry.create({ data: { household: `SUB-${i}`, accessNodeId: node.id } });
    devices.push(d.id);
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** From three hours back, 24 five-minute intervals per device; every fifth device loses packets. */
function rows(): StreamInterval[] {
  const start = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  const out: StreamInterval[] = [];
  devices.forEach((deviceId, i) => {
    for (let k = 0; k < 24; k++) {
      out.push({
        ...emptyStreamCounters(),
        deviceId,
        ts: new Date(start + k * 300_000),
        secs: 300,
        stream: 1,
        source: "bulkdata",
        channelId: channels[(i + k) % 3]!,
        rtpExpected: 100_000,
        rtpLost: i % 5 === 0 ? 30 : 0,
        lossEvents: i % 5 === 0 ? 3 : 0,
        videoFrames: 7500,
        zaps: k % 4 === 0 ? 1 : 0,
        zapMs: k % 4 === 0 ? [800 + i * 10] : [],
      });
    }
  });
  return out;
}

const n = (v: unknown) => Number(v);

describe("monitoring store on the server's database", () => {
  it("rolls up concurrently, consistently with the raw rows, and serves the queries", async () => {
    const written = await writeStreamIntervals(rows());
    expect(written).toEqual({ written: DEVICES * 24, duplicates: 0, outOfRange: 0 });
    // Two rollup runs at once (two processes): each bucket is computed by one of them.
    const [a, b] = await Promise.all([
      rollupDirtyBuckets({ settleMs: 0 }),
      rollupDirtyBuckets({ settleMs: 0 }),
    ]);
    expect(a.recomputed + b.recomputed).toBeGreaterThanOrEqual(8 + 2 + 1);
    // Whatever one run skipped (locked by the other) is done by the next run.
    await rollupDirtyBuckets({ settleMs: 0 });
    expect(await db().$queryRawUnsafe(`SELECT * FROM rollup_dirty`)).toHaveLength(0);

    const [raw] = await db().$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT count(DISTINCT device_id) AS devices, sum(secs) AS secs, sum(impaired_ip) AS ip, sum(zaps) AS zaps
       FROM stream_interval`,
    );
    for (const level of ["15m", "1h"]) {
      const [fleet] = await db().$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT sum(secs) AS secs, sum(impaired_ip) AS ip, max(devices) AS devices,
           sum((SELECT sum(z) FROM unnest(zap_hist) z)) AS zaps
         FROM stream_rollup_${level} WHERE dim = 0`,
      );
      expect(n(fleet!.secs)).toBe(n(raw!.secs));
      expect(n(fleet!.ip)).toBe(n(raw!.ip));
      expect(n(fleet!.zaps)).toBe(n(raw!.zaps));
      expect(n(fleet!.devices)).toBe(DEVICES);
      // Every dimension adds up to the fleet.
      const dims = await db().$queryRawUnsafe<{ dim: number; secs: unknown; keys: unknown }[]>(
        `SELECT dim, sum(secs) AS secs, count(DISTINCT key) AS keys FROM stream_rollup_${level} GROUP BY dim ORDER BY dim`,
      );
      for (const d of dims) expect(n(d.secs)).toBe(n(raw!.secs));
      const keys = Object.fromEntries(dims.map((d) => [d.dim, n(d.keys)]));
      expect(keys[DIMENSIONS.channel]).toBe(3);
      expect(keys[DIMENSIONS.model]).toBe(2);
      expect(keys[DIMENSIONS.access_node]).toBe(2); // the node and "unknown"
      expect(keys[DIMENSIONS.device]).toBe(level === "1h" ? DEVICES : undefined);
    }

    const series = await fleetSeries({ range: "24h" });
    expect(JSON.parse(JSON.stringify(series))).toEqual(series);
    expect(series.points.reduce((s, p) => s + p.secs, 0)).toBe(n(raw!.secs));
    const byChannel = await breakdown({ range: "24h", dim: "channel", limit: 10 });
    expect(byChannel.rows.map((r) => r.label).sort()).toEqual(["Store 0", "Store 1", "Store 2"]);
    expect(byChannel.rows.every((r) => r.kpis.zap_p50 !== null)).toBe(true);
    const offenders = await topOffenders({ range: "7d", dim: "device", limit: 100 });
    expect(offenders.rows).toHaveLength(DEVICES / 5);
    const drill = await scopeDevices({ range: "24h", dim: "fleet", key: "all", layer: "ip", limit: 200 });
    expect(drill.rows).toHaveLength(DEVICES / 5);
    expect(drill.rows[0]!.household).toMatch(/^SUB-/);
  });

  it("drops partitions past retention and keeps running as a loop", async () => {
    const old = new Date(Date.now() - 10 * 86_400_000);
    await ensurePartitions("stream_interval", [old]);
    const result = await applyRetention();
    expect(result.dropped.some((p) => p.startsWith("stream_interval_p"))).toBe(true);
    const loop = startMonitoringStore({ pollMs: 60_000, settleMs: 0 });
    await loop.stop();
    const [left] = await db().$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT count(*) AS count FROM stream_interval`,
    );
    expect(Number(left?.count)).toBe(DEVICES * 24);
  });
});
