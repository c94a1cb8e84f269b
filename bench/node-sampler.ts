// BENCH_SAMPLE=1 (bench/target-acs.ts): what an ACS target is doing, written to its log (keep the logs
// with STORM_KEEP_LOGS=1). Every second one line: seconds since start, the sessions open in the process
// at each 100 ms tick of that second (a node that empties between a herd's clumps shows as runs of 0),
// the database pool (connections, idle, callers waiting), the event loop's delay (p50 / p99, ms) and
// the CPU the process used in that second (1.00 = one core). For finding what a node waits on; the
// benchmarks' own figures never depend on it.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { liveSessionCount } from "../server/cwmp/session/live-sessions";
import { databasePool } from "../server/db";

export function startNodeSampler(
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = Date.now();
  let cpu = process.cpuUsage();
  const open: number[] = [];
  const tick = setInterval(() => open.push(liveSessionCount()), 100);
  const second = setInterval(() => {
    const pool = databasePool();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    write(
      [
        `sample ${((Date.now() - started) / 1000).toFixed(0)} s`,
        `open ${open.join(",")}`,
        `pool ${pool.totalCount} idle ${pool.idleCount} waiting ${pool.waitingCount}`,
        `loop delay ${(delay.percentile(50) / 1e6).toFixed(0)} / ${(delay.percentile(99) / 1e6).toFixed(0)} ms`,
        `cpu ${((used.user + used.system) / 1e6).toFixed(2)}`,
      ].join("; "),
    );
    open.length = 0;
    delay.reset();
  }, 1000);
  tick.unref();
  second.unref();
  return () => {
    clearInterval(tick);
    clearInterval(second);
    delay.disable();
  };
}
