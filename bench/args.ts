// Command line of `npm run bench -- [options]`.
import { parseArgs } from "node:util";

export const TARGETS = ["bare", "pglite", "postgres"] as const;
export type TargetName = (typeof TARGETS)[number];

export interface BenchArgs {
  cpes: number;
  durationS: number;
  warmupS: number;
  maxSessions: number;
  targets: TargetName[];
  /** write a V8 CPU profile of each ACS child into this directory */
  cpuProfDir?: string;
  /** write bench/results/latest.md */
  write: boolean;
  logLevel: string;
  poolSize?: number;
  /** report each target's young-generation collections while measured (bench/gc-trace.ts) */
  gc: boolean;
}

export const USAGE = `npm run bench -- [--cpes 20] [--duration 10] [--warmup 2] [--max-sessions 500000]
  [--targets bare,pglite,postgres] [--cpu-prof DIR] [--log-level info] [--pool-size 20] [--gc] [--no-write]`;

/** An integer option in min..max, or an error naming it. */
export function intOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number (got ${value})`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      cpes: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      "max-sessions": { type: "string" },
      targets: { type: "string" },
      "cpu-prof": { type: "string" },
      "log-level": { type: "string" },
      "pool-size": { type: "string" },
      "no-write": { type: "boolean" },
      gc: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) throw new Error(USAGE);
  const targets = (values.targets ?? TARGETS.join(",")).split(",").map((t) => t.trim());
  for (const t of targets)
    if (!(TARGETS as readonly string[]).includes(t))
      throw new Error(`unknown target ${t}; use ${TARGETS.join(",")}`);
  return {
    cpes: Math.max(1, Math.min(2000, Math.floor(positive("cpes", values.cpes, 20)))),
    durationS: Math.max(1, positive("duration", values.duration, 10)),
    warmupS: positive("warmup", values.warmup, 2),
    maxSessions: Math.max(1, Math.floor(positive("max-sessions", values["max-sessions"], 500_000))),
    targets: targets as TargetName[],
    cpuProfDir: values["cpu-prof"],
    write: !values["no-write"],
    logLevel: values["log-level"] ?? "info",
    poolSize: values["pool-size"]
      ? Math.max(1, Math.floor(positive("pool-size", values["pool-size"], 20)))
      : undefined,
    gc: values.gc === true,
  };
}
