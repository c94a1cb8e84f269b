// Where the CPU goes during a measured phase: the target process, PostgreSQL's processes (any
// process named "postgres" on this machine), the load generator (this process) and the machine's
// idle share, all from /proc. Linux only; elsewhere every figure is undefined.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a /proc/<pid>/stat line, in ticks (fields 14 and 15, counted after the comm). */
export function statTicks(stat: string): number | undefined {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

function processSeconds(pid: number): number | undefined {
  try {
    const ticks = statTicks(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return ticks === undefined ? undefined : ticks / clockTicks();
  } catch {
    return undefined;
  }
}

/** The parent pid of a process (field 4 of /proc/<pid>/stat), if it can be read. */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL backends come and go with connections, so they are summed by pid at both ends. With
 * `root` (the benchmark's postmaster) only that server's processes count: other clusters on a shared
 * machine are not the benchmark's cost.
 */
function postgresSeconds(root?: number): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
      if (root !== undefined && Number(pid) !== root && parentPid(Number(pid)) !== root) continue;
      const s = processSeconds(Number(pid));
      if (s !== undefined) out.set(Number(pid), s);
    } catch {
      // gone already
    }
  }
  return out;
}

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const first = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = first.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface CpuShare {
  /** CPU seconds per wall second (1 = one core busy) */
  target?: number;
  postgres?: number;
  loadGenerator: number;
  /** share of all cores that was busy, 0..1 */
  machineBusy?: number;
}

/**
 * Start counting; the returned function gives the CPU shares since then. `postgresRoot`: the
 * postmaster pid of the target's PostgreSQL (only its processes count), or null for a target without
 * one (no PostgreSQL figure); absent: every postgres process on the machine.
 */
export function cpuMeter(targetPid: number, postgresRoot?: number | null): () => CpuShare {
  const t0 = performance.now();
  const target0 = processSeconds(targetPid);
  const root = postgresRoot ?? undefined;
  const pg0 = postgresRoot === null ? undefined : postgresSeconds(root);
  const self0 = process.cpuUsage();
  const m0 = machineTicks();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const target1 = processSeconds(targetPid);
    let pg: number | undefined;
    if (pg0) for (const [pid, s] of postgresSeconds(root)) pg = (pg ?? 0) + s - (pg0.get(pid) ?? 0);
    const self = process.cpuUsage(self0);
    const m1 = machineTicks();
    return {
      target: target0 !== undefined && target1 !== undefined ? (target1 - target0) / wall : undefined,
      postgres: pg === undefined ? undefined : pg / wall,
      loadGenerator: (self.user + self.system) / 1e6 / wall,
      machineBusy: m0 && m1 && m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : undefined,
    };
  };
}
