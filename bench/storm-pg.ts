// What bench/storm.ts reads from PostgreSQL while the storm runs: how many devices have bootstrapped
// and been read in full, and the CPU the cluster's own processes used. Other PostgreSQL clusters may
// run on the machine (tests of other work), so CPU is summed over this server's backends only (the
// pids pg_stat_activity lists, background workers included), not over every "postgres" process.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import pg from "pg";
import { statTicks } from "./cpu";

export interface BootstrapProgress {
  devices: number;
  bootstrapped: number;
  fullyRead: number;
  fullReadFailed: number;
  /** The last full read's time (ms since epoch), when any. */
  lastFullReadAt?: number;
}

const PROGRESS = `SELECT count(*)::int AS devices,
       count("lastBootstrap")::int AS bootstrapped,
       count("fullReadAt")::int AS "fullyRead",
       count("fullReadFailedAt")::int AS "fullReadFailed",
       (extract(epoch FROM max("fullReadAt")) * 1000)::float8 AS "lastFullReadAt"
  FROM "Device"`;

export interface StormDatabaseProbe {
  progress(): Promise<BootstrapProgress>;
  /** CPU seconds per wall second of this server's processes since the probe opened. */
  cpu(): number;
  close(): Promise<void>;
}

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function ticksOf(pid: number): number | undefined {
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

export async function openStormProbe(url: string): Promise<StormDatabaseProbe> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  /** pid -> [ticks when first seen (0 for backends born since), last ticks read] */
  const seen = new Map<number, [number, number]>();
  const sample = async (first: boolean): Promise<void> => {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity");
    for (const { pid } of rows) {
      const now = ticksOf(pid);
      if (now === undefined) continue;
      const known = seen.get(pid);
      if (known) known[1] = now;
      else seen.set(pid, [first ? now : 0, now]);
    }
  };
  await sample(true);
  const timer = setInterval(() => void sample(false).catch(() => undefined), 1000);
  return {
    async progress() {
      const { rows } = await client.query<BootstrapProgress & { lastFullReadAt: number | null }>(PROGRESS);
      const r = rows[0]!;
      return {
        devices: r.devices,
        bootstrapped: r.bootstrapped,
        fullyRead: r.fullyRead,
        fullReadFailed: r.fullReadFailed,
        ...(r.lastFullReadAt !== null ? { lastFullReadAt: r.lastFullReadAt } : {}),
      };
    },
    cpu() {
      let ticks = 0;
      for (const [pid, [from, last]] of seen) ticks += (ticksOf(pid) ?? last) - from;
      return ticks / TICKS / ((performance.now() - started) / 1000);
    },
    async close() {
      clearInterval(timer);
      await client.end();
    },
  };
}
