// The matches of a selective search (free text, parameter = value) are collected first and paged in
// the search's order. Sorted by last inform, up to 2,000 matches look each one's up by key and more
// walk DeviceLastInform's index keeping the matches (search.ts, pageOfMatches): both must give the
// order the list promises, ties and never-informed devices included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { searchDevices } from "./search";
import { deviceSearchSchema, type DeviceSearch } from "../../lib/devices/search-query";

let store: Store;
const now = new Date("2026-11-21T12:00:00Z");

/** serial -> last inform (ms) or null, as seeded. */
const seeded = new Map<string, { id: number; at: number | null }>();

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  // 2,300 devices "MANY-0000".."MANY-2299"; "MANY-00xx" are the 100 of a smaller search. Last informs
  // repeat every 400 devices (ties, broken by id) and every 97th device never informed.
  await db().$executeRawUnsafe(`
    INSERT INTO "Device" (oui, "productClass", "serialNumber", manufacturer)
    SELECT 'AABBCC', 'P', 'MANY-' || lpad(n::text, 4, '0'), 'M' FROM generate_series(0, 2299) AS n`);
  await db().$executeRawUnsafe(`
    UPDATE "DeviceLastInform" l SET "informedAt" = CASE WHEN d.id % 97 = 0 THEN NULL
      ELSE timestamp '2026-11-20 00:00:00' + (d.id % 400) * interval '1 minute' END
      FROM "Device" d WHERE d.id = l."deviceId"`);
  for (const d of await db().device.findMany({
    select: { id: true, serialNumber: true, lastInform: { select: { informedAt: true } } },
  })) {
    seeded.set(d.serialNumber, { id: d.id, at: d.lastInform?.informedAt?.getTime() ?? null });
  }
}, 60_000);

afterAll(async () => {
  await store.close();
});

/** The serials of `prefix` in last-inform order, as the list promises (nulls where the index puts them). */
function expected(prefix: string, dir: "asc" | "desc"): string[] {
  const sign = dir === "asc" ? 1 : -1;
  // Ascending: nulls last; descending: nulls first (a btree index's order read either way).
  const key = (at: number | null) => (at === null ? Infinity : at);
  return [...seeded.entries()]
    .filter(([serial]) => serial.startsWith(prefix))
    .sort(([, a], [, b]) => sign * (key(a.at) - key(b.at)) || sign * (a.id - b.id))
    .map(([serial]) => serial);
}

async function page(input: Partial<DeviceSearch>) {
  const result = await searchDevices(deviceSearchSchema.parse({ sort: "lastInform", ...input }), { now });
  return { serials: result.rows.map((r) => r.serialNumber), result };
}

describe("a selective search's matches in last-inform order", () => {
  it.each(["desc", "asc"] as const)("walks the index for 2,300 matches (%s)", async (dir) => {
    const all = expected("MANY-", dir);
    expect(all).toHaveLength(2300);
    for (const p of [1, 2, 17]) {
      const { serials, result } = await page({ q: "MANY-", dir, page: p, pageSize: 50 });
      expect(serials).toEqual(all.slice((p - 1) * 50, p * 50));
      expect(result.total).toBe(2300);
      expect(result.capped).toBe(false);
      // The shown last inform is the device's.
      for (const row of result.rows)
        expect(row.lastInform?.getTime() ?? null).toBe(seeded.get(row.serialNumber)?.at);
    }
  });

  it.each(["desc", "asc"] as const)("looks each of 100 matches up (%s)", async (dir) => {
    const all = expected("MANY-00", dir);
    expect(all).toHaveLength(100);
    const first = await page({ q: "MANY-00", dir, pageSize: 40 });
    const last = await page({ q: "MANY-00", dir, page: 3, pageSize: 40 });
    expect(first.serials).toEqual(all.slice(0, 40));
    expect(last.serials).toEqual(all.slice(80));
    expect(first.result.total).toBe(100);
  });

  it("pages sorted by another column the same way", async () => {
    const { serials, result } = await page({
      q: "MANY-",
      sort: "serialNumber",
      dir: "desc",
      page: 2,
      pageSize: 50,
    });
    expect(serials[0]).toBe("MANY-2249");
    expect(serials).toHaveLength(50);
    expect(result.total).toBe(2300);
  });
});
