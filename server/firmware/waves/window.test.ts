import { describe, expect, it } from "vitest";
import { windowError, windowState } from "./window";

describe("maintenance windows", () => {
  const nightly = { cron: "0 2 * * *", durationMinutes: 120, timeZone: "Europe/Paris" };

  it("is open from the start in the window's time zone for its duration", () => {
    // 02:30 in Paris (UTC+1 in December) is inside 02:00–04:00.
    const inside = windowState(nightly, new Date("2026-12-02T01:30:00Z"));
    expect(inside).toEqual({
      open: true,
      closesAt: new Date("2026-12-02T03:00:00Z"),
      nextOpen: new Date("2026-12-03T01:00:00Z"),
    });
    const after = windowState(nightly, new Date("2026-12-02T03:00:00Z"));
    expect(after.open).toBe(false);
    expect(after.nextOpen).toEqual(new Date("2026-12-03T01:00:00Z"));
  });

  it("reports bad patterns and time zones", () => {
    expect(windowError({ ...nightly, timeZone: "Mars/Olympus" })).toMatch(/time zone/);
    expect(windowError({ ...nightly, cron: "every night" })).toMatch(/cron/);
    expect(windowError(nightly)).toBeNull();
  });
});
