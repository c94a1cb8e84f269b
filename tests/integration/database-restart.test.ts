// A PostgreSQL restart under a running ACS: while the database is away, Informs get 503 + Retry-After
// and /api/health-style checks fail; nothing crashes, and service resumes by itself afterwards.
// Runs in the PostgreSQL pass (TEST_DATABASE_URL), on a cluster of its own: restarting the shared
// server would cut the connections of the test files running beside this one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startThrowAwayCluster, type ThrowAwayCluster } from "../../bench/postgres";
import { db } from "../../server/db";
import { queuedSignals } from "../../server/tasks/queued-signals";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let cluster: ThrowAwayCluster | undefined;
let server: TestServer | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  const started = startThrowAwayCluster("-c fsync=off");
  if ("skipped" in started) throw new Error(started.skipped);
  cluster = started;
  server = await startTestServer({ DATABASE_URL: cluster.url, CWMP_PROVISION_CR_CREDENTIALS: "false" });
});
afterAll(async () => {
  await server?.close();
  cluster?.stop();
});

it.skipIf(!onPostgres)("keeps serving across a database restart", async () => {
  const acs = server!.cwmpUrl;
  const first = new ScriptedCpe(acs);
  expect((await first.inform(makeInform("PGRESTART1", ["1 BOOT"]))).status).toBe(200);
  first.close();

  await waitFor(() => Promise.resolve(queuedSignals().isListening));
  const markBefore = queuedSignals().mark()!;

  // Stop and start again: pooled connections are now dead.
  cluster!.restart();
  const answers: number[] = [];
  await waitFor(
    async () => {
      const cpe = new ScriptedCpe(acs);
      const answer = await cpe.inform(makeInform("PGRESTART2", ["1 BOOT"]));
      cpe.close();
      answers.push(answer.status);
      if (answer.status === 200) {
        const again = new ScriptedCpe(acs);
        await again.inform(makeInform("PGRESTART2", ["1 BOOT"]));
        again.close();
      }
      return answer.status === 200;
    },
    30_000,
    200,
  );
  expect(answers.every((s) => s === 200 || s === 503)).toBe(true);
  expect(await db().device.count({ where: { serialNumber: { in: ["PGRESTART1", "PGRESTART2"] } } })).toBe(2);
  // The task-queued listener lost its connection too: it reconnects and is trusted again once its
  // probe comes back (until then quiet sessions claim as usual).
  await waitFor(() => Promise.resolve(queuedSignals().isListening), 40_000, 200);
  // It did notice: what it heard before the restart is no longer trusted.
  expect(queuedSignals().queuedSince(1, markBefore)).toBe(true);
});
