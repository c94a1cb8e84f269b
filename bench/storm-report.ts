// bench/storm.ts's output: one row per scenario (1 node, 3 nodes), as plain text and as Markdown.
import { percentile } from "./stats";
import type { FleetReport } from "./storm-fleet";
import type { BootstrapProgress } from "./storm-pg";

export interface StormResult {
  nodes: number;
  /** how CPEs reached the nodes */
  frontend: string;
  cpes: number;
  maxSessions: string;
  progress?: BootstrapProgress;
  fleets: FleetReport[];
  /** "go" -> the last device's full read (PostgreSQL's clock), when every device got there */
  drainMs?: number;
  timedOut: boolean;
  peakRssMiB: (number | undefined)[];
  nodeCpu: (number | undefined)[];
  pgCpu?: number;
  simCpu?: number;
  /** packets the kernel dropped on a full per-CPU input queue during the storm (softnet_stat) */
  packetsDropped?: number;
  note?: string;
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits);

function merged(r: StormResult) {
  const informMs = Float64Array.from(r.fleets.flatMap((f) => f.informMs)).sort();
  const retry = new Map<number, number>();
  for (const f of r.fleets)
    for (const [s, n] of Object.entries(f.retryAfter)) retry.set(Number(s), (retry.get(Number(s)) ?? 0) + n);
  const waits = [...retry.keys()].sort((a, b) => a - b);
  const sum = (k: keyof FleetReport): number => r.fleets.reduce((a, f) => a + Number(f[k] ?? 0), 0);
  return {
    p50: percentile(informMs, 50),
    p99: percentile(informMs, 99),
    refused: sum("refused"),
    otherFailures: sum("otherFailures"),
    completed: sum("completed"),
    retrySpread: waits.length ? `${waits[0]}-${waits.at(-1)} s (${waits.length} values)` : "-",
  };
}

/** Devices that did not end fully read (or whose full read failed). */
export function devicesNotDone(r: StormResult): number {
  return Math.max(0, r.cpes - (r.progress?.fullyRead ?? 0)) + (r.progress?.fullReadFailed ?? 0);
}

/** Failed: devices not done plus CPE sessions that failed other than by a 503 (must both be 0). */
export function failedCount(r: StormResult): number {
  return devicesNotDone(r) + merged(r).otherFailures;
}

export const HEADER = [
  "nodes",
  "CPEs",
  "bootstrapped",
  "fully read",
  "devices not done",
  "failed sessions (not 503)",
  "drain s",
  "Inform p50 ms",
  "Inform p99 ms",
  "503s",
  "Retry-After",
  "peak RSS MiB per node",
  "ACS CPU per node",
  "PostgreSQL CPU",
];

export function row(r: StormResult): string[] {
  const m = merged(r);
  return [
    `${r.nodes} (${r.frontend})`,
    String(r.cpes),
    String(r.progress?.bootstrapped ?? "-"),
    String(r.progress?.fullyRead ?? "-"),
    String(devicesNotDone(r)),
    String(m.otherFailures),
    r.drainMs === undefined ? (r.timedOut ? "timed out" : "-") : fmt(r.drainMs / 1000, 1),
    fmt(m.p50, 1),
    fmt(m.p99, 1),
    String(m.refused),
    m.retrySpread,
    r.peakRssMiB.map((v) => fmt(v)).join(" / "),
    r.nodeCpu.map((v) => fmt(v, 2)).join(" / "),
    fmt(r.pgCpu, 2),
  ];
}

export function plainTable(results: StormResult[]): string {
  const all = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  return all.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ")).join("\n");
}

export function markdownTable(results: StormResult[]): string[] {
  return [
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map((_, i) => (i < 1 ? "---" : "---:")).join("|")}|`,
    ...results.map((r) => `| ${row(r).join(" | ")} |`),
  ];
}
