// Vantage's CWMP listener alone (no console), as its own process:
//   BENCH_DATABASE_URL=postgresql://... node --import tsx bench/target-acs.ts   (PostgreSQL)
//   BENCH_DATA_DIR=/tmp/x node --import tsx bench/target-acs.ts                 (embedded PGlite on disk)
// It reads only the BENCH_* variables below; everything else is the production default.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { overrideSettings } from "../server/env";
import { startServer } from "../server/start";
import { startNodeSampler } from "./node-sampler";
import { announce } from "./target-ipc";

const env = process.env;
// An in-memory store has no directory for the secrets key: a throw-away one (sealed values only live
// as long as this process's database anyway).
// BENCH_SECRETS_FILE: one key for several nodes (bench/storm.ts), as a cluster needs.
const secretsFile =
  env.BENCH_SECRETS_FILE ??
  (env.BENCH_DATA_DIR
    ? undefined
    : path.join(mkdtempSync(path.join(os.tmpdir(), "vantage-bench-key-")), "secrets.json"));
const settings = overrideSettings({
  ...(secretsFile ? { SECRETS_FILE: secretsFile } : {}),
  DATABASE_URL: env.BENCH_DATABASE_URL ?? "",
  DATA_DIR: env.BENCH_DATA_DIR ?? "memory:",
  HOST: "127.0.0.1",
  PORT: "0",
  // A fixed port lets bench/crash.ts restart the ACS where its CPEs expect it.
  CWMP_PORT: env.BENCH_CWMP_PORT ?? "0",
  FILE_PORT: "0",
  BULKDATA_PORT: "0",
  CWMP_AUTH: "none",
  // The benchmarks measure what admitted sessions cost, with a fixed number of CPEs: admission control
  // (server/cwmp/session/admission-control.ts) would refuse some of them. The event-loop back-pressure
  // (503 while the loop lags) turned other processes' load on a shared machine into refused sessions;
  // BENCH_MAX_EVENT_LOOP_DELAY_MS turns it back on.
  CWMP_MAX_EVENT_LOOP_DELAY_MS: env.BENCH_MAX_EVENT_LOOP_DELAY_MS ?? "0",
  // Likewise the session cap (16 for the embedded store's one connection): below --cpes it refuses.
  CWMP_MAX_SESSIONS: env.BENCH_MAX_SESSIONS ?? "100000",
  ...(env.BENCH_NODE_ID ? { NODE_ID: env.BENCH_NODE_ID } : {}),
  ...(env.BENCH_SESSION_TIMEOUT ? { CWMP_SESSION_TIMEOUT: env.BENCH_SESSION_TIMEOUT } : {}),
  ADMIN_PASSWORD: "bench-admin-password",
  LOG_LEVEL: env.BENCH_LOG_LEVEL ?? "info",
  CONNECTION_REQUEST_TIMEOUT_MS: "1000",
  // The benchmark's CPEs listen on loopback, which connection requests reach only when allowed.
  CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8",
});
const poolSize = env.BENCH_POOL_SIZE ? Number(env.BENCH_POOL_SIZE) : undefined;
const running = await startServer({ settings, web: false, poolSize });
announce({ url: running.cwmpUrl, info: { embedded: running.store.embedded, poolSize: poolSize ?? 20 } }, () =>
  running.close(),
);
// BENCH_SAMPLE=1: the node's open sessions, pool, event-loop delay and CPU in its log (node-sampler.ts).
if (env.BENCH_SAMPLE) startNodeSampler();
