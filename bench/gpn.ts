// `npm run bench:gpn`: how long one GetParameterNames answer of N names takes to apply, for N =
// 5,000 / 20,000 / 50,000 names, on embedded PGlite and on PostgreSQL, in one run. One round trip =
// the CPE POSTs the answer (the device already has those N entries: the re-read of a big tree, the
// slow case) -> the ACS parses it, checks it, stores the task's answer and rewrites the parameter
// document -> 204. The ratio column (time / time for 5,000 names) shows whether the cost is linear.
// Writes bench/results/gpn.md.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "../server/db";
import { asJson } from "../server/json";
import type { RunningServer } from "../server/start";
import type { ParameterDocument } from "../server/devices/parameter-document";
import { queueTask } from "../server/tasks/service";
import { ScriptedCpe, answerProvisioning, makeInform } from "../tests/support/scripted-cpe";
import { startTestServer } from "../tests/support/test-server";
import { openBenchDatabase } from "./postgres";

const SIZES = [5_000, 20_000, 50_000];
const ROUNDS = 3;

const names = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    name: `Device.X_Vendor.Table.${Math.floor(i / 10) + 1}.Param${i % 10}`,
    writable: i % 2 === 0,
  }));

async function measure(server: RunningServer, size: number, round: number): Promise<number> {
  const serial = `GPN-${size}-${round}`;
  const known: ParameterDocument = {};
  for (const p of names(size)) known[p.name] = { v: "7", t: "unsignedInt", ts: 1 };
  const cpe = new ScriptedCpe(server.cwmpUrl);
  try {
    if ((await cpe.inform(makeInform(serial, ["2 PERIODIC"]))).status !== 200) throw new Error("no session");
    // First contact queues the tree reads: answer them with nothing.
    const step = await answerProvisioning(cpe);
    if (step.status !== 204) throw new Error(`first contact did not end: ${step.status}`);
    const device = await db().device.update({
      where: {
        oui_productClass_serialNumber: { oui: "00D09E", productClass: "IPTV-STB", serialNumber: serial },
      },
      data: { parameters: asJson(known) },
    });
    const task = await queueTask(device.id, {
      name: "GetParameterNames",
      parameterPath: "Device.",
      nextLevel: false,
    });
    await cpe.inform(makeInform(serial, ["2 PERIODIC"]));
    const rpc = await cpe.empty();
    if (rpc.envelope?.body.name !== "GetParameterNames") throw new Error(`got ${rpc.envelope?.body.name}`);
    const started = performance.now();
    const end = await cpe.send(
      { name: "GetParameterNamesResponse", parameterList: names(size) },
      rpc.envelope.header.id,
    );
    const elapsed = performance.now() - started;
    const state = (await db().task.findUniqueOrThrow({ where: { id: task.id } })).state;
    if (end.status !== 204 || state !== "done")
      throw new Error(`answer not applied: ${end.status}, task ${state}`);
    return elapsed;
  } finally {
    cpe.close();
  }
}

async function runTarget(label: string, databaseUrl: string | undefined): Promise<string[]> {
  // The integration tests' loopback server (in-process, web off), on the store given here.
  const server = await startTestServer({
    DATABASE_URL: databaseUrl ?? "",
    CWMP_PROVISION_CR_CREDENTIALS: "false",
    LOG_LEVEL: "warn",
  });
  const rows: string[] = [];
  try {
    let base = 0;
    for (const size of SIZES) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) times.push(await measure(server, size, round));
      const median = times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
      if (size === SIZES[0]) base = median;
      const row = `| ${label} | ${size.toLocaleString("en")} | ${Math.round(median)} | ${(median / base).toFixed(1)} |`;
      process.stdout.write(`${row}\n`);
      rows.push(row);
    }
  } finally {
    await server.close();
  }
  return rows;
}

const rows = [
  "| store | names | median ms (3 rounds) | ratio to 5,000 names |",
  "| --- | ---: | ---: | ---: |",
];
rows.push(...(await runTarget("embedded PGlite", undefined)));
const postgres = await openBenchDatabase();
if ("skipped" in postgres) process.stdout.write(`PostgreSQL skipped: ${postgres.skipped}\n`);
else {
  try {
    rows.push(...(await runTarget(`PostgreSQL (${postgres.description})`, postgres.url)));
  } finally {
    await postgres.close();
  }
}
const text = `# GetParameterNames answers at scale\n\n\`npm run bench:gpn\`: one answer of N names, posted by a scripted CPE, parsed, checked, stored and applied to a device document that already has those N entries, until the ACS's 204.\n\n${rows.join("\n")}\n`;
const out = path.resolve(import.meta.dirname, "results");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "gpn.md"), text);
process.stdout.write(text);
process.exit(0);
