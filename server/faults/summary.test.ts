// The faults summary against the embedded database: every group's device and occurrence counts, the
// totals and every chart bucket equal counts taken directly from the seed; the window and row bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { faultSummary } from "./summary";
import { NOW, resetFleet, seedFleet, type SeededFault } from "./test-fleet";
import { bucketStart, bucketUnit, windowStart } from "../../lib/faults/window";

let store: Store;
let faults: SeededFault[] = [];
const modelOf = new Map<number, string>();

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  await resetFleet();
  ({ faults } = await seedFleet());
  for (const d of await db().device.findMany())
    modelOf.set(d.id, [d.manufacturer, d.productClass, d.modelName, d.softwareVersion].join("|"));
});
afterAll(async () => {
  await store.close();
});

function inWindow(days: number) {
  const since = windowStart(NOW, days);
  return faults.filter((f) => f.at >= since && f.at <= NOW);
}

describe("faultSummary", () => {
  it.each([1, 7, 30, 90])("groups, totals and buckets of %i day(s) match direct counts", async (days) => {
    const summary = await faultSummary(days, { now: NOW });
    const seen = inWindow(days);
    expect(seen.length).toBeGreaterThan(0);
    expect(summary.totals).toEqual({
      occurrences: seen.length,
      devices: new Set(seen.map((f) => f.deviceId)).size,
    });

    const expected = new Map<string, SeededFault[]>();
    for (const f of seen) {
      const key = [f.code, f.task ?? "", modelOf.get(f.deviceId)].join("|");
      expected.set(key, [...(expected.get(key) ?? []), f]);
    }
    expect(summary.truncated).toBe(false);
    expect(summary.groups).toHaveLength(expected.size);
    for (const g of summary.groups) {
      const key = [g.code, g.task ?? "", g.manufacturer, g.productClass, g.modelName, g.softwareVersion].join(
        "|",
      );
      const rows = expected.get(key) ?? [];
      expect(g.occurrences, key).toBe(rows.length);
      expect(g.devices, key).toBe(new Set(rows.map((f) => f.deviceId)).size);
      expect(g.lastAt.getTime()).toBe(Math.max(...rows.map((f) => f.at.getTime())));
    }
    // Largest first.
    const sizes = summary.groups.map((g) => g.occurrences);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

    const unit = bucketUnit(days);
    expect(summary.unit).toBe(unit);
    expect(summary.series.length).toBe(unit === "hour" ? 25 : days + 1);
    for (const b of summary.series) {
      const inBucket = seen.filter((f) => bucketStart(f.at, unit).getTime() === b.at.getTime());
      expect(b.occurrences, b.at.toISOString()).toBe(inBucket.length);
      expect(b.devices).toBe(new Set(inBucket.map((f) => f.deviceId)).size);
    }
    expect(summary.series.reduce((n, b) => n + b.occurrences, 0)).toBe(seen.length);
  });

  it("returns at most `limit` groups, the largest, and says more exist", async () => {
    const all = await faultSummary(30, { now: NOW });
    const two = await faultSummary(30, { now: NOW, limit: 2 });
    expect(two.groups).toEqual(all.groups.slice(0, 2));
    expect(two.truncated).toBe(true);
    // The totals and the chart still count everything.
    expect(two.totals).toEqual(all.totals);
    const capped = await faultSummary(30, { now: NOW, limit: 10_000 });
    expect(capped.groups.length).toBeLessThanOrEqual(500);
  });

  it("counts nothing outside the window and no finished-ok or queued task", async () => {
    const summary = await faultSummary(1, { now: NOW });
    expect(summary.groups.every((g) => g.lastAt >= windowStart(NOW, 1) && g.lastAt <= NOW)).toBe(true);
    expect(summary.groups.some((g) => g.task === null && g.code === 8003)).toBe(
      inWindow(1).some((f) => f.task === null),
    );
  });
});
