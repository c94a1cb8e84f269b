import { describe, expect, it } from "vitest";
import { createInput, defaultWaveForm, planOf, waveFormSchema } from "./wave-form";
import { previewWindow } from "./window-time";

const valid = () => ({ ...defaultWaveForm("Europe/Paris", "search"), name: "Spring", imageId: "7" });

describe("the new-wave form", () => {
  it("accepts the defaults once named and given an image, and makes a create input the server accepts", () => {
    const v = waveFormSchema.parse(valid());
    const r = createInput(v, { productClass: "DNG" }, true);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({ name: "Spring", imageId: 7, rollbackImageId: null, start: true });
    expect(r.input.plan).toMatchObject({
      canary: { count: 1 },
      stages: [{ percent: 10 }, { percent: 100 }],
      window: null,
      failureRatio: 0.2,
    });
  });

  it("refuses a missing image, a percent over 100, a fractional device count and no stages", () => {
    const bad = waveFormSchema.safeParse({
      ...valid(),
      imageId: "",
      canary: { amount: 1.5, unit: "count" },
      stages: [],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["imageId", "canary.amount", "stages"]));
    const over = waveFormSchema.safeParse({ ...valid(), stages: [{ amount: 120, unit: "percent" }] });
    expect(over.error?.issues.map((i) => i.path.join("."))).toEqual(["stages.0.amount"]);
  });

  it("writes the QoE gate into the plan only when it is on, and names its bad fields", () => {
    expect(planOf(waveFormSchema.parse(valid())).qoeGate).toBeNull();
    const on = waveFormSchema.parse({ ...valid(), useQoeGate: true, qoeMetrics: ["cc_errors_per_hour"] });
    expect(planOf(on).qoeGate).toEqual({
      metrics: ["cc_errors_per_hour"],
      maxRegressionPct: 20,
      windowMinutes: 120,
      minSeconds: 3600,
    });
    expect(createInput(on, { productClass: "STB" }, false).ok).toBe(true);
    const bad = waveFormSchema.safeParse({ ...valid(), useQoeGate: true, qoeMetrics: [], qoeMinSeconds: 5 });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["qoeMetrics", "qoeMinSeconds"]);
    // Off, the same bad values are ignored.
    expect(waveFormSchema.safeParse({ ...valid(), qoeMetrics: [], qoeMinSeconds: Number.NaN }).success).toBe(
      true,
    );
  });

  it("asks for a saved search only when targeting one", () => {
    const r = waveFormSchema.safeParse({ ...valid(), target: "saved", savedSearchId: "" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["savedSearchId"]);
  });

  it("keeps the window when enabled and checks its fields", () => {
    const v = waveFormSchema.parse({ ...valid(), useWindow: true, cron: "0 3 * * *", durationMinutes: 90 });
    expect(planOf(v).window).toEqual({ cron: "0 3 * * *", durationMinutes: 90, timeZone: "Europe/Paris" });
    const bad = waveFormSchema.safeParse({ ...valid(), useWindow: true, cron: "", durationMinutes: 0 });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["cron", "durationMinutes"]);
  });

  it("ignores a cleared window length while the window is off", () => {
    const v = waveFormSchema.parse({ ...valid(), useWindow: false, durationMinutes: Number.NaN });
    expect(planOf(v).window).toBeNull();
    const on = waveFormSchema.safeParse({ ...valid(), useWindow: true, durationMinutes: Number.NaN });
    expect(on.error?.issues.map((i) => i.path.join("."))).toEqual(["durationMinutes"]);
  });

  it("turns the failure percentage into the plan's ratio", () => {
    expect(planOf(waveFormSchema.parse({ ...valid(), failurePercent: 12.5 })).failureRatio).toBe(0.125);
  });
});

describe("previewWindow", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  it("gives the next opening in the window's time zone", () => {
    const w = previewWindow("0 2 * * *", 60, "Europe/Paris", now);
    expect(w).toEqual({
      ok: true,
      openNow: false,
      openUntil: null,
      nextOpen: new Date("2026-12-03T01:00:00Z"),
    });
  });
  it("knows when a window is open now", () => {
    const w = previewWindow("0 11 * * *", 120, "UTC", now);
    expect(w).toMatchObject({ ok: true, openNow: true, openUntil: new Date("2026-12-02T13:00:00Z") });
  });
  it("reports a bad pattern or zone instead of throwing", () => {
    expect(previewWindow("bogus", 60, "UTC", now).ok).toBe(false);
    expect(previewWindow("0 2 * * *", 60, "Mars/Base", now)).toEqual({
      ok: false,
      error: "Unknown time zone Mars/Base",
    });
  });
});
