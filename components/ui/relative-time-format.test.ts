import { describe, expect, it } from "vitest";
import { formatAbsoluteTime, formatRelativeTime } from "./relative-time-format";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const ago = (seconds: number) => new Date(NOW - seconds * 1000);

describe("formatRelativeTime", () => {
  it("says now for a few seconds either way", () => {
    expect(formatRelativeTime(ago(2), NOW)).toBe("now");
    expect(formatRelativeTime(ago(-3), NOW)).toBe("now");
  });

  it("uses the largest whole unit", () => {
    expect(formatRelativeTime(ago(30), NOW)).toBe("30 seconds ago");
    expect(formatRelativeTime(ago(60), NOW)).toBe("1 minute ago");
    expect(formatRelativeTime(ago(5 * 60 + 10), NOW)).toBe("5 minutes ago");
    expect(formatRelativeTime(ago(3 * 3600), NOW)).toBe("3 hours ago");
    expect(formatRelativeTime(ago(24 * 3600), NOW)).toBe("yesterday");
    expect(formatRelativeTime(ago(3 * 24 * 3600), NOW)).toBe("3 days ago");
    expect(formatRelativeTime(ago(400 * 24 * 3600), NOW)).toBe("last year");
  });

  it("formats future times", () => {
    expect(formatRelativeTime(ago(-2 * 3600), NOW)).toBe("in 2 hours");
  });
});

describe("formatAbsoluteTime", () => {
  it("names the time zone", () => {
    expect(formatAbsoluteTime(new Date(NOW), "UTC")).toBe("15 Jan 2026, 12:00:00 UTC");
  });
});
