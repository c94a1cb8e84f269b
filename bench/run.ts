// `npm run bench`: Inform sessions per second against a bare node:http ceiling, Vantage on embedded
// PGlite and Vantage on PostgreSQL, one after the other in one run. See bench/README.md.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cpuMeter } from "./cpu";
import { describeGc, summarizeGcTrace } from "./gc-trace";
import { parseBenchArgs, type BenchArgs, type TargetName } from "./args";
import { makeDevices } from "./devices";
import { BenchCpe, runLoad } from "./load";
import {
  PACED_BARE,
  cpuRatio,
  cpuTable,
  headline,
  machine,
  markdown,
  serverCpuMs,
  textTable,
  type TargetResult,
} from "./report";
import { postmasterPid, statementStats } from "./postgres";
import { summarize } from "./stats";
import { LABELS, prepareTarget } from "./targets";
import { warmUp } from "./warmup";

const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** A target's run at a fixed session rate instead of flat out (the bare server at the ACS's rate). */
interface Paced {
  ratePerSecond: number;
  target: string;
  label: string;
}

async function measure(name: TargetName, args: BenchArgs, paced?: Paced): Promise<TargetResult> {
  const target = await prepareTarget(name, args);
  const label = paced?.label ?? LABELS[name];
  const resultName = paced?.target ?? name;
  if ("skipped" in target) {
    say(`[${resultName}] skipped: ${target.skipped}`);
    return { target: resultName, label, note: `skipped: ${target.skipped}` };
  }
  try {
    const url = target.process.ready.url;
    say(`[${name}] ${target.description}; pid ${target.process.pid}, ${url}`);
    const devices = makeDevices(args.cpes, url);
    const warm = await warmUp(devices.map((d) => d.sim));
    if (warm.notSteady.length)
      throw new Error(`devices not in steady state after warm-up: ${warm.notSteady.slice(0, 3).join("; ")}`);
    const cpes = devices.map((d) => new BenchCpe(d, url));
    try {
      const jit = await runLoad(cpes, { durationMs: args.warmupS * 1000, maxSessions: args.maxSessions });
      say(
        `[${name}] warm-up: ${args.cpes} devices bootstrapped (${warm.rpcs} ACS requests answered), ${jit.sessions} sessions, ${jit.errors} errors`,
      );
      if (target.databaseUrl) await statementStats(target.databaseUrl, true);
      const peakRss = target.process.sampleRss();
      const postgresRoot = target.databaseUrl ? await postmasterPid(target.databaseUrl) : null;
      const cpu = cpuMeter(target.process.pid, postgresRoot);
      const gcFrom = args.gc ? statSync(target.logFile).size : 0;
      const load = await runLoad(cpes, {
        durationMs: args.durationS * 1000,
        maxSessions: args.maxSessions,
        ratePerSecond: paced?.ratePerSecond,
      });
      const peak = peakRss();
      const cpuShare = cpu();
      const lat = summarize(load.latencies);
      // The trace lines the target wrote while measured (its log is its stdout and stderr).
      const gc = args.gc
        ? summarizeGcTrace(readFileSync(target.logFile).subarray(gcFrom).toString("utf8"))
        : undefined;
      if (gc) say(`[${name}] ${describeGc(gc, load.sessions)}`);
      for (const e of load.firstErrors) say(`[${name}] error: ${e}`);
      if (target.databaseUrl)
        for (const line of await statementStats(target.databaseUrl)) say(`[${name}] pg: ${line}`);
      const result: TargetResult = {
        target: resultName,
        label,
        sessionsPerSecond: load.sessions / (load.elapsedMs / 1000),
        p50Ms: lat.p50,
        p99Ms: lat.p99,
        peakRssMiB: peak === undefined ? undefined : peak / 2 ** 20,
        sessions: load.sessions,
        errors: load.errors,
        warmupErrors: jit.errors,
        cpu: cpuShare,
        ...(gc ? { gc } : {}),
        note: target.description,
      };
      say(
        `[${name}] ${load.sessions} sessions in ${(load.elapsedMs / 1000).toFixed(1)} s = ${result.sessionsPerSecond?.toFixed(0)}/s, p50 ${lat.p50.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms`,
      );
      return result;
    } finally {
      for (const c of cpes) c.close();
    }
  } catch (error) {
    say(
      `[${name}] failed: ${error instanceof Error ? error.message : String(error)} (log: ${target.logFile})`,
    );
    return {
      target: resultName,
      label,
      note: `failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    await target.cleanup();
  }
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const m = machine();
  say(
    `bench: ${args.cpes} CPEs, ${args.durationS} s per target after ${args.warmupS} s warm-up; ${m.cores} cores, Node ${m.node}`,
  );
  const results: TargetResult[] = [];
  for (const name of args.targets) results.push(await measure(name, args));
  // Per-session CPU depends on the rate: flat out, the bare server's peer is always busy and its
  // writes rarely wake a sleeping process. The same server at the ACS's session rate says how much of
  // the ratio is that (a second figure; the headline stays against the flat-out run).
  const acs = results.find((r) => r.target === "postgres");
  if (args.targets.includes("bare") && acs?.sessionsPerSecond) {
    const rate = Math.round(acs.sessionsPerSecond);
    results.push(
      await measure("bare", args, {
        ratePerSecond: rate,
        target: PACED_BARE,
        label: `bare node:http at ${rate} sessions/s`,
      }),
    );
  }

  const table = `${textTable(results)}\n\n${cpuTable(results)}`;
  const facts = `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}`;
  process.stdout.write(`\n${headline(results)}\n\n${table}\n\n${facts}\n`);
  for (const r of results) if (r.note) process.stdout.write(`  ${r.label}: ${r.note}\n`);
  process.stdout.write(
    `${JSON.stringify({
      bench: "inform-sessions",
      cpes: args.cpes,
      durationS: args.durationS,
      machine: m,
      results: results.map((r) => ({ ...r, serverCpuMs: serverCpuMs(r), cpuRatio: cpuRatio(r, results) })),
    })}\n`,
  );

  const full = args.targets.length === 3 && !args.cpuProfDir && !args.gc;
  if (args.write && full) {
    const argv = process.argv.slice(2).filter((a) => a !== "--no-write");
    const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
    const config = `${args.cpes} concurrent simulated CPEs, ${args.durationS} s per target after a ${args.warmupS} s warm-up`;
    const notes = results.flatMap((r) => (r.note ? [`${r.label}: ${r.note}`] : []));
    notes.push(
      "Peak RSS is the target process's own (sampled VmRSS); PostgreSQL's server processes are not included.",
    );
    const file = path.join(import.meta.dirname, "results", "latest.md");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, markdown(results, m, command, config, notes));
    say(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

await main();
