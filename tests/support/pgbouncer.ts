// A throw-away pgbouncer (Debian's package, scripts/ensure-pgbouncer.sh) in front of the test
// PostgreSQL: config in a temp dir, a free loopback port, trust authentication like the test cluster.
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { clusterOwner } from "./pg-owner";
import { freePort } from "./server-process";
import { waitFor } from "./test-server";

export const PGBOUNCER = "/usr/sbin/pgbouncer";

export interface Pgbouncer {
  /** `upstreamUrl` with host and port replaced by the pooler's (same database, same user). */
  url(upstreamUrl: string): string;
  log(): string;
  stop(): Promise<void>;
}

export async function startPgbouncer(opts: {
  upstreamUrl: string;
  poolMode: "transaction" | "session";
  /** Server connections per database and user: fewer than the ACS's pool, so connections are shared. */
  serverConnections: number;
}): Promise<Pgbouncer> {
  const upstream = new URL(opts.upstreamUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "vantage-pgbouncer-"));
  const port = await freePort();
  const user = decodeURIComponent(upstream.username || "postgres");
  const logFile = path.join(dir, "pgbouncer.log");
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      `pool_mode = ${opts.poolMode}`,
      `default_pool_size = ${opts.serverConnections}`,
      "max_client_conn = 500",
      // node-postgres sends nothing else, but a client library's extras must not refuse the login.
      "ignore_startup_parameters = extra_float_digits",
      `logfile = ${logFile}`,
      "",
    ].join("\n"),
  );
  const owner = clusterOwner();
  if (owner)
    for (const f of ["", "users.txt", "pgbouncer.ini"]) chownSync(path.join(dir, f), owner.uid, owner.gid);
  const child: ChildProcess = spawn(
    PGBOUNCER,
    [...(owner ? ["-u", owner.name] : []), path.join(dir, "pgbouncer.ini")],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const log = () => output + (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const url = (upstreamUrl: string) => {
    const u = new URL(upstreamUrl);
    u.hostname = "127.0.0.1";
    u.port = String(port);
    return u.toString();
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT"); // pgbouncer: immediate shutdown
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${log()}`);
      const probe = new pg.Client({ connectionString: url(opts.upstreamUrl) });
      try {
        await probe.connect();
        await probe.query("SELECT 1");
        return true;
      } catch {
        return false;
      } finally {
        await probe.end().catch(() => undefined);
      }
    }, 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, log, stop };
}
