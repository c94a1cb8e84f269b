// `npm run bench:flute -- [--size-mb 50] [--receivers 200] [--namespaces 4] [--losses 0,1,5]
//   [--rate-mbps 40] [--max-passes 12] [--no-write]`
// One image over FLUTE multicast to many receivers (issue 15 benchmark). The sender's worker runs in
// this process on a bridge; receivers sit in `--namespaces` network namespaces (tests/support/
// multicast-lab.ts), one process each holding receivers/namespaces simulated receivers on one socket,
// each dropping packets independently at the loss rate (nftables loss acts per namespace, so it could
// not make 200 independent receivers; the kernel has no netem). Reported per loss rate: bytes sent
// until every receiver completed vs the unicast equivalent (receivers × image), the ratio to the
// image, time to complete, passes needed, the sender's CPU (this process, whose only work is the
// worker), and UDP receive-buffer overflows in the namespaces (receivers too slow: extra loss).
// Bounded: each loss rate stops after --max-passes carousel passes' worth of time. Needs root.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startFluteSender } from "../server/flute/sender";
import { createMulticastLab, type MulticastLab } from "../tests/support/multicast-lab";
import { netnsAvailable } from "../tests/support/netns";

const { values } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "50" },
    receivers: { type: "string", default: "200" },
    namespaces: { type: "string", default: "4" },
    losses: { type: "string", default: "0,1,5" },
    "rate-mbps": { type: "string", default: "40" },
    "max-passes": { type: "string", default: "12" },
    "no-write": { type: "boolean", default: false },
  },
});
const sizeBytes = Math.round(Number(values["size-mb"]) * 1024 * 1024);
const receivers = Number(values.receivers);
const namespaces = Math.min(Number(values.namespaces), receivers);
const losses = values.losses.split(",").map(Number);
const rateKbps = Number(values["rate-mbps"]) * 1000;
const maxPasses = Number(values["max-passes"]);
const PORT = 4001;
const GROUP = "239.255.42.99";
const SYMBOL = 1428;
/** monitorEventLoopDelay counts the whole interval between samples; the delay is what exceeds it. */
const LOOP_SAMPLE_MS = 10;
const say = (line: string): void => void process.stderr.write(`${line}\n`);

interface Row {
  loss: number;
  completed: number;
  bytes: number;
  seconds: number;
  passesMax: number;
  passesMean: number;
  senderPasses: number;
  cpuSeconds: number;
  md5Ok: boolean;
  rcvbufErrors: number;
  /**
   * p99 event-loop delay of this (the sender's parent) thread beyond the sampling interval: what the
   * CWMP listener in the same process would feel. (Idle on the same machine: ~0.3 ms.)
   */
  loopP99Ms: number;
}

function rcvbufErrors(lab: MulticastLab): number {
  let total = 0;
  for (const r of lab.receivers) {
    const snmp = lab.lab.exec(r.ns, "cat", ["/proc/net/snmp"]).split("\n");
    const [names, nums] = snmp.filter((l) => l.startsWith("Udp:"));
    const i = names?.split(/\s+/).indexOf("RcvbufErrors") ?? -1;
    total += i > 0 ? Number(nums?.split(/\s+/)[i]) : 0;
  }
  return total;
}

async function runLoss(
  lab: MulticastLab,
  file: string,
  md5: string,
  loss: number,
  tsi: number,
): Promise<Row> {
  const perNs = Math.ceil(receivers / namespaces);
  const passSeconds = (sizeBytes * (1 + 48 / SYMBOL) * 8) / (rateKbps * 1000);
  const budgetMs = Math.ceil(passSeconds * maxPasses * 1000) + 10_000;
  const runs = lab.receivers.map((_, i) =>
    lab.receive(
      i,
      [
        ...["--group", GROUP, "--port", String(PORT), "--tsi", String(tsi), "--source", lab.senderAddress],
        ...["--fleet", String(Math.min(perNs, receivers - i * perNs)), "--loss", String(loss / 100)],
        ...[
          "--seed",
          String(tsi * 100 + i),
          "--timeout-ms",
          String(budgetMs),
          "--max-bytes",
          String(sizeBytes),
        ],
      ],
      budgetMs + 15_000,
    ),
  );
  await Promise.all(runs.map((r) => r.joined));
  const overflowBefore = rcvbufErrors(lab);
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loop.enable();
  const sender = startFluteSender({
    filePath: file,
    contentLocation: "bench/image.bin",
    md5,
    toi: 1,
    tsi,
    group: GROUP,
    port: PORT,
    ttl: 1,
    sourceAddress: lab.senderAddress,
    interfaceAddress: lab.senderAddress,
    version: 2,
    rateKbps,
    symbolSize: SYMBOL,
    maxBlockLength: 64,
    until: new Date(Date.now() + budgetMs),
    allowedGroups: "239.255.42.0/24",
    maxRateKbps: rateKbps,
  });
  sender.on("progress", (s) =>
    say(`  loss ${loss} %: ${s.passes} passes, ${(s.bytesSent / 1e6).toFixed(0)} MB sent`),
  );
  const results = await Promise.all(runs.map((r) => r.result));
  const stats = await sender.stop();
  const used = process.cpuUsage(cpu);
  loop.disable();
  const completion = results.flatMap((r) => (r.completionMs as number[] | undefined) ?? []);
  const passes = results.flatMap((r) => (r.passes as number[] | undefined) ?? []);
  for (const r of results) if (r.code === "crash") say(`  receiver crashed: ${JSON.stringify(r)}`);
  return {
    loss,
    completed: results.reduce((n, r) => n + ((r.completed as number | undefined) ?? 0), 0),
    bytes: stats.bytesSent,
    seconds: Math.max(0, ...completion) / 1000,
    passesMax: Math.max(0, ...passes),
    passesMean: passes.reduce((a, b) => a + b, 0) / Math.max(1, passes.length),
    senderPasses: stats.passes,
    cpuSeconds: (used.user + used.system) / 1e6,
    md5Ok: results.every((r) => r.md5Ok === true),
    rcvbufErrors: rcvbufErrors(lab) - overflowBefore,
    loopP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_SAMPLE_MS),
  };
}

function table(rows: Row[]): string[] {
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  const lines = [
    `FLUTE v2, Compact No-Code FEC, one ${mb(sizeBytes)} MiB image to ${receivers} receivers in ${namespaces} ` +
      `namespaces, ${rateKbps / 1000} Mbit/s, symbols of ${SYMBOL} bytes, blocks of 64 symbols.`,
    "",
    "| loss | completed | multicast sent (MiB) | unicast equivalent (MiB) | ratio to image | time to complete (s) | passes needed (max / mean) | sender CPU (s, % of a core) | MD5 | receive-buffer overflows | sender's parent thread: event-loop delay p99 (ms) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows)
    lines.push(
      `| ${r.loss} % | ${r.completed}/${receivers} | ${mb(r.bytes)} | ${mb(sizeBytes * receivers)} | ` +
        `${(r.bytes / sizeBytes).toFixed(2)}× | ${r.seconds.toFixed(1)} | ${r.passesMax} / ${r.passesMean.toFixed(2)} | ` +
        `${r.cpuSeconds.toFixed(1)} (${((100 * r.cpuSeconds) / Math.max(r.seconds, 0.001)).toFixed(0)} %) | ` +
        `${r.md5Ok ? "ok" : "FAILED"} | ${r.rcvbufErrors} | ${r.loopP99Ms.toFixed(1)} |`,
    );
  return lines;
}

async function main(): Promise<void> {
  if (!netnsAvailable()) throw new Error("bench:flute needs root and `ip netns` (network namespaces)");
  const dir = mkdtempSync(path.join(tmpdir(), "bench-flute-"));
  const lab = createMulticastLab("flb", namespaces, "10.251.78");
  const stop = (): void => void lab.close().finally(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const file = path.join(dir, "image.bin");
    const data = randomBytes(sizeBytes);
    writeFileSync(file, data);
    const md5 = createHash("md5").update(data).digest("base64");
    const rows: Row[] = [];
    for (const [i, loss] of losses.entries()) {
      say(`loss ${loss} %: ${receivers} receivers`);
      rows.push(await runLoss(lab, file, md5, loss, 1000 + i));
    }
    const lines = table(rows);
    for (const l of lines) process.stdout.write(`${l}\n`);
    if (!values["no-write"]) {
      const out = path.resolve(import.meta.dirname, "results", "flute.md");
      writeFileSync(out, `# npm run bench:flute (${new Date().toISOString()})\n\n${lines.join("\n")}\n`);
      say(`written to ${out}`);
    }
  } finally {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
