// Per-statement costs behind the PostgreSQL numbers (profiling aid, not part of `npm run bench`):
//   npx tsx bench/db-costs.ts
// Bootstraps four devices on a throw-away cluster, then times the Inform statement through Prisma and
// plain pg, and its parts (index maintenance, the parameter-document merge, the event insert) alone.
import pg from "pg";
import { startTestServer } from "../tests/support/test-server";
import { openBenchDatabase } from "./postgres";
import { makeDevices } from "./devices";
import { warmUp } from "./warmup";
import { db } from "../server/db";
import { recordInform, toInformRow } from "../server/devices/inform";
import { singleParams } from "../server/devices/inform-columns";
import { SINGLE_STATEMENT } from "../server/devices/inform-statements";
import { parseEnvelope } from "../server/cwmp/soap";
import { fill } from "./devices";
import type { InformRequest } from "../server/cwmp/soap/types";

const database = await openBenchDatabase();
if ("skipped" in database) throw new Error(database.skipped);
// The ACS in this process on the bench database (its own throw-away secrets, quiet logs).
const server = await startTestServer({ DATABASE_URL: database.url, LOG_LEVEL: "warn" });
const devices = makeDevices(4, server.cwmpUrl);
console.log(await warmUp(devices.map((d) => d.sim)));
const c = new pg.Client({ connectionString: database.url });
await c.connect();
console.log(
  (
    await c.query(
      `SELECT id, "serialNumber", kind, pg_column_size(parameters) AS stored, octet_length(parameters::text) AS text_bytes, (SELECT count(*) FROM jsonb_object_keys(parameters)) AS keys FROM "Device"`,
    )
  ).rows,
);
console.log(
  (await c.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'Device'`)).rows
    .map((r) => r.indexname)
    .join(", "),
);

// The machine is shared and noisy: every case runs in ROUNDS interleaved rounds; min and median of
// the round means are printed at the end.
const ROUNDS = 7;
const PER_ROUND = 60;
const cases: { label: string; fn: (i: number) => Promise<unknown>; means: number[] }[] = [];
function time(label: string, fn: (i: number) => Promise<unknown>): void {
  cases.push({ label, fn, means: [] });
}
async function runCases(): Promise<void> {
  for (const k of cases) for (let i = 0; i < 20; i++) await k.fn(i);
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of cases) {
      const t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) await k.fn(i);
      k.means.push((performance.now() - t0) / PER_ROUND);
    }
  }
  for (const k of cases) {
    const m = [...k.means].sort((a, b) => a - b);
    console.log(
      `${k.label.padEnd(62)} min ${m[0]!.toFixed(3)}  median ${m[Math.floor(m.length / 2)]!.toFixed(3)} ms/call`,
    );
  }
}
const dev = devices[1]!;
const inform = parseEnvelope(fill(dev.inform, "x")).body as InformRequest;
const id = (await c.query<{ id: number }>(`SELECT id FROM "Device" WHERE "serialNumber" = $1`, [dev.serial]))
  .rows[0]?.id;
// One session id throughout: the statement takes the device lock only if free or already ours.
const SESSION = "b".repeat(32);
const input = (_i: number) => ({
  inform,
  sessionId: SESSION,
  remoteAddress: "127.0.0.1",
  principal: { kind: "none" } as const,
  cwmpVersion: "1.2" as const,
  lockTtlMs: 60000,
});
const client = db() as unknown as { $queryRawUnsafe: (sql: string, ...a: unknown[]) => Promise<unknown> };
await recordInform(input(0));
time("recordInform (named prepared statement on the pool)", async (i) => {
  if ((await recordInform(input(i))).locked) throw new Error("device locked");
});
// The single-row statement as recordInform sends it (an Inform alone is not batched).
// The single-row statement always carries the document (a routine Inform's row has none: recordAlone adds it).
const routine = toInformRow(input(0));
const row = routine.complete();
const cap = { sql: SINGLE_STATEMENT, args: singleParams(row) };
time("same SQL via plain pg (unnamed statement)", () => c.query(cap.sql, cap.args));
time("same SQL via plain pg (named prepared)", () =>
  c.query({ name: "inform", text: cap.sql, values: cap.args }),
);
time("SELECT 1 via Prisma $queryRawUnsafe", () => client.$queryRawUnsafe("SELECT 1"));
time("SELECT 1 via plain pg", () => c.query("SELECT 1"));
const doc = row.document;
time("UPDATE DeviceLastInform.informedAt only (narrow row; indexed column: non-HOT)", () =>
  c.query(`UPDATE "DeviceLastInform" SET "informedAt" = now() WHERE "deviceId" = $1`, [id]),
);
time("UPDATE sessionExpires only (HOT candidate)", () =>
  c.query(`UPDATE "Device" SET "sessionExpires" = now() WHERE id = $1`, [id]),
);
time("UPDATE parameters = vantage_merge_params(parameters, doc)", () =>
  c.query(`UPDATE "Device" SET parameters = vantage_merge_params(parameters, $2::jsonb) WHERE id = $1`, [
    id,
    doc,
  ]),
);
time("UPDATE parameters = parameters || doc", () =>
  c.query(`UPDATE "Device" SET parameters = parameters || $2::jsonb WHERE id = $1`, [id, doc]),
);
time("INSERT InformEvent", () =>
  c.query(
    `INSERT INTO "InformEvent" ("deviceId", "receivedAt", events, "commandKeys", "retryCount", "remoteAddress") VALUES ($1, now(), '{"2 PERIODIC"}', '{""}', 0, '127.0.0.1')`,
    [id],
  ),
);
const async = new pg.Client({ connectionString: database.url });
await async.connect();
await async.query("SET synchronous_commit = off");
time("same SQL via plain pg, synchronous_commit=off", () => async.query(cap.sql, cap.args));
await runCases();
await async.end();
await c.end();
await server.close();
await database.close();
