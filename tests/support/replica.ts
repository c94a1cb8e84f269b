// A real streaming replica of the test PostgreSQL (scripts/with-postgres.sh's throw-away cluster):
// pg_basebackup -R into a temp dir, started with the same Debian binaries on a free loopback port.
// The cluster's default pg_hba.conf (initdb -A trust) already lets loopback connect for replication.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { pgBinDir } from "../../bench/postgres";
import { clusterOwner } from "./pg-owner";
import { freePort, query } from "./server-process";
import { waitFor } from "./test-server";

export interface Replica {
  /** `primaryUrl` with host and port replaced by the replica's (same database, same user). */
  url(primaryUrl: string): string;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL tool as the cluster's owner when this process is root (the server refuses root). */
async function asOwner(bin: string, args: string[]): Promise<void> {
  const owner = clusterOwner()?.name;
  const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  const options = { timeout: 120_000, cwd: "/" };
  if (owner) await promisify(execFile)("su", [owner, "-s", "/bin/sh", "-c", quoted], options);
  else await promisify(execFile)(bin, args, options);
}

/**
 * Settings a hot standby must not set lower than its primary has (else it refuses to start); the
 * throw-away primary raises max_connections on its command line, which pg_basebackup does not copy.
 */
const STANDBY_MINIMUMS = [
  "max_connections",
  "max_worker_processes",
  "max_wal_senders",
  "max_prepared_transactions",
  "max_locks_per_transaction",
];

export async function startReplica(primaryUrl: string): Promise<Replica> {
  const bin = pgBinDir();
  if (!bin) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "vantage-replica-"));
  const data = path.join(dir, "data");
  const owner = clusterOwner();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const settings = await query<{ name: string; setting: string }>(
    primaryUrl,
    `SELECT name, setting FROM pg_settings WHERE name = ANY($1)`,
    [STANDBY_MINIMUMS],
  );
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c hot_standby=on",
    "-c fsync=off",
    ...settings.map((s) => `-c ${s.name}=${s.setting}`),
  ].join(" ");
  const stop = async () => {
    if (existsSync(path.join(data, "postmaster.pid")))
      await asOwner(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await asOwner(path.join(bin, "pg_basebackup"), [
      "-h",
      primary.hostname,
      "-p",
      primary.port || "5432",
      "-U",
      decodeURIComponent(primary.username || "postgres"),
      "-D",
      data,
      "-R", // standby.signal + primary_conninfo: a streaming replica once started
      "-X",
      "stream",
      "-c",
      "fast",
    ]);
    await asOwner(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-o",
      options,
      "-l",
      path.join(dir, "log"),
      "-w",
      "start",
    ]);
  } catch (error) {
    const log = existsSync(path.join(dir, "log")) ? readFileSync(path.join(dir, "log"), "utf8") : "";
    await stop().catch(() => undefined);
    throw new Error(`replica did not start: ${(error as Error).message}\n${log}`);
  }
  const url = (from: string) => {
    const u = new URL(from);
    u.hostname = "127.0.0.1";
    u.port = String(port);
    return u.toString();
  };
  await waitFor(async () => {
    const rows = await query<{ standby: boolean }>(
      url(primaryUrl),
      "SELECT pg_is_in_recovery() AS standby",
    ).catch(() => []);
    return rows[0]?.standby === true;
  }, 30_000);
  return { url, stop };
}
