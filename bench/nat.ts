// `npm run bench:nat -- [--homes 20] [--boxes 5] [--rounds 10] [--loss 5] [--concurrency 5]
//   [--repeats 3] [--bound-ms 5000] [--postgres]`  (root: network namespaces)
// UDP connection requests through a real NAT (issue 14, TR-111 / TR-069 Annex G). The ACS runs in this
// process (startTestServer: embedded PGlite in memory, or --postgres: a throw-away cluster or
// BENCH_DATABASE_URL) with STUN on, in the root namespace on the lab's bridge. `--homes` homes sit
// behind nftables masquerade (tests/support/nat-lab.ts), each running one simulator process: the
// home's gateway and `--boxes` set-top boxes; the "TR-111 NAT traversal (boxes)" template's settings
// turn STUN on (derived, signed credentials, 15-25 s keep-alives). A second simulator in the root
// namespace, on loopback, has as many boxes without NAT: the HTTP baseline, in the same run. Each round
// queues a GetParameterValues task for every box (the task service, whose "queued" event wakes the
// device exactly as after the console's Refresh; one parameter, so the session after the wake stays
// short), NAT and baseline boxes interleaved so both see the same load, --concurrency at a time, and
// times the queueTask call → the box's `6 CONNECTION REQUEST` Inform recorded (an onInformRecorded
// hook, no polling); success = within --bound-ms. Two phases: 0 % loss, then --loss % of the UDP
// packets every gateway forwards dropped (nftables; the kernel has no netem). Also the binding upkeep
// over at least 150 s: STUN requests/s handled and StunBinding writes per keep-alive (lastSeen polled
// each second: only a binding write sets it, and the store skips the write when nothing changed). Bounded: setup 150 s, every wait, and the whole run
// (BUDGET_MS); namespaces and processes are removed on exit, failure and SIGINT/SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { profileSaveSchema } from "../lib/profiles/input";
import { db } from "../server/db";
import { settings } from "../server/env";
import { onInformRecorded } from "../server/events/session-events";
import { metrics } from "../server/observability/metrics";
import { findTemplate } from "../server/profiles/templates";
import { queueTask } from "../server/tasks/service";
import { NatLab } from "../tests/support/nat-lab";
import { netnsAvailable } from "../tests/support/netns";
import { startTestServer, waitFor, type TestServer } from "../tests/support/test-server";
import { openBenchDatabase, type BenchDatabase } from "./postgres";
import { percentile } from "./stats";

// The console's services guard themselves with `import "server-only"` (throws outside a React server
// bundle); this is a server process, so the guard is answered with an empty module (as bench/faults.ts).
const require = createRequire(import.meta.url);
const guard = new Module(require.resolve("server-only"));
guard.loaded = true;
require.cache[guard.id] = guard;
const { saveProfile } = await import("../server/profiles/profiles");

const { values } = parseArgs({
  options: {
    homes: { type: "string", default: "20" },
    boxes: { type: "string", default: "5" },
    rounds: { type: "string", default: "10" },
    loss: { type: "string", default: "5" },
    "bound-ms": { type: "string", default: "5000" },
    concurrency: { type: "string", default: "5" },
    repeats: { type: "string" },
    postgres: { type: "boolean", default: false },
  },
});
function bounded(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer ${min}..${max}`);
  return n;
}
// 80: the lab's limit (each home's WAN address is one of <s>.11-90 in the lab's /24).
const HOMES = bounded("homes", values.homes, 1, 80);
const BOXES = bounded("boxes", values.boxes, 1, 20);
const ROUNDS = bounded("rounds", values.rounds, 1, 50);
const LOSS = bounded("loss", values.loss, 0, 50);
const BOUND_MS = bounded("bound-ms", values["bound-ms"], 500, 30_000);
/** UDP_CONNECTION_REQUEST_REPEATS for this run (default: the setting's own, 3) */
const REPEATS = values.repeats === undefined ? undefined : bounded("repeats", values.repeats, 1, 10);
const CONCURRENCY = bounded("concurrency", values.concurrency, 1, 2_000);
const BUDGET_MS = 290_000;
const UPKEEP_MIN_MS = 150_000;
const RUN_STARTED = Date.now();
/** Rounds stop here (a slow machine gets fewer rounds, reported), leaving time to report and clean up. */
const SOFT_END = RUN_STARTED + BUDGET_MS - 25_000;
const SETUP_MS = Number(process.env.BENCH_NAT_SETUP_MS ?? 150_000);
const CR = "6 CONNECTION REQUEST";
const ROOT = path.resolve(import.meta.dirname, "..");
const admin = { id: 1, username: "admin", role: "admin" as const };
const say = (line: string): void => void process.stderr.write(`${line}\n`);

if (!netnsAvailable()) {
  say("bench:nat needs root and `ip netns` (iproute2, nftables: scripts/ensure-netlab.sh); nothing run.");
  process.exit(2);
}
// One run at a time: a second lab with the same prefix would remove this one's namespaces as stale.
const LOCK = path.join(tmpdir(), "vantage-bench-nat.lock");
function takeLock(): void {
  try {
    writeFileSync(LOCK, String(process.pid), { flag: "wx" });
  } catch {
    const pid = Number(readFileSync(LOCK, "utf8"));
    const alive = ((): boolean => {
      try {
        return pid > 0 && process.kill(pid, 0);
      } catch {
        return false;
      }
    })();
    if (alive) {
      say(`bench:nat is already running (pid ${pid}); nothing run.`);
      process.exit(2);
    }
    writeFileSync(LOCK, String(process.pid));
  }
}
takeLock();

let lab: NatLab | undefined;
let server: TestServer | undefined;
let database: BenchDatabase | undefined;
const children: ChildProcess[] = [];
const tail: string[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await lab?.close().catch((e: unknown) => say(`lab close: ${String(e)}`));
    await server?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    rmSync(LOCK, { force: true });
  })();
  return cleaning;
}
const abort = (why: string): void => {
  say(`bench:nat stopped: ${why}\n${tail.slice(-20).join("")}`);
  void cleanup().finally(() => process.exit(1));
};
process.once("SIGINT", () => abort("SIGINT"));
process.once("SIGTERM", () => abort("SIGTERM"));
const budget = setTimeout(() => abort(`over the ${BUDGET_MS / 1000} s budget`), BUDGET_MS);

function simArgs(acs: string, devices: number, seed: number, crHost: string): string[] {
  // A day between periodic Informs: the only sessions during the rounds are the ones we ask for.
  return [
    "--import",
    "tsx",
    "sim/main.ts",
    "--acs",
    acs,
    "--devices",
    String(devices),
    "--stb-ratio",
    "1",
  ].concat(["--seed", String(seed), "--cr-host", crHost, "--periodic", "86400", "--log-level", "warn"]);
}
function keepTail(child: ChildProcess, label: string): void {
  const add = (d: Buffer): void => {
    tail.push(`${label}: ${String(d)}`);
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on("data", add);
  child.stderr?.on("data", add);
}

/** The click → 6 CONNECTION REQUEST Inform wait of each device in a round. */
const waiting = new Map<number, { t0: number; done: (ms: number) => void }>();
onInformRecorded("bench-nat", ({ device, codes }) => {
  const w = codes.has(CR) ? waiting.get(device.id) : undefined;
  if (w) {
    waiting.delete(device.id);
    w.done(performance.now() - w.t0);
  }
  return Promise.resolve();
});

async function counter(name: "stunRequests", label?: string): Promise<number> {
  const { values: v } = await metrics()[name].get();
  return v.filter((x) => !label || x.labels.outcome === label).reduce((a, x) => a + x.value, 0);
}

/** No device of the list in a session (its Refresh would be picked up without a connection request). */
async function waitIdle(ids: number[]): Promise<void> {
  await waitFor(async () => {
    const busy = await db().device.count({
      where: { id: { in: ids }, sessionId: { not: null }, sessionExpires: { gt: new Date() } },
    });
    const sent = await db().task.count({ where: { deviceId: { in: ids }, state: "sent" } });
    return busy === 0 && sent === 0;
  }, 30_000);
}

/** One refresh: queued → the device's 6 CONNECTION REQUEST Inform in ms, or null past BOUND_MS. */
async function refreshAndTime(id: number): Promise<number | null> {
  const answered = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(null);
    }, BOUND_MS);
    waiting.set(id, { t0: performance.now(), done: (ms) => (clearTimeout(timer), resolve(ms)) });
  });
  await queueTask(id, { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo.UpTime"] });
  return answered;
}

/** One round: a refresh per device, CONCURRENCY at a time; latencies by group, misses past BOUND_MS. */
async function round(groups: number[][]): Promise<{ latencies: number[][]; missed: number[] }> {
  const latencies = groups.map((): number[] => []);
  const missed = groups.map(() => 0);
  // Interleaved (a, b, a, b ...): groups measured together share the ACS's load at every moment.
  const order = Array.from({ length: Math.max(...groups.map((g) => g.length)) }, (_, i) =>
    groups.flatMap((g, k) => (i < g.length ? [[k, g[i]!] as const] : [])),
  ).flat();
  await waitIdle(groups.flat());
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const [k, id] = order[next++]!;
      const ms = await refreshAndTime(id);
      if (ms === null) missed[k]!++;
      else latencies[k]!.push(ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, order.length) }, worker));
  return { latencies, missed };
}

interface Phase {
  name: string;
  /** ROUNDS, or fewer when the time budget ran out */
  rounds: number;
  requests: number;
  udpSent: number;
  success: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** UDP requests sent to these devices so far (recorded on the binding before each send). */
async function udpSent(ids: number[]): Promise<number> {
  const sum = await db().stunBinding.aggregate({
    where: { deviceId: { in: ids } },
    _sum: { udpRequestsSent: true },
  });
  return sum._sum.udpRequestsSent ?? 0;
}

/** ROUNDS rounds (fewer if `until` passes) over the groups at once; one result per group. */
async function phase(groups: { name: string; ids: number[] }[], until: number): Promise<Phase[]> {
  const udp0 = await Promise.all(groups.map((g) => udpSent(g.ids)));
  const all = groups.map((): number[] => []);
  const missed = groups.map(() => 0);
  let rounds = 0;
  for (; rounds < ROUNDS && (rounds === 0 || Date.now() < until); rounds++) {
    const res = await round(groups.map((g) => g.ids));
    res.latencies.forEach((l, k) => all[k]!.push(...l));
    res.missed.forEach((m, k) => (missed[k]! += m));
  }
  return Promise.all(
    groups.map(async (g, k) => {
      const sorted = Float64Array.from(all[k]!).sort();
      const at = (p: number): number => Math.round(percentile(sorted, p));
      const requests = sorted.length + missed[k]!;
      const result = {
        name: g.name,
        rounds,
        requests,
        udpSent: (await udpSent(g.ids)) - udp0[k]!,
        success: sorted.length / requests,
        ...{ p50: at(50), p95: at(95), p99: at(99), max: at(100) },
      };
      say(`${g.name}: ${JSON.stringify(result)}`);
      return result;
    }),
  );
}

/** StunBinding writes: lastSeen values seen changing, polled each second (writes are ≥ 75 s apart). */
function watchWrites(ids: number[]): { stop: () => Promise<number> } {
  const last = new Map<number, number>();
  let writes = 0;
  let stopped = false;
  const poll = async (): Promise<void> => {
    const rows = await db().stunBinding.findMany({
      where: { deviceId: { in: ids } },
      select: { deviceId: true, lastSeen: true },
    });
    for (const r of rows) {
      const seen = r.lastSeen.getTime();
      if (last.has(r.deviceId) && last.get(r.deviceId) !== seen) writes++;
      last.set(r.deviceId, seen);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await poll();
      return writes;
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (values.postgres) {
    const opened = await openBenchDatabase();
    if ("skipped" in opened) throw new Error(`--postgres: ${opened.skipped}`);
    database = opened;
    process.env.TEST_DATABASE_URL = opened.url;
  }
  lab = new NatLab("bnat", "10.251.97");
  const homes = Array.from({ length: HOMES }, (_, i) => lab!.addHome(i + 1));
  server = await startTestServer({
    HOST: lab.acsAddress,
    STUN_ENABLED: "true",
    STUN_PORT: "0",
    STUN_PUBLIC_ADDRESS: lab.acsAddress,
    CONNECTION_REQUEST_ALLOWED_NETWORKS: `127.0.0.0/8,::1/128,${lab.network}`,
    CONNECTION_REQUEST_TIMEOUT_MS: "3000",
    LOG_LEVEL: "warn",
    ...(REPEATS ? { UDP_CONNECTION_REQUEST_REPEATS: String(REPEATS) } : {}),
  });
  // The template's settings for the boxes behind a NAT only (their ConnectionRequestURL is private),
  // at first contact: the template's STB precondition would wait for a periodic Inform after bootstrap.
  const template = findTemplate("tr111-nat-boxes")!;
  const precondition = {
    parameters: [
      { path: "Device.ManagementServer.ConnectionRequestURL", op: "contains", value: "//192.168." },
    ],
  };
  const saved = await saveProfile(
    admin,
    null,
    profileSaveSchema.parse({
      name: "TR-111 NAT traversal (bench)",
      enabled: true,
      definition: { ...template.definition, precondition },
    }),
  );
  if (!saved.ok) throw new Error(`profile refused: ${JSON.stringify(saved)}`);
  for (const home of homes) {
    const sim = lab.spawnInBox(
      home,
      process.execPath,
      simArgs(server.cwmpUrl, BOXES + 1, 1400 + home.index, home.boxAddress),
      { cwd: ROOT },
    );
    keepTail(sim, `home ${home.index}`);
  }
  const baseline = spawn(process.execPath, simArgs(server.cwmpUrl, HOMES * BOXES + 1, 9100, "127.0.0.1"), {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(baseline);
  keepTail(baseline, "baseline");
  const n = HOMES * BOXES;
  say(
    `ACS ${server.cwmpUrl} (${database?.description ?? "PGlite in memory"}); ${HOMES} homes × ${BOXES} boxes`,
  );
  const natIds = await waitFor(
    async () => {
      const rows = await db().stunBinding.findMany({
        where: { natDetected: true, authenticated: true, device: { kind: "STB" } },
      });
      return rows.length >= n ? rows.map((r) => r.deviceId) : null;
    },
    SETUP_MS,
    500,
  );
  const httpIds = await waitFor(async () => {
    const rows = await db().device.findMany({
      where: {
        kind: "STB",
        connectionRequestUrl: { contains: "//127.0.0.1:" },
        lastInform: { informedAt: { not: null } },
      },
      select: { id: true },
    });
    return rows.length >= n ? rows.map((r) => r.id) : null;
  }, 60_000);
  const setupS = (Date.now() - started) / 1000;
  say(`bindings in after ${setupS.toFixed(0)} s`);
  if ((await db().stunBinding.count({ where: { deviceId: { in: httpIds } } })) > 0)
    throw new Error("a baseline box has a STUN binding: the profile's precondition did not hold");

  const stun0 = await counter("stunRequests");
  const answered0 = await counter("stunRequests", "answered");
  const t0 = Date.now();
  const writes = watchWrites(natIds);
  const [udp, http] = await phase(
    [
      { name: "UDP through the NAT, 0 % loss", ids: natIds },
      { name: "HTTP, no NAT (loopback)", ids: httpIds },
    ],
    Date.now() + (SOFT_END - Date.now()) / 2,
  );
  for (const home of homes) lab.loss(home, LOSS);
  const [lossy, httpAgain] = await phase(
    [
      { name: `UDP through the NAT, ${LOSS} % loss`, ids: natIds },
      { name: "HTTP, no NAT (loopback), same rounds", ids: httpIds },
    ],
    SOFT_END,
  );
  for (const home of homes) lab.loss(home, 0);
  // A binding is rewritten at most every STUN_BINDING_FRESH_SECONDS / 4 (75 s): a shorter window
  // would see fewer rewrites than the steady state has.
  const pad = Math.min(UPKEEP_MIN_MS - (Date.now() - t0), SOFT_END - Date.now());
  if (pad > 0) await new Promise((r) => setTimeout(r, pad));
  const windowS = (Date.now() - t0) / 1000;
  const bindingWrites = await writes.stop();
  const keepAlives = (await counter("stunRequests", "answered")) - answered0;
  const upkeep = {
    windowS: Math.round(windowS),
    stunRequestsPerS: ((await counter("stunRequests")) - stun0) / windowS,
    /** every device keeping a binding (a home's gateway too, when its data model takes the profile) */
    bindings: await db().stunBinding.count(),
    keepAlivesAnswered: keepAlives,
    bindingWrites,
    writesPerKeepAlive: bindingWrites / Math.max(1, keepAlives),
  };
  report([udp!, http!, lossy!, httpAgain!], upkeep, setupS);
}

/** After a failure: the devices, their bindings and profile states, for the reader of the error. */
async function whatTheAcsKnew(): Promise<void> {
  const devices = await db().device.findMany({
    select: {
      id: true,
      kind: true,
      connectionRequestUrl: true,
      lastInform: { select: { informedAt: true } },
      stunBinding: true,
    },
  });
  const profiles = await db().deviceProfile.groupBy({ by: ["status", "step", "lastError"], _count: true });
  const tasks = await db().task.groupBy({ by: ["name", "state"], _count: true });
  say(JSON.stringify({ devices: devices.slice(0, 6), count: devices.length, profiles, tasks }));
}

/** phases: pairs measured in the same rounds (UDP, then HTTP): each UDP row's ratios are to its pair. */
function report(phases: Phase[], upkeep: Record<string, number>, setupS: number): void {
  const repeats = settings().UDP_CONNECTION_REQUEST_REPEATS;
  const ratio = (p: Phase, i: number, key: "p50" | "p95"): string =>
    (p[key] / phases[i | 1]![key]).toFixed(2);
  const lines = [
    `| Requests to | Rounds | Requests | UDP requests (datagrams) | Success ≤ ${BOUND_MS / 1000} s | p50 ms | p95 ms | p99 ms | max ms | p50, p95 / HTTP's |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...phases.map(
      (p, i) =>
        `| ${p.name} | ${p.rounds} | ${p.requests} | ${p.udpSent} (${p.udpSent * repeats}) | ${(p.success * 100).toFixed(1)} % | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} | ${ratio(p, i, "p50")}, ${ratio(p, i, "p95")} |`,
    ),
    "",
    `Binding upkeep over ${upkeep.windowS} s: ${upkeep.stunRequestsPerS!.toFixed(1)} STUN requests/s handled ` +
      `for ${upkeep.bindings} bindings, ` +
      `${upkeep.bindingWrites} StunBinding writes for ${upkeep.keepAlivesAnswered} keep-alives answered ` +
      `(${upkeep.writesPerKeepAlive!.toFixed(3)} per keep-alive). Setup (namespaces, fleet, bindings): ${setupS.toFixed(0)} s.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const json = {
    bench: "nat",
    homes: HOMES,
    boxes: BOXES,
    rounds: ROUNDS,
    loss: LOSS,
    concurrency: CONCURRENCY,
    boundMs: BOUND_MS,
    setupS: Math.round(setupS),
    repeats,
    phases,
    upkeep,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

try {
  await main();
  clearTimeout(budget);
  await cleanup();
  process.exit(0);
} catch (error) {
  clearTimeout(budget);
  say(`bench:nat failed: ${(error as Error).stack ?? String(error)}\n${tail.slice(-20).join("")}`);
  await whatTheAcsKnew().catch(() => undefined);
  await cleanup();
  process.exit(1);
}
