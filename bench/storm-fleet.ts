// Child process of bench/storm.ts: a simulator fleet that first builds every device (not timed), then
// on "go" boots them all in the same instant (1 BOOT, and 0 BOOTSTRAP: first contact). It honours
// 503 + Retry-After like a CPE (sim/fleet.ts) and reports, when every device has had a session that
// ended well (or on "report"), what it saw: sessions, refusals, the Retry-After values it was given and
// the latency of each admitted Inform.
//   STORM_ACS=http://127.0.0.1:7547/ STORM_CPES=10000 STORM_SEED=1 node --import tsx bench/storm-fleet.ts
import { z } from "zod";
import { startFleet } from "../sim/fleet";
import type { SessionResult } from "../sim/session";
import type { SimDevice } from "../sim/device";

const env = z
  .object({
    STORM_ACS: z.url(),
    STORM_CPES: z.coerce.number().int().min(1).max(100_000),
    STORM_SEED: z.coerce.number().int().min(0),
  })
  .parse(process.env);

export interface FleetReport {
  devices: number;
  /** devices whose session ended well at least once since "go" */
  completed: number;
  sessionsOk: number;
  sessionsFailed: number;
  /** failed sessions the ACS refused with 503 + Retry-After */
  refused: number;
  /** failures other than a 503 (timeouts, dropped connections, faults): must stay 0 */
  otherFailures: number;
  firstErrors: string[];
  /** failures other than a 503 by when they came: seconds after "go" (10 s buckets, their start) -> count */
  otherFailuresAt: Record<string, number>;
  /** ms after "go" when the last device's first good session ended */
  lastCompletedMs?: number;
  /** Retry-After values received, seconds -> count */
  retryAfter: Record<string, number>;
  /** Inform -> InformResponse of every admitted Inform, ms */
  informMs: number[];
  buildMs: number;
  rssMiB: number;
}

const built = performance.now();
const fleet = await startFleet({
  acsUrl: env.STORM_ACS,
  devices: env.STORM_CPES,
  seed: env.STORM_SEED,
  noBoot: true,
  bootStorm: true,
  evolveEveryMs: 0,
  // No periodic Inform may come in the middle of the measurement.
  periodic: 86_400,
});
const buildMs = performance.now() - built;

let goAt = 0;
const done = new Set<SimDevice>();
const report: FleetReport = {
  devices: fleet.devices.length,
  completed: 0,
  sessionsOk: 0,
  sessionsFailed: 0,
  refused: 0,
  otherFailures: 0,
  firstErrors: [],
  otherFailuresAt: {},
  retryAfter: {},
  informMs: [],
  buildMs,
  rssMiB: 0,
};

fleet.on("session", (d: SimDevice, result: SessionResult) => {
  if (result.informMs !== undefined) report.informMs.push(result.informMs);
  if (result.ok) {
    report.sessionsOk++;
    if (!done.has(d)) {
      done.add(d);
      report.completed = done.size;
      if (done.size === fleet.devices.length) {
        report.lastCompletedMs = performance.now() - goAt;
        send("done");
      }
    }
    return;
  }
  report.sessionsFailed++;
  if (result.retryAfterMs !== undefined) {
    report.refused++;
    const s = String(Math.round(result.retryAfterMs / 1000));
    report.retryAfter[s] = (report.retryAfter[s] ?? 0) + 1;
  } else {
    report.otherFailures++;
    const at = String(10 * Math.floor((performance.now() - goAt) / 10_000));
    report.otherFailuresAt[at] = (report.otherFailuresAt[at] ?? 0) + 1;
    if (report.firstErrors.length < 5) report.firstErrors.push(`${d.serial}: ${result.error}`);
  }
});

function send(kind: "done" | "report"): void {
  report.rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.send?.({ [kind]: report });
}

process.on("message", (msg) => {
  if (msg === "go") {
    goAt = performance.now();
    for (const d of fleet.devices) {
      d.reboot([]);
      fleet.trigger(d.serial);
    }
  } else if (msg === "report") send("report");
  else if (msg === "stop") void fleet.stop().finally(() => process.exit(0));
});
process.on("disconnect", () => void fleet.stop().finally(() => process.exit(0)));
process.send?.({
  ready: { devices: fleet.devices.length, buildMs, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) },
});
