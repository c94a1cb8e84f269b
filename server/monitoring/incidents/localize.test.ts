// The scoring on hand-made windows: which verdict a layer signature and its spread point to, and that
// isolated noise makes no incident.
import { describe, expect, it } from "vitest";
import type { GroupTotal, IntervalRow, WindowData } from "./data";
import { localizeData } from "./localize";

const T0 = Date.UTC(2026, 0, 1, 19);
const CHANNELS = new Map([
  [1, { name: "TF1 HD", headend: "SHE-Paris" }],
  [2, { name: "M6 HD", headend: "SHE-Paris" }],
  [3, { name: "Gulli", headend: "SHE-Lyon" }],
]);
const REGIONS = new Map([
  [1, "North"],
  [2, "South"],
]);

interface Box {
  id: number;
  household: string;
  regionId: number;
  nodeId: number;
  model: string;
}

/** 40 boxes: 2 regions x 2 nodes x 10 households, two models. */
const BOXES: Box[] = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  household: `SUB${Math.floor(i / 1)}`,
  regionId: (i % 2) + 1,
  nodeId: (i % 4) + 1,
  model: i % 3 === 0 ? "STB-A" : "STB-B",
}));

type Layers = Partial<Pick<IntervalRow, "ip" | "tsLayer" | "decoder" | "lossEvents">>;

function windowOf(impair: (box: Box, channelId: number, k: number) => Layers | null): WindowData {
  const rows: IntervalRow[] = [];
  const all: IntervalRow[] = [];
  for (const box of BOXES)
    for (let k = 0; k < 6; k++) {
      const channelId = ((box.id + k) % 3) + 1;
      const layers = impair(box, channelId, k) ?? {};
      const row: IntervalRow = {
        deviceId: box.id,
        serial: `S${box.id}`,
        household: box.household,
        ts: T0 + k * 300_000,
        secs: 300,
        channelId,
        regionId: box.regionId,
        nodeId: box.nodeId,
        model: box.model,
        software: "1.0",
        ip: false,
        tsLayer: false,
        decoder: false,
        buffer: false,
        zaps: 0,
        lossEvents: 0,
        ...layers,
      };
      all.push(row);
      if (row.ip || row.tsLayer || row.decoder) rows.push(row);
    }
  const groups = new Map<string, GroupTotal>();
  for (const r of all) {
    const key = `${r.channelId}|${r.regionId}|${r.nodeId}|${r.model}`;
    const g = groups.get(key) ?? {
      channelId: r.channelId,
      regionId: r.regionId,
      nodeId: r.nodeId,
      model: r.model,
      software: r.software,
      rows: 0,
      ip: 0,
      ts: 0,
      decoder: 0,
      any: 0,
    };
    g.rows++;
    if (r.ip) g.ip++;
    else if (r.tsLayer) g.ts++;
    else if (r.decoder) g.decoder++;
    if (r.ip || r.tsLayer || r.decoder) g.any++;
    groups.set(key, g);
  }
  const impairedDevices = new Set(rows.map((r) => r.deviceId));
  return {
    from: new Date(T0),
    to: new Date(T0 + 1_800_000),
    groups: [...groups.values()],
    rows: all.filter((r) => impairedDevices.has(r.deviceId)),
    channels: CHANNELS,
    regions: REGIONS,
    nodes: new Map([1, 2, 3, 4].map((n) => [n, `DSLAM-${n}`])),
    dslByNode: new Map(),
    dslByHousehold: new Map(),
  };
}

describe("localizeData", () => {
  it("TS errors on one channel everywhere: its source; in one region only: that insertion point", () => {
    const source = localizeData(windowOf((_, ch) => (ch === 2 ? { tsLayer: true } : null)));
    expect(source.map((f) => f.location)).toEqual(["headend:M6 HD"]);
    expect(source[0]!.evidence.regions).toEqual(["North", "South"]);
    const insertion = localizeData(
      windowOf((b, ch) => (ch === 2 && b.regionId === 1 ? { tsLayer: true } : null)),
    );
    expect(insertion.map((f) => f.location)).toEqual(["insertion:M6 HD@North"]);
    expect(insertion[0]!.evidence.competing.map((c) => c.location)).toContain("headend:M6 HD");
  });

  it("IP loss behind one node: access; decoder errors on one model: model; both at once", () => {
    const both = localizeData(
      windowOf((b) =>
        b.nodeId === 3
          ? { ip: true, tsLayer: true, decoder: true, lossEvents: 3 }
          : b.model === "STB-A"
            ? { decoder: true }
            : null,
      ),
    );
    expect(new Set(both.map((f) => f.location))).toEqual(new Set(["access:DSLAM-3", "model:STB-A@1.0"]));
  });

  it("isolated noise is no incident", () => {
    const noise = localizeData(
      windowOf((b, ch, k) =>
        (b.id * 7 + k) % 53 === 0 ? (ch === 1 ? { tsLayer: true } : { ip: true, lossEvents: 1 }) : null,
      ),
    );
    expect(noise).toEqual([]);
  });
});
