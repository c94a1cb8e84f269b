// PostgreSQL CPU per Inform of the batched Inform statement and of its parts (profiling aid, not part
// of `npm run bench`):
//   npx tsx bench/db-parts.ts [--batch 9] [--statements 1000] [--explain]
// Bootstraps 20 devices on a throw-away cluster, records one Inform of each (so the stored values
// match), then runs the statement as the ACS does (routine Informs, batches of --batch, a named
// statement) and variants that leave parts out, counting the CPU of the cluster's processes. Variants
// are cut out of the real statement text, so they follow it; each runs twice, interleaved (the machine
// is shared: compare the second round's figures with each other). --explain prints the statement's
// EXPLAIN (ANALYZE, BUFFERS) on a warm batch instead (how a subplan run once per use was found).
import { parseArgs } from "node:util";
import pg from "pg";
import { parseEnvelope } from "../server/cwmp/soap";
import type { InformRequest } from "../server/cwmp/soap/types";
import { batchJson } from "../server/devices/inform-columns";
import { recordInform, toInformRow } from "../server/devices/inform";
import { BATCHED_STATEMENT } from "../server/devices/inform-statements";
import { cpuMeter } from "./cpu";
import { fill, makeDevices } from "./devices";
import { startTestServer } from "../tests/support/test-server";
import { openBenchDatabase, postmasterPid } from "./postgres";
import { warmUp } from "./warmup";

const { values: opts } = parseArgs({
  options: {
    batch: { type: "string", default: "9" },
    statements: { type: "string", default: "1000" },
    explain: { type: "boolean", default: false },
  },
});
const BATCH = Math.max(1, Math.min(200, Number(opts.batch)));
const STATEMENTS = Math.max(10, Math.min(20_000, Number(opts.statements)));
const DEVICES = 20;

/** The statement's parts, by the CTE names of inform-statements.ts. */
function variants(sql: string): Record<string, string> {
  // Each CTE starts a line as `name AS (` and ends with `),` before the next one; the final SELECT follows.
  const starts = [...sql.matchAll(/^(?:WITH )?(\w+) AS \(/gm)].map((m) => ({
    name: m[1] ?? "",
    index: m.index + (m[0].startsWith("WITH ") ? "WITH ".length : 0),
  }));
  const final = sql.lastIndexOf("\nSELECT ");
  const ctes = new Map(
    starts.map((m, k) => {
      const end = k + 1 < starts.length ? (starts[k + 1]?.index ?? 0) : final;
      return [m.name, sql.slice(m.index, end).replace(/,?\n$/, "")];
    }),
  );
  const cte = (name: string): string => {
    const text = ctes.get(name);
    if (text === undefined)
      throw new Error(`the Inform statement has no ${name} any more: update bench/db-parts.ts`);
    return text;
  };
  const select = sql.slice(final + 1);
  const statement = (...parts: string[]): string => `WITH ${parts.join(",\n")}\n${select}`;
  // What a routine Inform of a steady device runs (nothing changed, so no Device update happens).
  const read = [cte("input"), cte("known"), cte("kept"), "recorded AS (SELECT * FROM kept)"];
  return {
    "the statement": sql,
    "read only (input, lookup, returned columns)": statement(...read),
    "read + last-inform update": statement(...read, cte("last_inform")),
    "read + event insert": statement(...read, cte("event")),
    "input only": `WITH ${cte("input")}\nSELECT ord FROM input`,
  };
}

const database = await openBenchDatabase();
if ("skipped" in database) throw new Error(database.skipped);
// The ACS in this process on the bench database (its own throw-away secrets, quiet logs).
const server = await startTestServer({ DATABASE_URL: database.url, LOG_LEVEL: "warn" });
const client = new pg.Client({ connectionString: database.url });
try {
  const devices = makeDevices(DEVICES, server.cwmpUrl);
  await warmUp(devices.map((d) => d.sim));
  await client.connect();
  const root = await postmasterPid(database.url);
  const informs = devices.map((d) => parseEnvelope(fill(d.inform, "x")).body as InformRequest);
  const input = (inform: InformRequest, sessionId: string) => ({
    inform,
    sessionId,
    remoteAddress: "127.0.0.1",
    principal: { kind: "none" } as const,
    cwmpVersion: "1.2" as const,
    lockTtlMs: 60_000,
  });
  // Store these Informs' values once, so the routine Informs below match them (as in a steady state).
  for (const inform of informs) await recordInform(input(inform, "prime"));
  await client.query(`UPDATE "Device" SET "sessionId" = NULL, "sessionExpires" = NULL`);
  const batch = (k: number): string =>
    batchJson(
      Array.from({ length: BATCH }, (_, j) =>
        toInformRow(input(informs[(k * BATCH + j) % DEVICES] as InformRequest, `s${k}-${j}`)),
      ),
    );
  const checked = await client.query(BATCHED_STATEMENT, [batch(0)]);
  if (checked.rowCount !== BATCH) throw new Error(`the statement recorded ${checked.rowCount} of ${BATCH}`);

  if (opts.explain) {
    // Warm first (the named statement's plan, the buffers), then one batch with its JSON inlined.
    for (let k = 1; k <= 100; k++)
      await client.query({ name: "warm", text: BATCHED_STATEMENT, values: [batch(k)] });
    const inlined = BATCHED_STATEMENT.replace("$1::json", `'${batch(101).replace(/'/g, "''")}'::json`);
    const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${inlined}`);
    console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  } else {
    const parts = Object.entries(variants(BATCHED_STATEMENT));
    console.log(
      `PostgreSQL CPU per Inform, batches of ${BATCH}, ${STATEMENTS} statements per variant and round`,
    );
    for (const round of [1, 2]) {
      for (const [k, [label, sql]] of parts.entries()) {
        const meter = cpuMeter(process.pid, root);
        const t0 = performance.now();
        for (let s = 0; s < STATEMENTS; s++)
          await client.query({ name: `part-${k}`, text: sql, values: [batch(s)] });
        const wallS = (performance.now() - t0) / 1000;
        const share = meter();
        const perInform = ((share.postgres ?? 0) * wallS * 1000) / (STATEMENTS * BATCH);
        console.log(`round ${round}  ${label.padEnd(40)} ${perInform.toFixed(4)} ms`);
      }
    }
  }
} finally {
  await client.end().catch(() => undefined);
  await server.close();
  await database.close();
}
