// Parent side: start a target in its own Node process, wait for its URL, sample its RSS from
// /proc/<pid>/status while the load runs, and stop it.
import { fork, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import path from "node:path";
import { NODE_FLAGS } from "../server/node-flags";
import { parseVmRss } from "./stats";
import type { Ready } from "./target-ipc";

export interface TargetProcess {
  pid: number;
  ready: Ready;
  rssBytes(): number | undefined;
  /** Sample RSS every intervalMs until the returned function is called; it returns the peak. */
  sampleRss(intervalMs?: number): () => number | undefined;
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  script: string;
  env: Record<string, string>;
  /** The child's stdout and stderr (its logs) go here. */
  logFile: string;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

function extraNodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
}

export async function startTarget(opts: StartTargetOptions): Promise<TargetProcess> {
  const log = openSync(opts.logFile, "a");
  const child: ChildProcess = fork(path.resolve(import.meta.dirname, opts.script), [], {
    // A node's own flags (npm start) for every target, the bare ceiling included: same runtime for all.
    // BENCH_NODE_ARGS: more Node flags for every target (profiling: "--perf-basic-prof", "--trace-gc").
    execArgv: ["--import", "tsx", ...NODE_FLAGS, ...(opts.nodeArgs ?? []), ...extraNodeArgs()],
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", log, log, "ipc"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${opts.script}`);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${opts.script} not ready in time; see ${opts.logFile}`)),
      opts.readyTimeoutMs ?? 120_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.script} exited with ${code} before it was ready; see ${opts.logFile}`));
    });
    child.on("message", (msg: unknown) => {
      const r = (msg as { ready?: Ready }).ready;
      if (r) {
        clearTimeout(timer);
        resolve(r);
      }
    });
  });
  const rssBytes = (): number | undefined => {
    try {
      return parseVmRss(readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
      return undefined;
    }
  };
  return {
    pid,
    ready,
    rssBytes,
    sampleRss(intervalMs = 100) {
      let peak = rssBytes();
      const timer = setInterval(() => {
        const now = rssBytes();
        if (now !== undefined && (peak === undefined || now > peak)) peak = now;
      }, intervalMs);
      return () => {
        clearInterval(timer);
        return peak;
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send("stop");
      const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
