// The benchmark's output: a plain-text table, one JSON line, and a Markdown snippet for the README.
import type { GcSummary } from "./gc-trace";
import os from "node:os";
import type { CpuShare } from "./cpu";
import { ratio } from "./stats";

export interface TargetResult {
  target: string;
  label: string;
  /** undefined when the target was skipped */
  sessionsPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  peakRssMiB?: number;
  sessions?: number;
  errors?: number;
  warmupErrors?: number;
  cpu?: CpuShare;
  /** with --gc: the target's young-generation collections while measured */
  gc?: GcSummary;
  note?: string;
}

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  platform: string;
  memoryGiB: number;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "?",
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

const fmt = (n: number | undefined, digits: number): string =>
  n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits);

function rows(results: TargetResult[]): string[][] {
  const ceiling = results.find((r) => r.target === "bare")?.sessionsPerSecond;
  return results.map((r) => [
    r.label,
    fmt(r.sessionsPerSecond, 0),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    fmt(r.peakRssMiB, 0),
    fmt(ratio(r.sessionsPerSecond, ceiling), 2),
    r.errors === undefined ? "-" : String(r.errors),
  ]);
}

const HEADER = ["target", "sessions/s", "p50 ms", "p99 ms", "peak RSS MiB", "ratio to ceiling", "errors"];

export function textTable(results: TargetResult[]): string {
  return plain(HEADER, rows(results));
}

const CPU_HEADER = [
  "CPU (cores busy)",
  "target",
  "PostgreSQL",
  "load generator",
  "machine busy",
  "server CPU ms/session",
  "× bare",
];

/** Server CPU ms per session: the target process, plus its PostgreSQL server for the PostgreSQL target. */
export function serverCpuMs(r: TargetResult): number | undefined {
  const c = r.cpu;
  if (!c || !r.sessionsPerSecond || c.target === undefined) return undefined;
  const server = c.target + (r.target === "postgres" ? (c.postgres ?? 0) : 0);
  return (server / r.sessionsPerSecond) * 1000;
}

/** The bare server run at Vantage + PostgreSQL's session rate (bench/run.ts). */
export const PACED_BARE = "bare-paced";

/** A target's server CPU per session over the bare node:http server's, from the same run. */
export function cpuRatio(r: TargetResult, results: TargetResult[]): number | undefined {
  const bare = results.find((x) => x.target === "bare");
  return ratio(serverCpuMs(r), bare && serverCpuMs(bare));
}

/** The figure the benchmark is about (issue 17 goal: ≤ 3× for Vantage + PostgreSQL). */
export function headline(results: TargetResult[]): string {
  const bare = results.find((x) => x.target === "bare");
  const bareMs = bare && serverCpuMs(bare);
  const parts = results
    .filter((r) => r.target !== "bare" && r.target !== PACED_BARE && serverCpuMs(r) !== undefined)
    .map((r) => {
      const times = cpuRatio(r, results);
      return `${r.label} ${fmt(serverCpuMs(r), 3)} ms${times === undefined ? "" : ` = ${times.toFixed(1)}×`}`;
    });
  if (parts.length === 0) return "Server CPU per periodic session: no Vantage target measured";
  const of =
    bareMs === undefined
      ? "(no bare node:http run to compare with)"
      : `the bare node:http server's ${bareMs.toFixed(3)} ms`;
  return `Server CPU per periodic session: ${parts.join("; ")} ${bareMs === undefined ? of : `(× ${of}; goal ≤ 3×)`}${pacedNote(results)}`;
}

/** The PostgreSQL target against the bare server at the same session rate, when that was measured. */
function pacedNote(results: TargetResult[]): string {
  const paced = results.find((x) => x.target === PACED_BARE);
  const acs = results.find((x) => x.target === "postgres");
  const pacedMs = paced && serverCpuMs(paced);
  const times = ratio(acs && serverCpuMs(acs), pacedMs);
  if (pacedMs === undefined || times === undefined || !paced?.sessionsPerSecond) return "";
  return `. At the same rate (${paced.sessionsPerSecond.toFixed(0)}/s) the bare server's is ${pacedMs.toFixed(3)} ms: Vantage + PostgreSQL = ${times.toFixed(1)}× that`;
}

function cpuRows(results: TargetResult[]): string[][] {
  return results.flatMap((r) => {
    const c = r.cpu;
    if (!c || !r.sessionsPerSecond) return [];
    return [
      [
        r.label,
        fmt(c.target, 2),
        r.target === "postgres" ? fmt(c.postgres, 2) : "-",
        fmt(c.loadGenerator, 2),
        c.machineBusy === undefined ? "-" : `${(c.machineBusy * 100).toFixed(0)}%`,
        fmt(serverCpuMs(r), 3),
        fmt(cpuRatio(r, results), 1),
      ],
    ];
  });
}

function plain(header: string[], body: string[][]): string {
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");
  return all.map(line).join("\n");
}

function md(header: string[], body: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...body.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** CPU use during the measured phase: which process spent the machine's cores. */
export function cpuTable(results: TargetResult[]): string {
  return plain(CPU_HEADER, cpuRows(results));
}

export function markdown(
  results: TargetResult[],
  m: Machine,
  command: string,
  config: string,
  notes: string[],
): string {
  const table = md(HEADER, rows(results));
  const cpu = md(CPU_HEADER, cpuRows(results));
  return [
    "<!-- Written by `npm run bench`; see bench/README.md for what is measured and how to read it. -->",
    "",
    `**${headline(results)}**`,
    "",
    `Inform sessions per second (Inform -> InformResponse, empty POST -> 204), ${config}.`,
    "",
    ...table,
    "",
    "CPU during the measurement (1.00 = one core busy; server CPU = target process, plus PostgreSQL's processes for the PostgreSQL target):",
    "",
    ...cpu,
    "",
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}. ` +
      "The load generator runs on the same cores as the targets.",
    ...notes.map((n) => `- ${n}`),
    "",
    ...commandBlock(command),
  ].join("\n");
}

/** The closing "Command:" block of a results file: the command that wrote it, as a shell snippet. */
export function commandBlock(command: string): string[] {
  return ["Command:", "", "```sh", command, "```", ""];
}
