// How each target is set up and torn down around its child process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchArgs, TargetName } from "./args";
import { openBenchDatabase } from "./postgres";
import { startTarget, type TargetProcess } from "./target-process";

export interface PreparedTarget {
  name: TargetName;
  label: string;
  description: string;
  process: TargetProcess;
  databaseUrl?: string;
  logFile: string;
  cleanup(): Promise<void>;
}

export const LABELS: Record<TargetName, string> = {
  bare: "bare node:http (ceiling)",
  pglite: "Vantage + PGlite",
  postgres: "Vantage + PostgreSQL",
};

/** Start one target; returns a skip reason instead when it cannot run here. */
export async function prepareTarget(
  name: TargetName,
  args: BenchArgs,
): Promise<PreparedTarget | { skipped: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), `vantage-bench-${name}-`));
  const logFile = path.join(dir, "target.log");
  const nodeArgs =
    args.cpuProfDir && name !== "bare"
      ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args.cpuProfDir)}`]
      : [];
  if (args.gc) nodeArgs.push("--trace-gc-nvp");
  const env: Record<string, string> = { BENCH_LOG_LEVEL: args.logLevel };
  if (args.poolSize) env.BENCH_POOL_SIZE = String(args.poolSize);
  let description: string;
  let databaseUrl: string | undefined;
  let closeDb = async (): Promise<void> => {};
  if (name === "bare") {
    description = "node:http replaying the ACS's InformResponse bytes and headers";
  } else if (name === "pglite") {
    env.BENCH_DATA_DIR = path.join(dir, "data");
    description = "embedded PGlite on disk (DATA_DIR in a temp dir)";
  } else {
    const database = await openBenchDatabase();
    if ("skipped" in database) {
      rmSync(dir, { recursive: true, force: true });
      return database;
    }
    env.BENCH_DATABASE_URL = database.url;
    databaseUrl = database.url;
    description = database.description;
    closeDb = () => database.close();
  }
  let child: TargetProcess;
  try {
    child = await startTarget({
      script: name === "bare" ? "target-bare.ts" : "target-acs.ts",
      env,
      logFile,
      nodeArgs,
    });
  } catch (error) {
    await closeDb();
    throw error;
  }
  return {
    name,
    label: LABELS[name],
    description,
    process: child,
    databaseUrl,
    logFile,
    async cleanup() {
      await child.stop();
      await closeDb();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
