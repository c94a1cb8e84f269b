import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { emptyStreamCounters, type StreamInterval } from "../../../lib/monitoring/intervals";
import { db } from "../../db";
import { writeLineIntervals, writeStreamIntervals } from "./ingest";

const store = useMemoryStoreWithDevice({ serialNumber: "QOE-1", productClass: "STB" });

const row = (ts: Date, over: Partial<StreamInterval> = {}): StreamInterval => ({
  ...emptyStreamCounters(),
  deviceId: store.deviceId(),
  ts,
  secs: 300,
  stream: 1,
  source: "bulkdata",
  channelId: null,
  ...over,
});

describe("writeStreamIntervals", () => {
  it("stores checked rows with the device's dimensions, ignores re-sent intervals and clamps counts", async () => {
    const ts = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 600_000);
    const first = await writeStreamIntervals([
      row(ts, { rtpExpected: 180_000, rtpLost: 12, lossEvents: 2, zapMs: [900, 2500], zaps: 2 }),
      row(new Date(ts.getTime() + 300_000), { videoLost: 9_999_999_999, videoFrames: 7500 }),
    ]);
    expect(first).toEqual({ written: 2, duplicates: 0, outOfRange: 0 });
    const again = await writeStreamIntervals([row(ts), row(new Date(Date.now() - 30 * 86_400_000))]);
    expect(again).toEqual({ written: 0, duplicates: 1, outOfRange: 1 });
    const rows = await db().$queryRawUnsafe<
      {
        model: string;
        video_lost: number;
        impaired_ip: number;
        qoe: number;
        zap_ms: number[];
        zap_ms_max: number;
      }[]
    >(`SELECT model, video_lost, impaired_ip, qoe, zap_ms, zap_ms_max FROM stream_interval ORDER BY ts`);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ model: "STB", impaired_ip: 300, zap_ms: [900, 2500], zap_ms_max: 2500 });
    expect(rows[0]!.qoe).toBeLessThan(4.5);
    expect(rows[1]!.video_lost).toBe(2_147_483_647);
    const dirty = await db().$queryRawUnsafe<{ level: string }[]>(
      `SELECT level FROM rollup_dirty ORDER BY level`,
    );
    expect(new Set(dirty.map((d) => d.level))).toEqual(new Set(["stream:15m", "stream:1h", "stream:1d"]));
  });

  it("stores line intervals with gauges", async () => {
    const ts = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 300_000);
    const r = await writeLineIntervals([
      {
        deviceId: store.deviceId(),
        ts,
        secs: 300,
        line: 1,
        source: "totals",
        showtimeSecs: 300,
        erroredSecs: 3,
        severelyErroredSecs: 0,
        crcErrors: 5,
        fecErrors: 100,
        resyncs: 0,
        bytesRx: 2 ** 40,
        bytesTx: 1,
        dsRate: 50_000,
        usRate: 10_000,
        dsMargin: 65,
        usMargin: 80,
        dsAttenuation: 120,
      },
    ]);
    expect(r.written).toBe(1);
    const [line] = await db().$queryRawUnsafe<{ bytes_rx: bigint; ds_margin: number }[]>(
      `SELECT bytes_rx, ds_margin FROM line_interval`,
    );
    expect(Number(line!.bytes_rx)).toBe(2 ** 40);
    expect(line!.ds_margin).toBe(65);
  });
});
