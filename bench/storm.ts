// `npm run bench:storm`: a boot storm (issue 17 §2). --cpes simulated CPEs (default 10,000) all make
// first contact in the same instant (1 BOOT + 0 BOOTSTRAP: the ACS gives each its credentials and
// reads its whole tree, server/devices/provisioning.ts) against 1 node, then against 3 nodes on one
// PostgreSQL (a throw-away cluster per scenario). Nodes and simulators are child processes. Reports
// whether every device bootstrapped, the drain time, admitted Inform latency, the 503s and their
// Retry-After spread, peak RSS and CPU per node, PostgreSQL's CPU. See bench/README.md.
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { intOption } from "./args";
import { defaultMaxSessions } from "../server/cwmp/session/admission-control";
import { cpuMeter } from "./cpu";
import { openBenchDatabase, statementStats } from "./postgres";
import { commandBlock, machine } from "./report";
import type { FleetReport } from "./storm-fleet";
import { startStormProxy, type StormProxy } from "./storm-haproxy";
import { applyKernelSettings, softnetDrops } from "./storm-kernel";
import { openStormProbe } from "./storm-pg";
import { failedCount, markdownTable, plainTable, type StormResult } from "./storm-report";
import { startTarget, type TargetProcess } from "./target-process";

const USAGE = `npm run bench:storm -- [--cpes 10000] [--nodes 1,3] [--timeout 600] [--max-sessions N]
  [--retry-after 10] [--retry-spread 20] [--pool-size 20] [--kernel deploy|keep] [--cpu-prof DIR]
  [--log-level info] [--sims 1] [--no-write]`;

const { values: a } = parseArgs({
  options: {
    cpes: { type: "string", default: "10000" },
    nodes: { type: "string", default: "1,3" },
    timeout: { type: "string", default: "600" },
    "max-sessions": { type: "string" },
    "retry-after": { type: "string" },
    "retry-spread": { type: "string" },
    "pool-size": { type: "string" },
    // Simulator processes per ACS URL (the CPEs split over them): one process's GC pauses stall all
    // of its CPEs at once, which real boxes never do.
    sims: { type: "string", default: "1" },
    "cpu-prof": { type: "string" },
    // deploy: the node's kernel settings from deploy/sysctl.d (raised for the run where allowed);
    // keep: the machine's own.
    kernel: { type: "string", default: "deploy" },
    "log-level": { type: "string", default: "info" },
    "no-write": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
const say = (line: string): void => void process.stderr.write(`${line}\n`);
if (a.help) {
  say(USAGE);
  process.exit(0);
}
const int = intOption;
const cpes = int("cpes", a.cpes, 1, 50_000);
const timeoutMs = int("timeout", a.timeout, 10, 3600) * 1000;
const scenarios = a.nodes.split(",").map((n) => int("nodes", n.trim(), 1, 5));
if (a.kernel !== "deploy" && a.kernel !== "keep") throw new Error("--kernel must be deploy or keep");
// Settings handed to every node (unset: the node's own defaults).
const nodeSettings: Record<string, string> = {
  BENCH_LOG_LEVEL: a["log-level"],
  // target-acs.ts lifts the session cap for the throughput benchmark: the storm runs the node's own
  // default (4 per pool connection) unless --max-sessions says otherwise.
  BENCH_MAX_SESSIONS: a["max-sessions"] ?? String(defaultMaxSessions(Number(a["pool-size"] ?? 20))),
  ...(a["retry-after"] ? { CWMP_RETRY_AFTER: a["retry-after"] } : {}),
  ...(a["retry-spread"] ? { CWMP_RETRY_AFTER_SPREAD: a["retry-spread"] } : {}),
  ...(a["pool-size"] ? { BENCH_POOL_SIZE: a["pool-size"] } : {}),
};

interface SimChild {
  child: ChildProcess;
  ready: Promise<void>;
  report: Promise<FleetReport>;
  ask(kind: "go" | "report" | "stop"): void;
}

/** One simulator process with `devices` CPEs of its own seed, pointed at one ACS URL. */
function startSim(acs: string, devices: number, seed: number, logFile: string): SimChild {
  const log = openSync(logFile, "a");
  const child = fork(path.join(import.meta.dirname, "storm-fleet.ts"), [], {
    // With --cpu-prof the simulator writes its profiles too (one per thread, in DIR/sim).
    execArgv: [
      "--import",
      "tsx",
      "--max-old-space-size=4096",
      ...(a["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(a["cpu-prof"], "sim")}`] : []),
    ],
    env: { ...process.env, STORM_ACS: acs, STORM_CPES: String(devices), STORM_SEED: String(seed) },
    stdio: ["ignore", log, log, "ipc"],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}; see ${logFile}`))),
  );
  exited.catch(() => undefined);
  const message = <T>(key: string): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) =>
        child.on("message", (m: Record<string, unknown>) => {
          if (key in m) resolve(m[key] as T);
        }),
      ),
      exited,
    ]);
  return {
    child,
    ready: message<unknown>("ready").then(() => undefined),
    report: Promise.race([message<FleetReport>("done"), message<FleetReport>("report")]),
    ask: (kind) => {
      if (child.connected) child.send(kind);
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function runScenario(nodes: number): Promise<StormResult> {
  const base = { nodes, frontend: "direct", cpes };
  const maxSessions = nodeSettings.BENCH_MAX_SESSIONS!;
  const database = await openBenchDatabase();
  if ("skipped" in database) {
    say(`[${nodes} node(s)] skipped: ${database.skipped}`);
    return {
      ...base,
      maxSessions,
      fleets: [],
      timedOut: false,
      peakRssMiB: [],
      nodeCpu: [],
      note: database.skipped,
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "vantage-storm-"));
  const targets: TargetProcess[] = [];
  const sims: SimChild[] = [];
  let proxy: StormProxy | undefined;
  try {
    const nodeArgs = a["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(a["cpu-prof"])}`] : [];
    const startNode = (i: number): Promise<TargetProcess> =>
      startTarget({
        script: "target-acs.ts",
        env: {
          ...nodeSettings,
          BENCH_DATABASE_URL: database.url,
          BENCH_NODE_ID: `storm-node-${i + 1}`,
          // One key for the cluster (the first node creates it): credentials sealed by one node
          // are read by the others.
          BENCH_SECRETS_FILE: path.join(dir, "secrets.json"),
        },
        logFile: path.join(dir, `node-${i + 1}.log`),
        nodeArgs,
      });
    // The first node applies the migrations; the others start once the schema is there.
    targets.push(await startNode(0));
    targets.push(...(await Promise.all(Array.from({ length: nodes - 1 }, (_, i) => startNode(i + 1)))));
    say(`[${nodes} node(s)] ${database.description}; nodes at ${targets.map((t) => t.ready.url).join(", ")}`);

    // Several nodes: behind HAProxy with the shipped configuration, one simulator as for one node;
    // without haproxy, each node gets its share of the CPEs from a simulator process of its own.
    proxy =
      nodes > 1
        ? await startStormProxy(
            targets.map((t) => t.ready.url),
            dir,
          )
        : undefined;
    const acs = proxy ? [proxy.url] : targets.map((t) => t.ready.url);
    base.frontend = nodes === 1 ? "direct" : proxy ? "HAProxy" : "CPEs split over the nodes' ports";
    const perUrl = int("sims", a.sims, 1, 16);
    const parts = acs.length * perUrl;
    const share = (i: number): number => Math.floor(cpes / parts) + (i < cpes % parts ? 1 : 0);
    for (let i = 0; i < parts; i++) {
      const url = acs[i % acs.length]!;
      sims.push(startSim(url, share(i), 1000 + i, path.join(dir, `sim-${i + 1}.log`)));
    }
    await Promise.all(sims.map((s) => s.ready));
    say(`[${nodes} node(s)] ${cpes} CPEs built; storm starts`);

    const probe = await openStormProbe(database.url);
    const rss = targets.map((t) => t.sampleRss(200));
    const cpu = targets.map((t) => cpuMeter(t.pid));
    const simCpu = sims.map((s) => cpuMeter(s.child.pid!));
    const dropsBefore = softnetDrops();
    const goAt = Date.now();
    for (const s of sims) s.ask("go");
    let finished = false;
    void Promise.all(sims.map((s) => s.report)).then(() => (finished = true));
    let progress = await probe.progress();
    let lastSay = 0;
    while (Date.now() - goAt < timeoutMs) {
      await sleep(1000);
      progress = await probe.progress();
      if (Date.now() - lastSay >= 10_000) {
        lastSay = Date.now();
        say(
          `[${nodes} node(s)] ${((Date.now() - goAt) / 1000).toFixed(0)} s: ${progress.bootstrapped} bootstrapped, ${progress.fullyRead} fully read`,
        );
      }
      if (finished && progress.fullyRead + progress.fullReadFailed >= cpes) break;
    }
    const timedOut = !finished;
    if (timedOut) for (const s of sims) s.ask("report");
    const fleets = await Promise.all(sims.map((s) => s.report));
    const shares = cpu.map((c) => c());
    const allRead = progress.fullyRead >= cpes && progress.lastFullReadAt !== undefined;
    const result: StormResult = {
      ...base,
      maxSessions,
      progress,
      fleets,
      drainMs: allRead ? progress.lastFullReadAt! - goAt : undefined,
      timedOut,
      peakRssMiB: rss.map((stop) => {
        const peak = stop();
        return peak === undefined ? undefined : peak / 2 ** 20;
      }),
      nodeCpu: shares.map((s) => s.target),
      pgCpu: probe.cpu(),
      simCpu: simCpu.reduce((n, c) => n + (c().target ?? 0), 0),
      packetsDropped: dropsBefore === undefined ? undefined : (softnetDrops() ?? dropsBefore) - dropsBefore,
    };
    await probe.close();
    say(
      `[${nodes} node(s)] ${failedCount(result)} failed; packets the kernel dropped (full input queue): ${result.packetsDropped ?? "?"}; logs in ${dir}`,
    );
    for (const f of fleets) {
      for (const e of f.firstErrors) say(`[${nodes} node(s)] error: ${e}`);
      const when = Object.entries(f.otherFailuresAt).map(([s, n]) => `${s} s: ${n}`);
      if (when.length > 0) say(`[${nodes} node(s)] failures by when (10 s from): ${when.join(", ")}`);
    }
    return result;
  } finally {
    for (const s of sims) s.ask("stop");
    await Promise.all(
      sims.map((s) =>
        Promise.race([
          new Promise((r) => s.child.once("exit", r)),
          sleep(15_000).then(() => s.child.kill("SIGKILL")),
        ]),
      ),
    );
    await proxy?.stop();
    await Promise.all(targets.map((t) => t.stop()));
    // BENCH_PG_STATS=1 (see bench/README.md): where PostgreSQL's time went during the storm. A failing
    // statistics query (pg_stat_statements not loaded) must not leave the throw-away cluster running.
    try {
      for (const line of await statementStats(database.url)) say(`[${nodes} node(s)] ${line}`);
    } catch (err) {
      say(`[${nodes} node(s)] no statement statistics: ${(err as Error).message}`);
    }
    await database.close();
    if (!process.env.STORM_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
  }
}

const m = machine();
say(`bench:storm: ${cpes} CPEs, scenarios ${scenarios.join(", ")} node(s); ${m.cores} cores, Node ${m.node}`);
const kernel = applyKernelSettings(a.kernel);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    kernel.restore();
    process.exit(130);
  });
say(`kernel: ${kernel.inForce.join(", ")}`);
const results: StormResult[] = [];
try {
  for (const nodes of scenarios) results.push(await runScenario(nodes));
} finally {
  kernel.restore();
}
process.stdout.write(`\n${plainTable(results)}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: "storm", cpes, machine: m, kernel: kernel.inForce, results: results.map(({ fleets, ...r }) => ({ ...r, fleets: fleets.map(({ informMs, ...f }) => ({ ...f, informs: informMs.length })) })) })}\n`,
);

if (!a["no-write"] && !a["cpu-prof"]) {
  const command = `npm run bench:storm${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const file = path.join(import.meta.dirname, "results", "storm.md");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      "<!-- Written by `npm run bench:storm`; see bench/README.md for what is measured and how to read it. -->",
      "",
      `Boot storm: ${cpes} simulated CPEs make first contact (1 BOOT, 0 BOOTSTRAP, full tree read) in the same instant.`,
      "",
      ...markdownTable(results),
      "",
      `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; ACS nodes, simulators and PostgreSQL share these cores.`,
      `Kernel: ${kernel.inForce.join(", ")} (\`--kernel ${a.kernel}\`; deploy/sysctl.d/90-vantage.conf).`,
      ...results.map(
        (r) =>
          `- ${r.nodes} node(s): CWMP_MAX_SESSIONS ${r.maxSessions}; simulator CPU ${r.simCpu?.toFixed(2) ?? "-"} cores; packets the kernel dropped (full input queue) ${r.packetsDropped ?? "-"}${r.note ? `; ${r.note}` : ""}.`,
      ),
      "",
      ...commandBlock(command),
    ].join("\n"),
  );
  say(`wrote ${path.relative(process.cwd(), file)}`);
}
