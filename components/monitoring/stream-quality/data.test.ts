import { describe, expect, it } from "vitest";
import type { DeviceStreamQuality } from "../chart-types";
import { hoursOf, impairedMinutesByHour, lineTotals, onAxis, runBox } from "./data";

const base = {
  secs: 300,
  stream: 1,
  channelId: 1,
  channel: "News",
  qoe: 4,
  kpis: {
    lossRatio: 0,
    lossEventsPerHour: 0,
    ccErrorsPerHour: 0,
    frameLossRatio: 0,
    concealmentRatio: 0,
    frozenFraction: 0,
    zaps: 0,
    zapFailures: 0,
    zapMsMax: 0,
  },
};

const q: DeviceStreamQuality = {
  from: "2026-12-01T10:30:00.000Z",
  to: "2026-12-01T12:30:00.000Z",
  intervals: [
    {
      ...base,
      ts: "2026-12-01T10:40:00.000Z",
      impaired: { ip: true, ts: false, decoder: false, buffer: false },
    },
    {
      ...base,
      ts: "2026-12-01T11:05:00.000Z",
      impaired: { ip: false, ts: true, decoder: false, buffer: false },
    },
    {
      ...base,
      ts: "2026-12-01T11:10:00.000Z",
      impaired: { ip: false, ts: true, decoder: true, buffer: false },
    },
    {
      ...base,
      ts: "2026-12-01T09:00:00.000Z",
      impaired: { ip: true, ts: true, decoder: true, buffer: true },
    },
  ],
  channels: [],
  gateway: null,
  line: [
    {
      ts: "2026-12-01T11:00:00.000Z",
      secs: 900,
      erroredSecs: 3,
      severelyErroredSecs: 1,
      crcErrors: 10,
      resyncs: 0,
      dsRate: 20000,
      usRate: 1000,
      dsMargin: 6,
    },
    {
      ts: "2026-12-01T11:15:00.000Z",
      secs: 900,
      erroredSecs: 2,
      severelyErroredSecs: 0,
      crcErrors: 5,
      resyncs: 1,
      dsRate: null,
      usRate: null,
      dsMargin: null,
    },
  ],
};

describe("stream quality tab data", () => {
  it("covers the window with whole hours", () => {
    expect(hoursOf(q.from, q.to).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      "10:00",
      "11:00",
      "12:00",
    ]);
  });

  it("adds impaired minutes per layer and hour, ignoring intervals outside the window", () => {
    const { rows } = impairedMinutesByHour(q);
    expect(rows.ip).toEqual([5, 0, 0]);
    expect(rows.ts).toEqual([0, 10, 0]);
    expect(rows.decoder).toEqual([0, 5, 0]);
    expect(rows.buffer).toEqual([0, 0, 0]);
  });

  it("pads points to the window and places runs on it", () => {
    const pts = onAxis([{ t: Date.parse("2026-12-01T11:00:00Z"), v: 1 }], q.from, q.to, ["v"]);
    expect(pts.map((p) => p.v)).toEqual([null, 1, null]);
    expect(runBox({ from: "2026-12-01T11:30:00Z", to: "2026-12-01T12:30:00Z" }, q.from, q.to)).toEqual({
      left: 50,
      width: 50,
    });
    expect(runBox({ from: "2026-12-01T09:00:00Z", to: "2026-12-01T10:30:00Z" }, q.from, q.to).width).toBe(
      0.2,
    );
  });

  it("sums the line and keeps its last gauges", () => {
    expect(lineTotals(q.line)).toEqual({
      erroredSecs: 5,
      severelyErroredSecs: 1,
      crcErrors: 15,
      resyncs: 1,
      dsRate: 20000,
      usRate: 1000,
      dsMargin: 6,
    });
  });
});
