import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { db } from "../../db";
import { applyRetention, ensurePartitionsAhead, startMonitoringStore } from "./maintenance";
import { ensurePartitions, forgetPartitions, partitionName, partitionStart } from "./partitions";

const store = useMemoryStoreWithDevice({ serialNumber: "MAINT-1", productClass: "STB" });
const DAY = 86_400_000;

async function partitions(table: string): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1 ORDER BY 1`,
    table,
  );
  return rows.map((r) => r.name);
}

describe("monitoring store maintenance", () => {
  it("creates partitions ahead and drops whole partitions past each level's retention", async () => {
    const now = new Date();
    await ensurePartitionsAhead(now);
    const raw = await partitions("stream_interval");
    for (const d of [0, 1, 2]) {
      const name = partitionName(
        "stream_interval",
        partitionStart("stream_interval", new Date(now.getTime() + d * DAY)),
      );
      expect(raw).toContain(name);
    }
    expect(await partitions("stream_rollup_1d")).toContain(
      partitionName("stream_rollup_1d", partitionStart("stream_rollup_1d", now)),
    );

    // Old partitions: raw 9 days back (retention 7), 15-minute rollups 40 days back (35), and a raw one
    // inside the retention that must stay.
    await ensurePartitions("stream_interval", [
      new Date(now.getTime() - 9 * DAY),
      new Date(now.getTime() - 5 * DAY),
    ]);
    await ensurePartitions("line_interval", [new Date(now.getTime() - 9 * DAY)]);
    await ensurePartitions("stream_rollup_15m", [
      new Date(now.getTime() - 45 * DAY),
      new Date(now.getTime() - 20 * DAY),
    ]);
    const old = new Date(now.getTime() - 9 * DAY);
    await db().$executeRawUnsafe(
      `INSERT INTO rollup_dirty (level, bucket) VALUES ('stream:15m', $1::timestamptz), ('stream:15m', $2::timestamptz)`,
      old.toISOString(),
      new Date(Math.floor(now.getTime() / 900_000) * 900_000).toISOString(),
    );
    await db().$executeRawUnsafe(
      `INSERT INTO "MetricCursor" ("deviceId", stream, source, snapshot, "at", "updatedAt")
       VALUES ($1, 'stream:1', 'totals', '{}', $2::timestamptz, $2::timestamptz)`,
      store.deviceId(),
      old.toISOString(),
    );

    const result = await applyRetention(now);
    const expected = [
      partitionName("stream_interval", partitionStart("stream_interval", old)),
      partitionName("line_interval", partitionStart("line_interval", old)),
      partitionName(
        "stream_rollup_15m",
        partitionStart("stream_rollup_15m", new Date(now.getTime() - 45 * DAY)),
      ),
    ];
    expect(result.dropped.sort()).toEqual(expected.sort());
    expect(result.dirtyDeleted).toBe(1);
    expect(result.cursorsDeleted).toBe(1);
    const left = await partitions("stream_interval");
    expect(left).toContain(
      partitionName("stream_interval", partitionStart("stream_interval", new Date(now.getTime() - 5 * DAY))),
    );
    expect(await partitions("stream_rollup_15m")).toContain(
      partitionName(
        "stream_rollup_15m",
        partitionStart("stream_rollup_15m", new Date(now.getTime() - 20 * DAY)),
      ),
    );
    // A second pass finds nothing more to drop.
    expect((await applyRetention(now)).dropped).toEqual([]);
  });

  it("runs on a loop and stops", async () => {
    forgetPartitions();
    const loop = startMonitoringStore({ pollMs: 60_000, settleMs: 0 });
    await loop.stop();
    const today = partitionName("line_interval", partitionStart("line_interval", new Date()));
    expect(await partitions("line_interval")).toContain(today);
  });
});
