import { describe, expect, it } from "vitest";
import { PACED_BARE, cpuRatio, headline, serverCpuMs, type TargetResult } from "./report";

const cpu = (target: number, postgres?: number) => ({ target, postgres, loadGenerator: 0.1 });
const results: TargetResult[] = [
  { target: "bare", label: "bare node:http (ceiling)", sessionsPerSecond: 10_000, cpu: cpu(0.5, 0.9) },
  { target: "pglite", label: "Vantage + PGlite", sessionsPerSecond: 1_000, cpu: cpu(0.8, 0.9) },
  { target: "postgres", label: "Vantage + PostgreSQL", sessionsPerSecond: 2_000, cpu: cpu(0.4, 0.2) },
];

describe("the CPU-per-session headline", () => {
  it("counts PostgreSQL's CPU for the PostgreSQL target only and compares with the bare server's", () => {
    expect(serverCpuMs(results[0]!)).toBeCloseTo(0.05);
    expect(serverCpuMs(results[1]!)).toBeCloseTo(0.8);
    expect(serverCpuMs(results[2]!)).toBeCloseTo(0.3);
    expect(cpuRatio(results[2]!, results)).toBeCloseTo(6);
    expect(headline(results)).toBe(
      "Server CPU per periodic session: Vantage + PGlite 0.800 ms = 16.0×; Vantage + PostgreSQL 0.300 ms = 6.0× (× the bare node:http server's 0.050 ms; goal ≤ 3×)",
    );
  });
  it("says so when there is nothing to compare with", () => {
    expect(headline(results.slice(2))).toBe(
      "Server CPU per periodic session: Vantage + PostgreSQL 0.300 ms (no bare node:http run to compare with)",
    );
    expect(headline(results.slice(0, 1))).toBe("Server CPU per periodic session: no Vantage target measured");
  });
  it("adds the PostgreSQL target over the bare server at the same rate, when that ran", () => {
    const paced: TargetResult = {
      target: PACED_BARE,
      label: "bare node:http at 2000 sessions/s",
      sessionsPerSecond: 2_000,
      cpu: cpu(0.15),
    };
    expect(headline([...results, paced])).toBe(
      "Server CPU per periodic session: Vantage + PGlite 0.800 ms = 16.0×; Vantage + PostgreSQL 0.300 ms = 6.0× (× the bare node:http server's 0.050 ms; goal ≤ 3×). At the same rate (2000/s) the bare server's is 0.075 ms: Vantage + PostgreSQL = 4.0× that",
    );
  });
});
