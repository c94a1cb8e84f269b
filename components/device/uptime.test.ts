import { describe, expect, it } from "vitest";
import { currentUptime } from "./uptime";

const now = Date.parse("2026-12-02T10:00:00Z");

describe("currentUptime", () => {
  it("ages a reported value by the time since it was read", () => {
    expect(currentUptime({ reported: { seconds: 100, readAt: now - 60_000 }, lastBoot: null, now })).toBe(
      160,
    );
  });

  it("after a reboot, a value read before the BOOT inform is ignored: the boot time decides", () => {
    const lastBoot = new Date(now - 20_000);
    // 5 min read a minute before the reboot would read "6 min 10 s"; the box has been up 20 s.
    expect(currentUptime({ reported: { seconds: 300, readAt: now - 70_000 }, lastBoot, now })).toBe(20);
  });

  it("a value read after the boot is used as reported", () => {
    const lastBoot = new Date(now - 60_000);
    expect(currentUptime({ reported: { seconds: 50, readAt: now - 5_000 }, lastBoot, now })).toBe(55);
  });

  it("nothing reported and no boot known: unknown; a garbage value falls back to the boot time", () => {
    expect(currentUptime({ reported: null, lastBoot: null, now })).toBeNull();
    expect(
      currentUptime({ reported: { seconds: Number.NaN, readAt: now }, lastBoot: new Date(now - 1000), now }),
    ).toBe(1);
  });
});
