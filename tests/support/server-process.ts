// A whole server process (server/main.ts under tsx) for tests that kill it (SIGKILL) and start it
// again on the same database, plus the helpers they share: a free loopback port, one-off queries.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { NODE_FLAGS } from "../../server/node-flags";
import pg from "pg";
import { waitFor } from "./test-server";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts server/main.ts with `env`; resolves once it printed its CWMP endpoint. */
export async function startServerProcess(
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<ChildProcess> {
  // With `npm start`'s Node flags: a killed or clustered node runs as a deployed one does.
  const child = spawn(process.execPath, ["--import", "tsx", ...NODE_FLAGS, "server/main.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await waitFor(() => Promise.resolve(output.includes("CWMP endpoint") || child.exitCode !== null), 60_000);
  if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
  return child;
}

/** One query on its own connection (the embedded store serves one connection at a time). */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface NodeProcess {
  id: string;
  child: ChildProcess;
  web: string;
  cwmp: string;
}

/**
 * One node of a cluster on `databaseUrl`: server/main.ts with NODE_ID `id`, its own data directory
 * (pushed to `dirs` for removal) and free loopback ports, CPE authentication off; `env` adds or overrides.
 */
export async function startNodeProcess(
  id: string,
  databaseUrl: string,
  env: Record<string, string>,
  children: ChildProcess[],
  dirs: string[],
): Promise<NodeProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), `vantage-${id}-`));
  dirs.push(dir);
  const [web, cwmp, file, bulkdata] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const child = await startServerProcess(
    {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      HOST: "127.0.0.1",
      PORT: String(web),
      CWMP_PORT: String(cwmp),
      FILE_PORT: String(file),
      BULKDATA_PORT: String(bulkdata),
      CWMP_AUTH: "none",
      CWMP_PROVISION_CR_CREDENTIALS: "false",
      ADMIN_PASSWORD: "cluster-node-test-password",
      NODE_ID: id,
      LOG_LEVEL: "warn",
      ...env,
    },
    children,
  );
  return { id, child, web: `http://127.0.0.1:${web}`, cwmp: `http://127.0.0.1:${cwmp}/` };
}
