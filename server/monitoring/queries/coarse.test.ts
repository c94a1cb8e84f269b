import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { emptyStreamCounters, type StreamInterval } from "../../../lib/monitoring/intervals";
import { DIMENSIONS } from "../../../lib/monitoring/kpis";
import { db } from "../../db";
import { writeLineIntervals, writeStreamIntervals } from "../store/ingest";
import { rollupDirtyBuckets } from "../store/rollup";
import { STREAM_ROLLUP_SUMS, LINE_ROLLUP_SUMS, selectList } from "../store/rollup-sql";
import { breakdown, topOffenders } from ".";
import { coarsePieces } from "./coarse";
import { sumsByKey, windowOf } from "./source";

const store = useMemoryStoreWithDevice({ serialNumber: "GW-C1", productClass: "HGW" });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let node = 0;

beforeAll(async () => {
  const region = await db().region.create({ data: { name: "South" } });
  const n = await db().accessNode.create({ data: { name: "DSLAM-S-01", regionId: region.id } });
  node = n.id;
  await db().topologyEntry.create({ data: { household: "GW-C1", accessNodeId: n.id } });
  const channel = await db().channel.create({ data: { name: "Movies", number: 7 } });
  const stbs = await Promise.all(
    ["STB-C1", "STB-C2"].map((serialNumber) =>
      db().device.create({
        data: {
          oui: "00D09E",
          productClass: "STB",
          serialNumber,
          manufacturer: "T",
          kind: "STB",
          modelName: "STB-4K",
          softwareVersion: "2.1.0",
          gatewaySerialNumber: "GW-C1",
        },
      }),
    ),
  );
  // Three days of hourly samples up to the current hour: at least two whole UTC days rolled up daily,
  // and hours on either side of them.
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const rows: StreamInterval[] = [];
  const lines = [];
  for (let t = end - 3 * DAY; t <= end; t += HOUR) {
    const i = (t / HOUR) % 7;
    for (const [k, stb] of stbs.entries()) {
      rows.push({
        ...emptyStreamCounters(),
        deviceId: stb.id,
        ts: new Date(t + k * 300_000),
        secs: 300,
        stream: 1,
        source: "bulkdata",
        channelId: channel.id,
        videoFrames: 7500,
        rtpExpected: 100_000,
        rtpLost: i === k ? 50 : 0,
        lossEvents: i === k ? 2 : 0,
        tsCcErrors: i === 3 + k ? 9 : 0,
        zaps: 1,
        zapMs: [800 + 100 * i],
      });
    }
    lines.push({
      deviceId: store.deviceId(),
      ts: new Date(t),
      secs: 300,
      line: 1,
      source: "totals" as const,
      showtimeSecs: 300,
      erroredSecs: i,
      severelyErroredSecs: i > 4 ? 1 : 0,
      crcErrors: 3 * i,
      fecErrors: 0,
      resyncs: 0,
      bytesRx: 0,
      bytesTx: 0,
      dsRate: 30_000 + i,
      usRate: 5_000,
      dsMargin: 50 + i,
      usMargin: 60,
      dsAttenuation: 200,
    });
  }
  await writeStreamIntervals(rows);
  await writeLineIntervals(lines);
  await rollupDirtyBuckets({ settleMs: 0, limit: 2_000 });
}, 120_000);

/** The same sums straight from the hourly rollups (what the queries read before). */
async function hourly(kind: "stream" | "line", dim: number, from: Date, to: Date) {
  const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT r.key, ${selectList(kind === "stream" ? STREAM_ROLLUP_SUMS : LINE_ROLLUP_SUMS)}
     FROM ${kind}_rollup_1h r WHERE r.dim = $1 AND r.bucket >= $2::timestamptz AND r.bucket < $3::timestamptz
     GROUP BY r.key ORDER BY r.key`,
    dim,
    from.toISOString(),
    to.toISOString(),
  );
  return rows;
}

describe("totals from the coarsest settled rollups", () => {
  it("reads whole days from the daily rollups and the edges hourly", async () => {
    const w = windowOf("7d", "1h");
    const pieces = await coarsePieces("stream", "1h", w.from, w.to);
    expect(pieces.filter((p) => p.level === "1d").length).toBeGreaterThanOrEqual(1);
    const days = pieces.filter((p) => p.level === "1d");
    expect(days.reduce((n, p) => n + p.to.getTime() - p.from.getTime(), 0)).toBeGreaterThanOrEqual(2 * DAY);
    // The pieces tile the window exactly.
    const sorted = [...pieces].sort((a, b) => a.from.getTime() - b.from.getTime());
    expect(sorted[0]!.from.getTime()).toBe(w.from.getTime());
    expect(sorted.at(-1)!.to.getTime()).toBe(w.to.getTime());
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.from.getTime()).toBe(sorted[i - 1]!.to.getTime());
  });

  it("gives the same sums as the hourly rollups, streams and lines", async () => {
    const w = windowOf("7d", "1h");
    for (const dim of ["access_node", "channel", "fleet", "device"] as const) {
      const coarse = await sumsByKey({ kind: "stream", level: "1h", dim, window: w, limit: 5_000 });
      const ref = await hourly("stream", DIMENSIONS[dim], w.from, w.to);
      expect(coarse.size).toBe(ref.length);
      for (const r of ref) {
        const s = coarse.get(String(r.key))!;
        expect(s.secs).toBe(Number(r.secs));
        expect(s.impairedAny).toBe(Number(r.impaired_any));
        expect(s.devices).toBe(Number(r.devices));
        expect(s.zapHist).toEqual((r.zap_hist as unknown[]).map(Number));
        expect(s.qoeWeighted).toBeCloseTo(Number(r.qoe_weighted), 6);
      }
    }
    const lines = await sumsByKey({ kind: "line", level: "1h", dim: "access_node", window: w, limit: 5_000 });
    const [ref] = await hourly("line", DIMENSIONS.access_node, w.from, w.to);
    const l = lines.get(String(node))!;
    expect(l.erroredSecs).toBe(Number(ref!.errored_secs));
    expect(l.dsMarginMin).toBe(Number(ref!.ds_margin_min));
  });

  it("falls back to the hours of a day marked for recomputation", async () => {
    const w = windowOf("7d", "1h");
    const before = await breakdown({ range: "7d", dim: "access_node" });
    const day = (await coarsePieces("stream", "1h", w.from, w.to)).find((p) => p.level === "1d")!;
    await db().$executeRawUnsafe(
      `INSERT INTO rollup_dirty (level, bucket) VALUES ('stream:1d', $1::timestamptz)`,
      day.from.toISOString(),
    );
    const pieces = await coarsePieces("stream", "1h", w.from, w.to);
    expect(pieces.some((p) => p.level === "1d" && p.from.getTime() === day.from.getTime())).toBe(false);
    expect(await breakdown({ range: "7d", dim: "access_node" })).toEqual(before);
    await db().$executeRawUnsafe(`DELETE FROM rollup_dirty WHERE level = 'stream:1d'`);
  });

  it("ranks offenders on impaired rows only, worst first", async () => {
    const top = await topOffenders({ range: "7d", dim: "device", limit: 10 });
    expect(top.rows.length).toBe(2);
    expect(top.rows.every((r) => r.impairedSecs > 0)).toBe(true);
    expect(top.rows[0]!.impairedSecs).toBeGreaterThanOrEqual(top.rows[1]!.impairedSecs);
    const ref = await hourly("stream", DIMENSIONS.device, windowOf("7d", "1h").from, new Date());
    const byKey = new Map(ref.map((r) => [String(r.key), Number(r.impaired_any)]));
    for (const r of top.rows) expect(r.impairedSecs).toBe(byKey.get(r.key));
  });
});
