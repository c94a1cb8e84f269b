// The History tab's activity buckets against the embedded database: every bucket's counts equal counts
// taken from the seed in JS, each inform counted once by its first matching kind, only this device's
// rows inside the window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { deviceActivity, type ActivityBucket } from "./activity";

let store: Store;
let deviceId = 0;
const NOW = new Date("2026-11-30T12:30:00Z");
const HOUR = 3_600_000;

type Kind = keyof Omit<ActivityBucket, "at">;
const seeded: { at: Date; kind: Kind }[] = [];

const EVENTS: { events: string[]; kind: Kind }[] = [
  { events: ["2 PERIODIC"], kind: "periodic" },
  { events: ["1 BOOT", "M Reboot"], kind: "boot" },
  { events: ["4 VALUE CHANGE", "2 PERIODIC"], kind: "valueChange" },
  { events: ["0 BOOTSTRAP", "1 BOOT"], kind: "boot" },
  { events: ["6 CONNECTION REQUEST"], kind: "other" },
  { events: ["2 PERIODIC "], kind: "periodic" },
];

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const mk = (serialNumber: string) =>
    db().device.create({ data: { oui: "00D09E", productClass: "STB", serialNumber, manufacturer: "T" } });
  deviceId = (await mk("ACT-1")).id;
  const other = (await mk("ACT-2")).id;
  // Nine days back to an hour ahead, every 7 hours and 13 minutes: every bucket edge is crossed.
  for (let n = 0; n < 32; n++) {
    const at = new Date(NOW.getTime() + HOUR - n * (7 * HOUR + 13 * 60_000));
    const { events, kind } = EVENTS[n % EVENTS.length]!;
    await db().informEvent.create({ data: { deviceId, events, receivedAt: at } });
    seeded.push({ at, kind });
    if (n % 3 === 0) {
      await db().deviceFault.create({ data: { deviceId, code: 9002, message: "x", at } });
      seeded.push({ at, kind: "fault" });
    }
    // Another device's rows never count.
    await db().informEvent.create({ data: { deviceId: other, events, receivedAt: at } });
    await db().deviceFault.create({ data: { deviceId: other, code: 9002, message: "x", at } });
  }
  // At the window's very edges: both ends are included.
  for (const at of [NOW, new Date(NOW.getTime() - 24 * HOUR)]) {
    await db().informEvent.create({ data: { deviceId, events: ["2 PERIODIC"], receivedAt: at } });
    seeded.push({ at, kind: "periodic" });
  }
});
afterAll(() => store.close());

function expected(since: Date, unitMs: number) {
  const counts = new Map<string, number>();
  for (const s of seeded) {
    if (s.at < since || s.at > NOW) continue;
    const bucket = Math.floor(s.at.getTime() / unitMs) * unitMs;
    counts.set(`${bucket}|${s.kind}`, (counts.get(`${bucket}|${s.kind}`) ?? 0) + 1);
  }
  return counts;
}

function actual(buckets: ActivityBucket[]) {
  const counts = new Map<string, number>();
  for (const b of buckets)
    for (const kind of ["boot", "valueChange", "periodic", "other", "fault"] as const)
      if (b[kind]) counts.set(`${b.at.getTime()}|${kind}`, b[kind]);
  return counts;
}

describe("deviceActivity", () => {
  it.each([
    ["24h", 1, HOUR, 25],
    ["7d", 7, 24 * HOUR, 8],
  ] as const)("%s: every bucket matches the seed's counts", async (window, days, unitMs, bucketCount) => {
    const activity = await deviceActivity(deviceId, window, NOW);
    const since = new Date(NOW.getTime() - days * 24 * HOUR);
    expect(activity.since).toEqual(since);
    expect(activity.buckets).toHaveLength(bucketCount);
    // Consecutive, oldest first, one unit apart, covering the window.
    activity.buckets.forEach((b, i) => {
      expect(b.at.getTime() % unitMs).toBe(0);
      if (i > 0) expect(b.at.getTime() - activity.buckets[i - 1]!.at.getTime()).toBe(unitMs);
    });
    const want = expected(since, unitMs);
    expect(want.size).toBeGreaterThan(3);
    expect(actual(activity.buckets)).toEqual(want);
  });

  it("refuses an unknown device", async () => {
    await expect(deviceActivity(999_999, "24h", NOW)).rejects.toMatchObject({ code: "not_found" });
  });
});
