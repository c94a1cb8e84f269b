// The device timeline read since a cursor (the page's live updates): entries newer than the cursor
// exactly, equal timestamps ordered by key, filters, and bursts larger than a slice.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { useDeviceRouterFixture, type DeviceRouterFixture } from "./device-router-fixture";

const fixture = useDeviceRouterFixture();

describe("timeline since a cursor", () => {
  let deviceId = 0;
  // Five entries share one millisecond: only the key orders them.
  const T = new Date("2026-11-30T10:00:00.123Z");

  beforeAll(async () => {
    const d = await db().device.create({
      data: { oui: "00D09E", productClass: "STB", serialNumber: "SINCE1", manufacturer: "Test" },
    });
    deviceId = d.id;
    const at = (s: number) => new Date(T.getTime() + s * 1000);
    for (const s of [-60, 0, 0, 0, 60])
      await db().informEvent.create({ data: { deviceId, events: ["2 PERIODIC"], receivedAt: at(s) } });
    await db().deviceFault.create({ data: { deviceId, code: 9002, message: "x", at: at(0) } });
    await db().deviceFault.create({ data: { deviceId, code: 9003, message: "y", at: at(30) } });
    await db().auditLog.create({ data: { deviceId, action: "device.notes", at: at(0) } });
    // More equal timestamps than a slice holds, stored in and against their key order: a branch that
    // ordered by time alone would hand over the wrong ones in one direction or the other.
    for (let n = 5; n >= 1; n--)
      await db().informEvent.create({
        data: { id: BigInt(1_000_000 + n), deviceId, events: ["2 PERIODIC"], receivedAt: at(90) },
      });
    for (let n = 1; n <= 5; n++)
      await db().informEvent.create({
        data: { id: BigInt(2_000_000 + n), deviceId, events: ["2 PERIODIC"], receivedAt: at(-30) },
      });
  });

  const read = (
    input: Omit<Parameters<ReturnType<DeviceRouterFixture["api"]>["device"]["timeline"]>[0], "id">,
  ) =>
    fixture()
      .api("viewer")
      .device.timeline({ id: deviceId, ...input });

  it("returns exactly the entries newer than the cursor, newest first, at equal timestamps too", async () => {
    const all = (await read({ limit: 200 })).items;
    expect(all).toHaveLength(18);
    for (let i = 0; i < all.length; i++) {
      const c = all[i]!;
      const since = await read({ limit: 200, since: { at: c.at.toISOString(), key: c.key } });
      expect(since.items.map((x) => x.key)).toEqual(all.slice(0, i).map((x) => x.key));
      expect(since.newerRemain).toBe(false);
      expect(since.nextCursor).toBeNull();
    }
  });

  it("respects the filters", async () => {
    const all = (await read({ limit: 200 })).items;
    const oldest = all[all.length - 1]!;
    const faults = await read({
      since: { at: oldest.at.toISOString(), key: oldest.key },
      filters: ["faults"],
    });
    expect(faults.items.map((x) => x.title)).toEqual(["9003 y", "9002 x"]);
  });

  it("reads a burst larger than the limit in contiguous slices, nothing twice or missed", async () => {
    const all = (await read({ limit: 200 })).items;
    const oldest = all[all.length - 1]!;
    let since = { at: oldest.at.toISOString(), key: oldest.key };
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const slice = await read({ limit: 2, since });
      expect(slice.items.length).toBeLessThanOrEqual(2);
      seen.unshift(...slice.items.map((x) => x.key));
      const newest = slice.items[0];
      if (!slice.newerRemain || !newest) break;
      since = { at: newest.at.toISOString(), key: newest.key };
    }
    expect(seen).toEqual(all.slice(0, -1).map((x) => x.key));
    // And backwards, the pages of the history.
    const paged: string[] = [];
    let cursor: { at: string; key: string } | null = null;
    for (let round = 0; round < 20; round++) {
      const page: Awaited<ReturnType<typeof read>> = await read({ limit: 2, cursor });
      paged.push(...page.items.map((x) => x.key));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(all.map((x) => x.key));
  });
});
