import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import {
  boxPseudonym,
  dropExpiredPeriodKeys,
  forgetPeriodKeys,
  householdPseudonym,
  livePeriods,
  periodBounds,
  periodKey,
  periodOf,
} from "./pseudonym";

useMemoryStoreWithDevice({ serialNumber: "PSEUDO-1" }, { AUDIENCE_SESSION_DAYS: "7" });

describe("periods", () => {
  it("names ISO weeks (the Thursday's year) and UTC months", () => {
    expect(periodOf(new Date("2026-12-02T12:00:00Z"), "week")).toBe("2026-W49");
    // 1 January 2027 is a Friday: it belongs to week 53 of 2026.
    expect(periodOf(new Date("2027-01-01T00:00:00Z"), "week")).toBe("2026-W53");
    expect(periodOf(new Date("2027-01-04T00:00:00Z"), "week")).toBe("2027-W01");
    // 29 December 2025 (Monday) is in week 1 of 2026.
    expect(periodOf(new Date("2025-12-29T00:00:00Z"), "week")).toBe("2026-W01");
    expect(periodOf(new Date("2026-12-31T23:59:59Z"), "month")).toBe("2026-12");
  });

  it("bounds a period so that every instant in it names it back", () => {
    for (const p of ["2026-W49", "2026-W53", "2027-W01", "2026-W01", "2026-02"]) {
      const b = periodBounds(p)!;
      const kind = p.includes("W") ? "week" : "month";
      expect(periodOf(b.start, kind)).toBe(p);
      expect(periodOf(new Date(b.end.getTime() - 1), kind)).toBe(p);
      expect(periodOf(b.end, kind)).not.toBe(p);
    }
    expect(periodBounds("2026-W49")!.start.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(periodBounds("2026-W60")).toBeNull();
    expect(periodBounds("garbage")).toBeNull();
  });
});

describe("pseudonyms", () => {
  it("are stable within a period, unrelated across periods, and never the id", async () => {
    const a = await householdPseudonym("2026-W48", "SUB-1");
    expect(await householdPseudonym("2026-W48", "SUB-1")).toBe(a);
    expect(await householdPseudonym("2026-W49", "SUB-1")).not.toBe(a);
    expect(await householdPseudonym("2026-W48", "SUB-2")).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await boxPseudonym("2026-W48", 1)).not.toBe(await householdPseudonym("2026-W48", "1"));
    // The key is stored sealed, not in clear.
    const row = await db().audiencePeriodKey.findUniqueOrThrow({ where: { period: "2026-W48" } });
    expect(row.sealedKey).toMatch(/^v1:/);
  });

  it("survive a process forgetting its keys (the stored key is used), and concurrent creators agree", async () => {
    const before = await householdPseudonym("2026-W48", "SUB-1");
    forgetPeriodKeys();
    expect(await householdPseudonym("2026-W48", "SUB-1")).toBe(before);
    forgetPeriodKeys();
    const keys = await Promise.all(Array.from({ length: 5 }, () => periodKey("2026-W40")));
    forgetPeriodKeys();
    const stored = await periodKey("2026-W40");
    for (const k of keys) expect(k.equals(stored)).toBe(true);
  });

  it("drops the keys of periods whose sessions are gone", async () => {
    await periodKey("2026-W45");
    const now = new Date("2026-12-02T12:00:00Z");
    // W45 ended 9 November: more than 7 (+1) days before; W48 ended 30 November: not yet.
    const dropped = await dropExpiredPeriodKeys(now);
    expect(dropped).toEqual(["2026-W40", "2026-W45"]);
    expect(await livePeriods()).toEqual(["2026-W48", "2026-W49"]);
  });
});
