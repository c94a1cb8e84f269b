// A PostgreSQL database for the benchmark: a fresh database on the server at BENCH_DATABASE_URL or
// TEST_DATABASE_URL, else a throw-away cluster of the installed Debian PostgreSQL (like
// scripts/with-postgres.sh, but with the default fsync=on: the numbers should be honest).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { parentPid } from "./cpu";

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report. */
  description: string;
  /** Restart the server (only for a throw-away cluster this benchmark started). */
  restart?(): void;
  close(): Promise<void>;
}

/** Debian's newest PostgreSQL binaries (the tests' replica uses them too). */
export function pgBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  const last = versions.at(-1);
  return last ? path.join(root, last, "bin") : undefined;
}

function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * With BENCH_PG_STATS=1 (and pg_stat_statements loadable, e.g. BENCH_PG_OPTIONS="-c
 * shared_preload_libraries=pg_stat_statements" for the throw-away cluster): the statements that
 * cost PostgreSQL the most time since `reset`, one line each.
 */
export async function statementStats(url: string, reset = false): Promise<string[]> {
  if (!process.env.BENCH_PG_STATS) return [];
  // BENCH_PG_STATS=calls: the 40 most frequent statements (what a session sends), else the 14 costliest.
  const byCalls = process.env.BENCH_PG_STATS === "calls";
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (reset) {
      await c.query("SELECT pg_stat_statements_reset()");
      return [];
    }
    const { rows } = await c.query<{ calls: string; mean: number; total: number; wal: string; q: string }>(
      `SELECT calls, mean_exec_time AS mean, total_exec_time AS total, wal_bytes AS wal,
              regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS q
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY ${byCalls ? "calls" : "total_exec_time"} DESC LIMIT ${byCalls ? 40 : 14}`,
    );
    const commits = await c.query<{ n: string }>(
      "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
    );
    // Whether the per-Inform updates stay HOT (no index entries written): since the cluster started.
    const tables = await c.query<{ t: string; upd: string; hot: string; ins: string }>(
      `SELECT relname AS t, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_ins AS ins FROM pg_stat_user_tables
        WHERE relname IN ('Device', 'DeviceLastInform', 'InformEvent_default', 'Task') ORDER BY relname`,
    );
    return [
      ...rows.map(
        (r) =>
          `${String(r.calls).padStart(7)} calls  ${r.mean.toFixed(3)} ms mean  ${Math.round(Number(r.wal) / Math.max(1, Number(r.calls)))} WAL B/call  ${r.q}`,
      ),
      ...tables.rows.map((r) => `table ${r.t}: ${r.upd} updates (${r.hot} HOT), ${r.ins} inserts`),
      `transactions committed since the cluster started: ${commits.rows[0]?.n ?? "?"}`,
    ];
  } finally {
    await c.end();
  }
}

/**
 * The pid of the postmaster serving `url` when it runs on this machine (the parent of our backend),
 * so the CPU figures count that server only; undefined when it cannot be told.
 */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const backend = (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    return backend === undefined ? undefined : parentPid(backend);
  } finally {
    await c.end();
  }
}

async function freshDatabase(
  base: string,
  description: string,
  onClose: () => Promise<void> = async () => {},
): Promise<BenchDatabase> {
  const name = `vantage_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  if (process.env.BENCH_PG_STATS) {
    const db = new pg.Client({ connectionString: withDatabase(base, name) });
    await db.connect();
    await db.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await db.end();
  }
  const version =
    (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  const fsync = (await admin.query<{ fsync: string }>("SHOW fsync")).rows[0]?.fsync ?? "?";
  await admin.end();
  return {
    url: withDatabase(base, name),
    description: `${description}, PostgreSQL ${version}, fsync=${fsync}`,
    async close() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
      await onClose();
    },
  };
}

/** A PostgreSQL server of its own (initdb in a temp dir, a random loopback port), owned by its caller. */
export interface ThrowAwayCluster {
  /** The `postgres` database, user postgres, trust authentication. */
  url: string;
  /** The Debian version's directory name ("15"). */
  version: string;
  restart: () => void;
  stop: () => void;
}

/**
 * A cluster nobody else uses (the benchmark's, or a test that restarts its server while other test
 * files run on the shared one). As root, the cluster runs as postgres (the server refuses root).
 */
export function startThrowAwayCluster(extraOptions = ""): ThrowAwayCluster | { skipped: string } {
  const bin = pgBinDir();
  if (!bin)
    return {
      skipped:
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); set BENCH_DATABASE_URL to use a server",
    };
  const dir = mkdtempSync(path.join(tmpdir(), "vantage-bench-pg-"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const root = process.getuid?.() === 0;
  if (root) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), 0);
  const run = (cmd: string, args: string[]): void => {
    if (root)
      execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", [cmd, ...args].map((a) => `'${a}'`).join(" ")], {
        stdio: "ignore",
        cwd: "/",
      });
    else execFileSync(cmd, args, { stdio: "ignore" });
  };
  const data = path.join(dir, "data");
  const pgCtl = path.join(bin, "pg_ctl");
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 ${extraOptions}`;
  const log = path.join(dir, "log");
  const stop = (): void => {
    try {
      if (existsSync(path.join(data, "postmaster.pid"))) run(pgCtl, ["-D", data, "-m", "fast", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres"]);
    run(pgCtl, ["-D", data, "-o", options, "-l", log, "-w", "start"]);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    version: path.basename(path.dirname(bin)),
    restart: () => run(pgCtl, ["-D", data, "-o", options, "-l", log, "-m", "fast", "-w", "restart"]),
    stop,
  };
}

/** Returns undefined (with the reason) when no PostgreSQL is available. */
export async function openBenchDatabase(): Promise<BenchDatabase | { skipped: string }> {
  const given = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (given) return freshDatabase(given, "given server");
  const cluster = startThrowAwayCluster(process.env.BENCH_PG_OPTIONS ?? "");
  if ("skipped" in cluster) return cluster;
  try {
    const database = await freshDatabase(cluster.url, `throw-away cluster (${cluster.version})`, () => {
      cluster.stop();
      return Promise.resolve();
    });
    return { ...database, restart: cluster.restart };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}
