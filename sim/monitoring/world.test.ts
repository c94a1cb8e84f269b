import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTopologyCsv } from "../../lib/monitoring/topology-csv";
import { planFleet } from "../fleet-plan";
import { loadScenario, parseScenario } from "./scenario";
import { CHANNEL_CHANGE_TIMEOUT_MS, powerOnAt, viewingWindow } from "./viewing";
import { HOUSEHOLD_SEGMENTS } from "./households";
import { csvField, lineupCsv, optOutsCsv, topologyCsv, worldOf } from "./world";

/** RFC 4180 reader for the round trip (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

describe("simulated world", () => {
  it("is deterministic and places every household on one DSLAM port in one region", () => {
    const plan = planFleet({ devices: 1000, seed: 3 });
    const a = worldOf(plan);
    expect(topologyCsv(worldOf(plan))).toBe(topologyCsv(a));
    expect(topologyCsv(worldOf(planFleet({ devices: 1000, seed: 4 })))).not.toBe(topologyCsv(a));
    const households = new Set(plan.filter((d) => d.kind === "dng").map((d) => d.subscriberId));
    expect(a.households.size).toBe(households.size);
    for (const n of a.accessNodes) {
      expect(n.name).toMatch(/^DSLAM-[NSEW]-\d{2}$/);
      expect(n.households.length).toBeLessThanOrEqual(48);
      expect(n.households.length).toBeGreaterThanOrEqual(20);
    }
    const ports = new Set([...a.households.values()].map((p) => `${p.accessNode}|${p.accessPort}`));
    expect(ports.size).toBe(households.size);
    for (const p of a.households.values()) expect(p.accessPort).toMatch(/^1\/\d+\/\d+$/);
  });

  it("gives small fleets two access nodes per region", () => {
    const w = worldOf(planFleet({ devices: 60, seed: 1 }));
    for (const r of w.regions) expect(w.accessNodes.filter((n) => n.region === r)).toHaveLength(2);
  });

  it("exports topology and line-up CSV that read back (RFC 4180)", () => {
    const w = worldOf(planFleet({ devices: 100, seed: 2 }));
    const topo = parseCsv(topologyCsv(w));
    expect(topo[0]).toEqual(["household", "access_node", "access_port", "region", "access_kind", "segment"]);
    expect(topo).toHaveLength(w.households.size + 1);
    expect(topo[1]![4]).toBe("DSLAM");
    for (const row of topo.slice(1)) {
      expect(HOUSEHOLD_SEGMENTS).toContain(row[5]);
      expect(row[5]).toBe(w.households.get(row[0]!)!.segment);
    }
    expect(new Set(topo.slice(1).map((r) => r[5])).size).toBe(3);
    // The console's import reads the file as written, segments included.
    const imported = parseTopologyCsv(topologyCsv(w));
    expect(imported.problems).toEqual([]);
    expect(imported.rows.map((r) => r.segment)).toEqual(topo.slice(1).map((r) => r[5]));
    const lineup = parseCsv(lineupCsv(w));
    expect(lineup[0]).toEqual(["number", "name", "multicast_group", "uri", "headend", "insertion_points"]);
    expect(lineup[1]).toEqual([
      "1",
      "TF1 HD",
      "239.100.0.1",
      "igmp://239.100.0.1:5000",
      "SHE-Paris",
      "North=RH-North;South=RH-South;East=RH-East;West=RH-West",
    ]);
    expect(lineup.filter((r) => r[4] === "SHE-Lyon")).toHaveLength(2);
    expect(parseCsv(`${csvField('a "b", c')}\r\n`)).toEqual([['a "b", c']]);
  });
});

describe("opt-outs export", () => {
  it("lists exactly the opted-out households by subscriber id, as household,note", () => {
    const plan = planFleet({ devices: 2000, seed: 5 });
    const w = worldOf(plan);
    const rows = parseCsv(optOutsCsv(w));
    expect(rows[0]).toEqual(["household", "note"]);
    const listed = rows.slice(1).map((r) => r[0]);
    const flagged = [...w.households.values()].filter((p) => p.audienceOptOut).map((p) => p.household);
    expect(listed).toEqual(flagged.sort((a, b) => a.localeCompare(b)));
    expect(listed.length).toBeGreaterThan(0);
    const subscribers = new Set(plan.map((d) => d.subscriberId));
    for (const r of rows.slice(1)) {
      expect(subscribers.has(r[0]!)).toBe(true);
      expect(r[1]).not.toBe("");
    }
  });
});

describe("CLI export", () => {
  it("writes the topology, line-up and opt-out files and exits without an ACS", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sim-world-"));
    try {
      const topo = path.join(dir, "t.csv");
      const lineup = path.join(dir, "l.csv");
      const optOuts = path.join(dir, "o.csv");
      execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "sim/main.ts",
          "--devices",
          "120",
          "--seed",
          "9",
          "--export-topology",
          topo,
          "--export-lineup",
          lineup,
          "--export-optouts",
          optOuts,
        ],
        { timeout: 30_000, stdio: "pipe" },
      );
      const w = worldOf(planFleet({ devices: 120, seed: 9 }));
      expect(readFileSync(topo, "utf8")).toBe(topologyCsv(w));
      expect(readFileSync(lineup, "utf8")).toBe(lineupCsv(w));
      expect(readFileSync(optOuts, "utf8")).toBe(optOutsCsv(w));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe("scenario", () => {
  it("loads the demo scenario shipped with the simulator, one impairment per class", () => {
    const s = loadScenario("sim/monitoring/scenarios/demo.json", 0);
    expect(new Set(s.impairments.map((i) => i.location.kind))).toEqual(
      new Set(["headend", "insertion", "access", "home", "model"]),
    );
  });

  it("resolves relative minutes and refuses bad files with a readable error", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    const s = parseScenario(
      {
        seed: 5,
        impairments: [
          {
            id: "a",
            location: { kind: "access", accessNode: "DSLAM-N-01" },
            startMin: -60,
            endMin: -30,
            severity: 0.5,
          },
          {
            id: "b",
            location: { kind: "model", model: "KSTB6077", softwareVersion: "6077.2.9.0" },
            start: "2026-12-01T10:00:00Z",
            end: "2026-12-01T11:00:00Z",
            severity: 1,
          },
        ],
      },
      now,
    );
    expect(s.seed).toBe(5);
    expect(s.impairments[0]).toMatchObject({ startMs: now - 3600_000, endMs: now - 1800_000 });
    expect(s.impairments[1]!.startMs).toBe(Date.parse("2026-12-01T10:00:00Z"));
    const bad = (i: object) => () => parseScenario({ impairments: [i] }, now);
    const loc = { kind: "home", household: "SUB100003" };
    expect(bad({ id: "x", location: loc, startMin: 0, endMin: 10, severity: 2 })).toThrow(/severity/);
    expect(bad({ id: "x", location: loc, startMin: 10, endMin: 0, severity: 1 })).toThrow(/ends before/);
    expect(bad({ id: "x", location: { kind: "moon" }, startMin: 0, endMin: 1, severity: 1 })).toThrow(
      /scenario/,
    );
    expect(
      bad({ id: "x", location: loc, start: "2026-12-01T10:00:00Z", startMin: 0, endMin: 1, severity: 1 }),
    ).toThrow(/exactly one/);
  });
});

describe("viewing", () => {
  it("zaps with realistic times, a channel per moment, nothing while in standby", () => {
    const w = worldOf(planFleet({ devices: 10, seed: 1 }));
    const from = Date.parse("2026-11-30T00:00:00Z");
    let zaps = 0;
    let on = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const day = viewingWindow(seed, from, 86400, w.channels);
      on += day.onSecs;
      zaps += day.zaps.length;
      for (const z of day.zaps) {
        if (z.failed) expect(z.ms).toBeGreaterThan(CHANNEL_CHANGE_TIMEOUT_MS);
        else expect(z.ms).toBeGreaterThanOrEqual(450);
      }
      expect(viewingWindow(seed, from, 86400, w.channels)).toEqual(day);
      // Segments never overlap and stay inside the window.
      for (let i = 1; i < day.segments.length; i++) {
        expect(day.segments[i]!.start).toBeGreaterThanOrEqual(day.segments[i - 1]!.end);
      }
    }
    const hoursPerDay = on / 40 / 3600;
    expect(hoursPerDay).toBeGreaterThan(2);
    expect(hoursPerDay).toBeLessThan(10);
    expect(zaps / 40).toBeGreaterThan(5);
  });

  it("a box just switched on is watched for 30-90 minutes, even at night", () => {
    const w = worldOf(planFleet({ devices: 10, seed: 1 }));
    const night = Date.parse("2026-11-30T03:00:00Z");
    for (let seed = 1; seed <= 20; seed++) {
      const on = powerOnAt(seed, night);
      expect(on.end - on.start).toBeGreaterThanOrEqual(30 * 60_000);
      expect(on.end - on.start).toBeLessThanOrEqual(90 * 60_000);
      const v = viewingWindow(seed, night, 1800, w.channels, on);
      expect(v.onSecs).toBe(1800);
      expect(v.zaps[0]?.at).toBe(night);
      expect(v.channel).not.toBeNull();
    }
  });
});
