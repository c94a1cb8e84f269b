// `npm run bench:crash`: what an ACS crash (kill -9) and a PostgreSQL restart cost under load.
// The real simulator (sim/) runs a fleet against the CWMP listener (bench/target-acs.ts, its own
// process) on a throw-away PostgreSQL; every device gets work queued, and while its sessions are in
// flight the ACS is killed with SIGKILL and started again on the same port (scenario "kill"), or
// PostgreSQL is restarted under it (scenario "pg-restart"). Measured from the devices' side and the
// database: how long after the restart any device was still refused, how many tasks were lost (not
// finished), and how many RPCs were repeated per device. Writes bench/results/crash.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startFleet } from "../sim/fleet";
import { openBenchDatabase, type BenchDatabase } from "./postgres";
import { startTarget, type TargetProcess } from "./target-process";

interface Options {
  devices: number;
  tasks: number;
  periodic: number;
  scenarios: Scenario[];
}
type Scenario = "kill" | "pg-restart";

interface Outcome {
  scenario: Scenario;
  devices: number;
  tasks: number;
  done: number;
  faulted: number;
  lost: number;
  repeated: number;
  maxRepeatedPerDevice: number;
  devicesRefused: number;
  maxRefusedSeconds: number;
  downSeconds: number;
  recoverSeconds: number;
  faults: string[];
}

function parseArgs(argv: string[]): Options {
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    const n = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number`);
    return n;
  };
  const only = argv.indexOf("--scenario");
  const named = only >= 0 ? String(argv[only + 1]) : undefined;
  if (named !== undefined && named !== "kill" && named !== "pg-restart")
    throw new Error(`unknown scenario ${named} (kill, pg-restart)`);
  const scenarios: Scenario[] = named ? [named] : ["kill", "pg-restart"];
  return {
    devices: Math.min(value("devices", 100), 2000),
    tasks: Math.min(value("tasks", 3), 20),
    periodic: value("periodic", 5),
    scenarios,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function runScenario(scenario: Scenario, opts: Options, database: BenchDatabase): Promise<Outcome> {
  const port = await freePort();
  const logFile = path.join(tmpdir(), `vantage-bench-crash-${scenario}.log`);
  const start = (): Promise<TargetProcess> =>
    startTarget({
      script: "target-acs.ts",
      env: {
        BENCH_DATABASE_URL: database.url,
        BENCH_CWMP_PORT: String(port),
        BENCH_LOG_LEVEL: "warn",
        BENCH_NODE_ID: "bench-node",
      },
      logFile,
    });
  const sql = new pg.Pool({ connectionString: database.url, max: 2 });
  sql.on("error", () => undefined);
  const count = async (text: string, values: unknown[] = []): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return Number((await sql.query<{ n: string }>(text, values)).rows[0]?.n ?? 0);
      } catch (error) {
        // The database is restarting (pg-restart): ask again.
        if (attempt > 60) throw error;
        await sleep(500);
      }
    }
  };

  let target = await start();
  const fleet = await startFleet({
    acsUrl: `http://127.0.0.1:${port}/`,
    devices: opts.devices,
    periodic: opts.periodic,
    retryScale: 0.1,
    concurrency: 50,
    evolveEveryMs: 0,
    startSpreadMs: 2000,
  });
  try {
    await until(
      async () =>
        (await count(`SELECT count(*) AS n FROM "Device"`)) === opts.devices &&
        (await count(`SELECT count(*) AS n FROM "Task" WHERE state IN ('queued', 'sent', 'waiting')`)) === 0,
      180_000,
      "every device bootstrapped",
    );
    const firstTask = await count(`SELECT COALESCE(max(id), 0) AS n FROM "Task"`);
    await sql.query(
      `INSERT INTO "Task" ("deviceId", name, request, "createdBy")
       SELECT d.id, 'GetParameterValues',
              jsonb_build_object('name', 'GetParameterValues', 'parameterNames', jsonb_build_array(d."rootObject" || '.DeviceInfo.')),
              'bench:crash'
         FROM "Device" d, generate_series(1, $1)`,
      [opts.tasks],
    );
    const sessions: { serial: string; at: number; ok: boolean; error?: string }[] = [];
    fleet.on("session", (d: { serial: string }, r: { ok: boolean; error?: string }) =>
      sessions.push({ serial: d.serial, at: Date.now(), ok: r.ok, error: r.error }),
    );
    for (const d of fleet.devices) fleet.trigger(d.serial);
    await sleep(1500);

    const downAt = Date.now();
    if (scenario === "kill") {
      process.kill(target.pid, "SIGKILL");
      await until(
        () => {
          try {
            process.kill(target.pid, 0);
            return Promise.resolve(false);
          } catch {
            return Promise.resolve(true);
          }
        },
        10_000,
        "killed ACS gone",
      );
      target = await start();
    } else {
      if (!database.restart) throw new Error("pg-restart needs the throw-away PostgreSQL cluster");
      database.restart();
    }
    const readyAt = Date.now();

    const pending = `SELECT count(*) AS n FROM "Task" WHERE id > $1 AND state IN ('queued', 'sent', 'waiting')`;
    await until(
      async () => (await count(pending, [firstTask])) === 0,
      120_000,
      "all queued work finished",
    ).catch(() => undefined);
    const recoverSeconds = (Date.now() - readyAt) / 1000;
    const refused = new Map<string, number>();
    for (const s of sessions) {
      if (s.ok || s.at < readyAt || !/503/.test(s.error ?? "")) continue;
      refused.set(s.serial, Math.max(refused.get(s.serial) ?? 0, (s.at - readyAt) / 1000));
    }
    const rows = (
      await sql.query<{ state: string; n: string; repeated: string; worst: string }>(
        `SELECT state, count(*) AS n, sum(GREATEST(attempts - 1, 0)) AS repeated, 0 AS worst
           FROM "Task" WHERE id > $1 GROUP BY state`,
        [firstTask],
      )
    ).rows;
    const byState = new Map(rows.map((r) => [r.state, Number(r.n)]));
    const worst = await count(
      `SELECT COALESCE(max(r), 0) AS n FROM (SELECT sum(GREATEST(attempts - 1, 0)) AS r FROM "Task" WHERE id > $1 GROUP BY "deviceId") x`,
      [firstTask],
    );
    const faults = (
      await sql.query<{ reason: string }>(
        `SELECT DISTINCT COALESCE("faultString", '') AS reason FROM "Task" WHERE id > $1 AND state = 'fault' LIMIT 5`,
        [firstTask],
      )
    ).rows.map((r) => r.reason);
    const total = opts.devices * opts.tasks;
    const done = byState.get("done") ?? 0;
    return {
      scenario,
      devices: opts.devices,
      tasks: total,
      done,
      faulted: byState.get("fault") ?? 0,
      lost: total - done - (byState.get("fault") ?? 0),
      repeated: rows.reduce((n, r) => n + Number(r.repeated), 0),
      maxRepeatedPerDevice: worst,
      devicesRefused: refused.size,
      maxRefusedSeconds: Math.max(0, ...refused.values()),
      downSeconds: (readyAt - downAt) / 1000,
      recoverSeconds,
      faults,
    };
  } finally {
    await fleet.stop();
    await target.stop().catch(() => undefined);
    await sql.end();
  }
}

function report(outcomes: Outcome[], opts: Options): string {
  const lines = [
    `# Crash and database restart under load`,
    ``,
    `\`npm run bench:crash -- --devices ${opts.devices} --tasks ${opts.tasks} --periodic ${opts.periodic}\`: ` +
      `${opts.devices} simulated CPEs (periodic ${opts.periodic} s), ${opts.tasks} GetParameterValues tasks queued ` +
      `per device, the disruption 1.5 s after all devices were woken.`,
    ``,
    `| scenario | tasks | done | fault | lost | RPCs repeated | most repeated on one device | devices refused after restart | longest refusal after restart (s) | outage (s) | all work finished after (s) |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...outcomes.map(
      (o) =>
        `| ${o.scenario === "kill" ? "ACS killed (SIGKILL) and restarted" : "PostgreSQL restarted (fast)"} | ${o.tasks} | ${o.done} | ${o.faulted} | ${o.lost} | ${o.repeated} | ${o.maxRepeatedPerDevice} | ${o.devicesRefused} | ${o.maxRefusedSeconds.toFixed(1)} | ${o.downSeconds.toFixed(1)} | ${o.recoverSeconds.toFixed(1)} |`,
    ),
  ];
  const faults = outcomes.flatMap((o) => o.faults.map((f) => `- ${o.scenario}: ${f}`));
  if (faults.length) lines.push(``, `Task faults seen:`, ...faults);
  return lines.join("\n") + "\n";
}

const opts = parseArgs(process.argv.slice(2));
const outcomes: Outcome[] = [];
for (const scenario of opts.scenarios) {
  const database = await openBenchDatabase();
  if ("skipped" in database) {
    process.stdout.write(`skipped: ${database.skipped}\n`);
    process.exit(0);
  }
  try {
    process.stdout.write(`== ${scenario} (${database.description})\n`);
    const outcome = await runScenario(scenario, opts, database);
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    outcomes.push(outcome);
  } finally {
    await database.close();
  }
}
const text = report(outcomes, opts);
const out = path.resolve(import.meta.dirname, "results");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "crash.md"), text);
process.stdout.write(text);
process.exit(0);
