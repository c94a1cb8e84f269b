import { describe, expect, it } from "vitest";
import {
  audienceDelta,
  MAX_CHANNELS,
  observeAudience,
  readCursor,
  type AudienceCursor,
} from "./audience-stats";
import { localDaysTouched } from "./local-days";

const A = "Device.Services.STBService.1.Applications.AudienceStats.";
const T0 = Date.UTC(2026, 11, 2, 20, 0, 0);

function values(channels: Record<string, string>, extra: Record<string, string> = {}): Map<string, string> {
  const m = new Map<string, string>([[`${A}Enable`, "true"], ...Object.entries(extra)]);
  Object.entries(channels).forEach(([name, duration], i) => {
    m.set(`${A}Channel.${i + 1}.Name`, name);
    m.set(`${A}Channel.${i + 1}.Duration`, duration);
  });
  return m;
}

const observe = (v: Map<string, string>, at: number) => {
  const [obs] = observeAudience(v, at);
  if (!obs) throw new Error("no observation");
  return obs;
};

const cursorAt = (at: number, durations: Record<string, number>, resetTime: number | null = null) =>
  ({ at, durations, resetTime }) satisfies AudienceCursor;

describe("observeAudience", () => {
  it("reads each service's channels and skips rows with garbage", () => {
    const v = values({ One: "100", Two: "-5", Three: "4294967296", "": "7" }, { [`${A}ResetTime`]: "x" });
    v.set("Device.Services.STBService.2.Applications.AudienceStats.Channel.1.Name", "One");
    v.set("Device.Services.STBService.2.Applications.AudienceStats.Channel.1.Duration", "9");
    v.set("Device.Services.STBService.1.ServiceMonitoring.SampleInterval", "300");
    const all = observeAudience(v, T0);
    expect(all.map((o) => o.service)).toEqual([
      "Device.Services.STBService.1.",
      "Device.Services.STBService.2.",
    ]);
    expect([...all[0]!.durations]).toEqual([["One", 100]]);
    expect(all[0]!.badRows).toBe(3);
    expect(all[0]!.resetTime).toBeNull();
    expect(all[1]!.enabled).toBe(true);
  });

  it("treats Enable false, 0 or garbage as disabled and finds nothing in a reading without the object", () => {
    for (const e of ["false", "0", "maybe"])
      expect(observe(values({ One: "1" }, { [`${A}Enable`]: e }), T0).enabled).toBe(false);
    expect(observeAudience(new Map([["Device.DeviceInfo.UpTime", "5"]]), T0)).toEqual([]);
  });

  it("keeps at most MAX_CHANNELS rows", () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < MAX_CHANNELS + 50; i++) many[`C${i}`] = "1";
    expect(observe(values(many), T0).durations.size).toBe(MAX_CHANNELS);
  });
});

describe("audienceDelta", () => {
  it("takes the first sight as a baseline", () => {
    const d = audienceDelta(null, observe(values({ One: "500" }), T0));
    expect(d.watched).toEqual([]);
    expect(d.next).toEqual({ at: T0, resetTime: null, durations: { One: 500 } });
  });

  it("counts the growth per channel between the readings", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 500, Two: 10 }),
      observe(values({ One: "800", Two: "10", Three: "60" }), T0 + 900_000),
    );
    expect(d.watched).toEqual([
      { name: "One", secs: 300 },
      { name: "Three", secs: 60 },
    ]);
    expect(d.start).toBe(T0);
    expect(d.end).toBe(T0 + 900_000);
  });

  it("counts a channel that went back from zero, bounded by ResetTime", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 5000 }, 9000),
      observe(values({ One: "400" }, { [`${A}ResetTime`]: "100" }), T0 + 900_000),
    );
    expect(d.watched).toEqual([{ name: "One", secs: 100 }]);
  });

  it("after ResetTime went back counts every channel from zero", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 100, Two: 50 }, 9000),
      observe(values({ One: "200", Two: "70" }, { [`${A}ResetTime`]: "600" }), T0 + 900_000),
    );
    expect(d.watched).toEqual([
      { name: "One", secs: 200 },
      { name: "Two", secs: 70 },
    ]);
  });

  it("after a reset keeps the sum within the time since the reset", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 100, Two: 50 }, 9000),
      observe(values({ One: "200", Two: "200" }, { [`${A}ResetTime`]: "300" }), T0 + 900_000),
    );
    expect(d.watched).toEqual([
      { name: "One", secs: 150 },
      { name: "Two", secs: 150 },
    ]);
  });

  it("clamps each channel and the sum to the wall time (one main screen)", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 0, Two: 0 }),
      observe(values({ One: "4294967295", Two: "600" }), T0 + 600_000),
    );
    const total = d.watched.reduce((a, w) => a + w.secs, 0);
    expect(total).toBeLessThanOrEqual(600);
    expect(d.watched.find((w) => w.name === "One")!.secs).toBe(300);
    expect(d.watched.find((w) => w.name === "Two")!.secs).toBe(300);
  });

  it("measures nothing while disabled, and ignores a reading not newer than the cursor", () => {
    const cursor = cursorAt(T0, { One: 0 });
    const off = observe(values({ One: "300" }, { [`${A}Enable`]: "false" }), T0 + 600_000);
    const disabled = audienceDelta(cursor, off);
    expect(disabled.watched).toEqual([]);
    expect(disabled.next?.durations).toEqual({ One: 300 });
    expect(audienceDelta(cursor, observe(values({ One: "300" }), T0)).next).toBeNull();
  });

  it("keeps the last value of a channel a partial reading left out", () => {
    const d = audienceDelta(
      cursorAt(T0, { One: 100, Two: 200 }),
      observe(values({ One: "150" }), T0 + 60_000),
    );
    expect(d.next?.durations).toEqual({ One: 150, Two: 200 });
  });

  it("reads back only a well-formed cursor", () => {
    expect(readCursor({ at: "x" })).toBeNull();
    expect(readCursor(null)).toBeNull();
    expect(readCursor({ at: 5, durations: { a: 1, b: -1, c: "x" }, resetTime: 3 })).toEqual({
      at: 5,
      durations: { a: 1 },
      resetTime: 3,
    });
  });
});

describe("localDaysTouched", () => {
  it("lists the local days of a stretch in the time zone", () => {
    const start = Date.UTC(2026, 11, 2, 22, 30);
    expect(localDaysTouched(start, start + 3_600_000, "UTC")).toEqual(["2026-12-02"]);
    // 23:30 to 00:30 in Paris (UTC+1): two local days.
    expect(localDaysTouched(start, start + 3_600_000, "Europe/Paris")).toEqual(["2026-12-02", "2026-12-03"]);
    expect(localDaysTouched(start, start + 3 * 86_400_000, "UTC")).toHaveLength(4);
  });
});
