import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { deviceTimeline } from "../devices/timeline";
import {
  INFORM_PARTITION_DAYS_AHEAD,
  createInformPartitions,
  listInformPartitions,
  startInformPartitions,
} from "./inform-partitions";
import { runRetention } from "./retention";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-01T12:00:00Z");
const store = useMemoryStoreWithDevice({ serialNumber: "PART-1", productClass: "STB" });

/** Insert an inform event received at `at`; returns the partition it landed in. */
async function informAt(at: Date, events = ["2 PERIODIC"]): Promise<string> {
  const rows = await db().$queryRaw<{ part: string }[]>`
    INSERT INTO "InformEvent" ("deviceId", "receivedAt", events, "commandKeys")
    VALUES (${store.deviceId()}, ${at.toISOString()}::timestamp, ${events}::text[], ARRAY['']::text[])
    RETURNING tableoid::regclass::text AS part`;
  return (rows[0]?.part ?? "").replace(/"/g, "");
}

const names = async () => (await listInformPartitions()).map((p) => p.name);

describe("inform event partitions", () => {
  it("creates today and the days ahead once, routes rows by day and the rest to DEFAULT", async () => {
    // A row for a day whose partition does not exist yet waits in DEFAULT ...
    expect(await informAt(new Date("2026-12-02T08:00:00Z"))).toBe("InformEvent_default");

    const created = await createInformPartitions(now);
    expect(created).toEqual([
      "InformEvent_p20261201",
      "InformEvent_p20261202",
      "InformEvent_p20261203",
      "InformEvent_p20261204",
    ]);
    expect(created).toHaveLength(INFORM_PARTITION_DAYS_AHEAD + 1);
    expect(await createInformPartitions(now)).toEqual([]);
    // ... and moves into the day's partition when it is created.
    const moved = await db().$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "InformEvent_p20261202"`;
    expect(moved[0]?.n).toBe(1);

    expect(await informAt(new Date("2026-12-01T00:00:00Z"))).toBe("InformEvent_p20261201");
    expect(await informAt(new Date("2026-12-04T23:59:59.999Z"))).toBe("InformEvent_p20261204");
    // Far in the future or the past (a CPE's clock does not matter: receivedAt is ours, but an import
    // or a skewed node might): never an error.
    expect(await informAt(new Date("2031-06-01T00:00:00Z"))).toBe("InformEvent_default");
    expect(await informAt(new Date("1999-01-01T00:00:00Z"))).toBe("InformEvent_default");

    // Reads through the parent see every partition: Prisma and the device timeline.
    expect(await db().informEvent.count({ where: { deviceId: store.deviceId() } })).toBe(5);
    const timeline = await deviceTimeline(store.deviceId(), { filters: ["informs"], limit: 10 });
    expect(timeline.items.filter((i) => i.kind === "inform")).toHaveLength(5);
  });

  it("retention drops whole days past the cutoff and deletes old DEFAULT rows", async () => {
    const later = new Date(now.getTime() + 40 * DAY);
    await createInformPartitions(later, 0);
    await informAt(new Date(later.getTime() - 60_000), ["1 BOOT"]);
    const result = await runRetention(later, { informDays: 30, eventDays: 90, taskDays: 90 });
    // The four December days are past 30 days; the 1999 row in DEFAULT goes row by row; the 2031 row
    // and the new day stay.
    expect(result).toMatchObject({ informPartitions: 4, informEvents: 1 });
    expect(await names()).toEqual(["InformEvent_p20270110"]);
    const left = await db().informEvent.findMany({
      select: { receivedAt: true },
      orderBy: { receivedAt: "asc" },
    });
    expect(left.map((r) => r.receivedAt.toISOString())).toEqual([
      new Date(later.getTime() - 60_000).toISOString(),
      "2031-06-01T00:00:00.000Z",
    ]);
  });

  it("two nodes creating the same days at once both succeed, each day made once", async () => {
    // Both list the partitions before either creates one (nodes starting together, server/start.ts).
    const later = new Date(now.getTime() + 100 * DAY);
    const [a, b] = await Promise.all([createInformPartitions(later, 2), createInformPartitions(later, 2)]);
    expect([...a, ...b].sort()).toEqual([
      "InformEvent_p20270311",
      "InformEvent_p20270312",
      "InformEvent_p20270313",
    ]);
  });

  it("the background job creates the days ahead at start and on tick, and stops", async () => {
    const loop = startInformPartitions({ pollMs: 60_000 });
    try {
      await loop.tick();
      const today = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString().slice(0, 10).replace(/-/g, "");
      expect(await names()).toContain(`InformEvent_p${today}`);
    } finally {
      await loop.stop();
    }
  });
});
