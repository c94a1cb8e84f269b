// Starts a real Vantage process (in this test process) on loopback ports with a fresh database:
// in-memory PGlite by default, or a new database on the PostgreSQL server at TEST_DATABASE_URL.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { overrideSettings } from "../../server/env";
import { startServer, type RunningServer } from "../../server/start";

export interface TestServer extends RunningServer {
  databaseUrl: string;
}

export async function freshDatabaseUrl(): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `vantage_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const databaseUrl = await freshDatabaseUrl();
  // The key that seals stored credentials: vitest gives each file one (tests/support/secrets-env.ts);
  // other callers (bench) get a throw-away one, removed when the server closes.
  const secretsDir = process.env.SECRETS_FILE
    ? undefined
    : mkdtempSync(path.join(tmpdir(), "vantage-secrets-"));
  const settings = overrideSettings({
    SECRETS_FILE: secretsDir ? path.join(secretsDir, "secrets.json") : process.env.SECRETS_FILE,
    DATABASE_URL: databaseUrl ?? "",
    DATA_DIR: "memory:",
    HOST: "127.0.0.1",
    PORT: "0",
    CWMP_PORT: "0",
    FILE_PORT: "0",
    BULKDATA_PORT: "0",
    CWMP_AUTH: "none",
    // One accepting descriptor (no helper process per test server): listener-copies tests ask for more.
    CWMP_ACCEPTS_PER_TURN: "1",
    ADMIN_PASSWORD: "test-admin-password",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CONNECTION_REQUEST_TIMEOUT_MS: "2000",
    // The tests' CPEs listen on loopback, which connection requests reach only when allowed.
    CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128",
    ...overrides,
  });
  const server = await startServer({ settings, web: false });
  const close = server.close.bind(server);
  const closeAndForget = async () => {
    await close();
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  };
  return Object.assign(server, { databaseUrl: server.store.url, close: closeAndForget });
}

/** Poll until check() returns a truthy value or the time runs out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
