import { describe, expect, it } from "vitest";
import { impairedLayers } from "../../lib/monitoring/qoe";
import { planFleet } from "../fleet-plan";
import { simulateIntervals, streamStats, type SimulatedInterval } from "./generator";
import { lineUpOf } from "./households";
import { EMPTY_SCENARIO, parseScenario, type Scenario } from "./scenario";
import { channelAt, viewingWindow } from "./viewing";
import { worldOf } from "./world";

// Evening prime time (UTC 19:00-21:00 = 20:00-22:00 in Paris): most boxes are on.
const FROM = Date.parse("2026-11-30T19:00:00Z");
const TO = Date.parse("2026-11-30T21:00:00Z");
const plan = planFleet({ devices: 600, seed: 11 });
const world = worldOf(plan);
const byserial = new Map(plan.map((d) => [d.serial, d]));

const run = (scenario: Scenario): SimulatedInterval[] => [
  ...simulateIntervals({ plan, world, scenario, from: FROM, to: TO, intervalSecs: 900 }),
];

/** Channels a box showed during an interval (it may have zapped through several). */
const watched = (r: SimulatedInterval): Set<string> =>
  new Set(
    viewingWindow(
      byserial.get(r.serial)!.seed,
      r.ts.getTime(),
      r.secs > 0 ? 900 : 0,
      lineUpOf(world.channels, byserial.get(r.serial)!),
    ).segments.map((s) => s.channel),
  );

const sum = (rows: SimulatedInterval[], f: (r: SimulatedInterval) => number) =>
  rows.reduce((n, r) => n + f(r), 0);

const scenarioOf = (location: object, severity = 0.7): Scenario =>
  parseScenario({
    impairments: [
      { id: "x", location, start: new Date(FROM).toISOString(), end: new Date(TO).toISOString(), severity },
    ],
  });

describe("monitoring generator", () => {
  it("is deterministic for a seed", () => {
    const a = run(EMPTY_SCENARIO);
    const b = run(EMPTY_SCENARIO);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(100);
    const other = planFleet({ devices: 600, seed: 12 });
    const c = [
      ...simulateIntervals({
        plan: other,
        world: worldOf(other),
        scenario: EMPTY_SCENARIO,
        from: FROM,
        to: TO,
        intervalSecs: 900,
      }),
    ];
    expect(c.map((r) => r.serial)).not.toEqual(a.map((r) => r.serial));
  });

  it("keeps a clean fleet mostly clean: rare isolated errors, realistic viewing", () => {
    const day = [
      ...simulateIntervals({
        plan,
        world,
        scenario: EMPTY_SCENARIO,
        from: FROM - 19 * 3600_000,
        to: FROM + 5 * 3600_000,
        intervalSecs: 900,
      }),
    ];
    const streams = day.filter((r) => r.stream);
    const impaired = streams.filter((r) => Object.values(impairedLayers(r.stream!, r.secs)).some(Boolean));
    expect(impaired.length / streams.length).toBeLessThan(0.03);
    // Night: few boxes on; prime time: most.
    const stbs = plan.filter((d) => d.kind === "stb").length;
    const at = (h: number) =>
      new Set(streams.filter((r) => r.ts.getUTCHours() === h).map((r) => r.serial)).size / stbs;
    expect(at(3)).toBeLessThan(0.15);
    expect(at(20)).toBeGreaterThan(0.4);
    // Gateways: FEC corrections all the time, line errors rare.
    const lines = day.filter((r) => r.line);
    expect(lines.filter((r) => r.line!.erroredSecs > 0).length / lines.length).toBeLessThan(0.05);
  });

  it("headend: continuity errors on the channel in every region with clean IP", () => {
    const rows = run(scenarioOf({ kind: "headend", channel: "TF1 HD" }));
    const on = rows.filter((r) => r.stream && watched(r).has("TF1 HD"));
    const off = rows.filter((r) => r.stream && !watched(r).has("TF1 HD"));
    const cc = sum(on, (r) => r.stream!.tsCcErrors);
    expect(cc).toBeGreaterThan(200);
    expect(sum(on, (r) => r.stream!.tsCcErrorsBeforeCa)).toBe(cc);
    expect(sum(on, (r) => r.stream!.rtpLost)).toBeLessThan(cc * 0.05);
    expect(sum(on, (r) => r.stream!.videoConcealed)).toBeGreaterThan(0);
    const regions = new Set(
      on
        .filter((r) => r.stream!.tsCcErrors > 0)
        .map((r) => world.households.get(byserial.get(r.serial)!.subscriberId)!.region),
    );
    expect(regions.size).toBe(4);
    // Channels from the other headend stay clean.
    expect(sum(off, (r) => r.stream!.tsCcErrors)).toBeLessThan(cc * 0.05);
  });

  it("insertion point: one channel in one region only", () => {
    const rows = run(scenarioOf({ kind: "insertion", channel: "M6 HD", region: "North" }));
    const region = (r: SimulatedInterval) =>
      world.households.get(byserial.get(r.serial)!.subscriberId)!.region;
    const hit = rows.filter((r) => r.stream && watched(r).has("M6 HD") && region(r) === "North");
    const elsewhere = rows.filter((r) => r.stream && watched(r).has("M6 HD") && region(r) !== "North");
    expect(sum(hit, (r) => r.stream!.tsCcErrors)).toBeGreaterThan(20);
    expect(sum(hit, (r) => r.stream!.rtpLost)).toBeLessThanOrEqual(
      sum(hit, (r) => r.stream!.tsCcErrors) * 0.1,
    );
    expect(sum(elsewhere, (r) => r.stream!.tsCcErrors)).toBeLessThan(
      sum(hit, (r) => r.stream!.tsCcErrors) * 0.2,
    );
  });

  it("access node: IP loss before and after EC on every channel, TS errors ~ lost packets, DSL noise", () => {
    const node = world.accessNodes[0]!;
    const behind = new Set(node.households);
    const rows = run(scenarioOf({ kind: "access", accessNode: node.name }));
    const mine = (r: SimulatedInterval) => behind.has(byserial.get(r.serial)!.subscriberId);
    const stb = rows.filter((r) => r.stream && mine(r));
    const lost = sum(stb, (r) => r.stream!.rtpLost);
    expect(sum(stb, (r) => r.stream!.rtpLostBeforeEc)).toBeGreaterThan(lost);
    expect(lost).toBeGreaterThan(100);
    const cc = sum(stb, (r) => r.stream!.tsCcErrors);
    expect(cc).toBeGreaterThanOrEqual(lost);
    expect(cc).toBeLessThanOrEqual(lost * 1.5);
    expect(sum(stb, (r) => r.stream!.videoConcealed)).toBeGreaterThan(0);
    expect(new Set(stb.filter((r) => r.stream!.rtpLost > 0).map((r) => r.channel)).size).toBeGreaterThan(2);
    const others = rows.filter((r) => r.stream && !mine(r));
    expect(sum(others, (r) => r.stream!.rtpLost) / others.length).toBeLessThan((lost / stb.length) * 0.05);
    const lines = rows.filter((r) => r.line && mine(r));
    const clean = rows.filter((r) => r.line && !mine(r));
    expect(sum(lines, (r) => r.line!.crcErrors) / lines.length).toBeGreaterThan(
      (10 * sum(clean, (r) => r.line!.crcErrors)) / clean.length + 1,
    );
    expect(sum(lines, (r) => r.line!.erroredSecs)).toBeGreaterThan(0);
  });

  it("home: only that household's boxes and its gateway", () => {
    const house = plan.find((d) => d.kind === "dng" && d.stbSerials.length >= 2)!;
    const rows = run(scenarioOf({ kind: "home", household: house.subscriberId }, 1));
    const mine = rows.filter((r) => r.stream && house.stbSerials.includes(r.serial));
    const neighbours = new Set(
      world.accessNodes.find((n) => n.households.includes(house.subscriberId))!.households,
    );
    const next = rows.filter(
      (r) =>
        r.stream &&
        !house.stbSerials.includes(r.serial) &&
        neighbours.has(byserial.get(r.serial)!.subscriberId),
    );
    if (mine.length > 0) expect(sum(mine, (r) => r.stream!.rtpLostBeforeEc)).toBeGreaterThan(0);
    expect(sum(next, (r) => r.stream!.rtpLost)).toBeLessThan(50);
    const gw = rows.filter((r) => r.serial === house.serial);
    expect(sum(gw, (r) => r.line!.crcErrors)).toBeGreaterThan(0);
  });

  it("model/firmware: decoder errors on that model (and version) only, clean IP and TS", () => {
    const target = plan.find((d) => d.kind === "stb" && d.vendor.modelName === "KSTB6077")!;
    const rows = run(
      scenarioOf({ kind: "model", model: "KSTB6077", softwareVersion: target.softwareVersion }),
    );
    const model = (r: SimulatedInterval) => byserial.get(r.serial)!;
    const hit = rows.filter(
      (r) =>
        r.stream &&
        model(r).vendor.modelName === "KSTB6077" &&
        model(r).softwareVersion === target.softwareVersion,
    );
    const rest = rows.filter((r) => r.stream && !hit.includes(r));
    const lostFrames = sum(hit, (r) => r.stream!.videoLost + r.stream!.videoConcealed);
    expect(lostFrames).toBeGreaterThan(500);
    expect(sum(hit, (r) => r.stream!.avResyncs)).toBeGreaterThan(0);
    expect(sum(hit, (r) => r.stream!.rtpLost + r.stream!.tsCcErrors)).toBeLessThan(lostFrames * 0.05);
    expect(sum(rest, (r) => r.stream!.avResyncs)).toBe(0);
  });

  it("a box shows a source impairment only while watching the channel", () => {
    const stb = plan.find((d) => d.kind === "stb")!;
    const scenario = scenarioOf({ kind: "headend", headend: "SHE-Paris" }, 1);
    const ctx = { identity: stb, world, scenario };
    const lyon = new Set(world.channels.filter((c) => c.headend === "SHE-Lyon").map((c) => c.name));
    for (let t = FROM; t < TO; t += 60_000) {
      const ch = channelAt(stb.seed, t, lineUpOf(world.channels, stb));
      const s = streamStats(ctx, t, 60);
      const view = viewingWindow(stb.seed, t, 60, lineUpOf(world.channels, stb));
      if (ch === null && view.segments.length === 0) expect(s.counters.tsCcErrors).toBe(0);
      if (view.segments.every((seg) => lyon.has(seg.channel)) && view.segments.length > 0) {
        expect(s.counters.tsCcErrors).toBeLessThan(5);
      }
    }
  });
});
