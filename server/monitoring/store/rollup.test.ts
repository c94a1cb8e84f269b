import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { emptyStreamCounters, type StreamInterval } from "../../../lib/monitoring/intervals";
import { DIMENSIONS } from "../../../lib/monitoring/kpis";
import { db } from "../../db";
import { writeLineIntervals, writeStreamIntervals } from "./ingest";
import { rollupDirtyBuckets } from "./rollup";

const store = useMemoryStoreWithDevice({ serialNumber: "ROLL-1", productClass: "STB" });

const HOUR = 3_600_000;
/** The start of the previous full hour: its four 15-minute buckets are complete. */
const hourStart = () => new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);

const row = (deviceId: number, ts: Date, over: Partial<StreamInterval> = {}): StreamInterval => ({
  ...emptyStreamCounters(),
  deviceId,
  ts,
  secs: 300,
  stream: 1,
  source: "bulkdata",
  channelId: null,
  videoFrames: 7500,
  ...over,
});

async function rollupRows(table: string, dim: number) {
  return db().$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT * FROM ${table} WHERE dim = $1 ORDER BY bucket, key`,
    dim,
  );
}

describe("rollupDirtyBuckets", () => {
  it("recomputes marked buckets by dimension, idempotently, and clears the marks", async () => {
    const other = await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB",
        serialNumber: "ROLL-2",
        manufacturer: "T",
        modelName: "STB-4K",
      },
    });
    const channel = await db().channel.create({ data: { name: "Rollup One", number: 1 } });
    const t0 = hourStart();
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    await writeStreamIntervals([
      row(store.deviceId(), at(0), { channelId: channel.id, zapMs: [300, 2600], zaps: 2 }),
      row(store.deviceId(), at(5), {
        channelId: channel.id,
        rtpExpected: 100_000,
        rtpLost: 50,
        lossEvents: 5,
      }),
      row(other.id, at(0), { channelId: channel.id, tsCcErrors: 20 }),
      row(other.id, at(20)),
    ]);
    expect(await rollupDirtyBuckets({ settleMs: 0 })).toEqual({ recomputed: 4, skipped: 0 });
    const fleet15 = await rollupRows("stream_rollup_15m", DIMENSIONS.fleet);
    expect(fleet15).toHaveLength(2);
    expect(fleet15[0]).toMatchObject({ key: "all", devices: 2, intervals: 3, impaired_devices: 2 });
    expect(Number(fleet15[0]!.secs)).toBe(900);
    expect(Number(fleet15[0]!.impaired_ip)).toBe(300);
    expect(Number(fleet15[0]!.impaired_ts)).toBe(300);
    expect(Number(fleet15[0]!.impaired_any)).toBe(600);
    const zapHist = (fleet15[0]!.zap_hist as unknown[]).map(Number);
    expect(zapHist).toHaveLength(15);
    expect(zapHist[1]).toBe(1); // 300 ms: [250, 500)
    expect(zapHist[9]).toBe(1); // 2600 ms: [2500, 3000)
    const qoeHist = (fleet15[0]!.qoe_hist as unknown[]).map(Number);
    expect(qoeHist.reduce((x, y) => x + y, 0)).toBe(900);
    const channels = await rollupRows("stream_rollup_15m", DIMENSIONS.channel);
    expect(channels.map((c) => c.key)).toEqual([String(channel.id), ""]);
    const software = await rollupRows("stream_rollup_1h", DIMENSIONS.software);
    expect(software.map((s) => s.key)).toEqual(["STB / ", "STB-4K / "]);
    expect(await rollupRows("stream_rollup_15m", DIMENSIONS.device)).toHaveLength(0);
    const devices1h = await rollupRows("stream_rollup_1h", DIMENSIONS.device);
    expect(devices1h.map((d) => d.key).sort()).toEqual([String(store.deviceId()), String(other.id)].sort());
    expect(await db().$queryRawUnsafe(`SELECT * FROM rollup_dirty`)).toHaveLength(0);

    // Late data re-marks its buckets; recomputing gives the new totals, not doubled ones.
    await writeStreamIntervals([row(other.id, at(10))]);
    expect((await rollupDirtyBuckets({ settleMs: 0 })).recomputed).toBe(3);
    const again = await rollupRows("stream_rollup_15m", DIMENSIONS.fleet);
    expect(again).toHaveLength(2);
    expect(Number(again[0]!.secs)).toBe(1200);
    const day = await rollupRows("stream_rollup_1d", DIMENSIONS.fleet);
    expect(day).toHaveLength(1);
    expect(Number(day[0]!.secs)).toBe(1500);
  });

  it("rolls up lines with gauges and leaves unsettled buckets marked", async () => {
    const t0 = hourStart();
    await writeLineIntervals(
      [0, 5].map((m) => ({
        deviceId: store.deviceId(),
        ts: new Date(t0.getTime() + m * 60_000),
        secs: 300,
        line: 1,
        source: "totals" as const,
        showtimeSecs: 300,
        erroredSecs: m === 0 ? 4 : 0,
        severelyErroredSecs: 0,
        crcErrors: 10,
        fecErrors: 0,
        resyncs: 0,
        bytesRx: 0,
        bytesTx: 0,
        dsRate: 40_000,
        usRate: 8_000,
        dsMargin: m === 0 ? 40 : 80,
        usMargin: 70,
        dsAttenuation: null,
      })),
    );
    expect((await rollupDirtyBuckets({ settleMs: 86_400_000 })).recomputed).toBe(0);
    expect((await rollupDirtyBuckets({ settleMs: 0 })).recomputed).toBe(3);
    const [fleet] = await rollupRows("line_rollup_15m", DIMENSIONS.fleet);
    expect(fleet).toMatchObject({ devices: 1, impaired_devices: 1, gauge_samples: 2, ds_margin_min: 40 });
    expect(Number(fleet!.ds_margin_sum)).toBe(120);
    expect(Number(fleet!.errored_secs)).toBe(4);
  });

  it("recomputes a marked bucket that holds no rows to nothing", async () => {
    const empty = new Date(Math.floor(Date.now() / 900_000) * 900_000 - 5 * 86_400_000);
    await db().$executeRawUnsafe(
      `INSERT INTO rollup_dirty (level, bucket) VALUES ('stream:15m', $1::timestamptz), ('line:1h', $1::timestamptz)`,
      empty.toISOString(),
    );
    expect((await rollupDirtyBuckets({ settleMs: 0 })).recomputed).toBe(2);
    const rows = await db().$queryRawUnsafe(
      `SELECT * FROM stream_rollup_15m WHERE bucket = $1::timestamptz`,
      empty.toISOString(),
    );
    expect(rows).toHaveLength(0);
  });
});
