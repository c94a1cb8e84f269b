// A PostgreSQL restart under a running ACS: while the database is away, Informs get 503 + Retry-After
// and /api/health-style checks fail; nothing crashes, and service resumes by itself afterwards.
// Needs a PostgreSQL server this test may restart (scripts/with-postgres.sh provides one in CI).
import { execSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../server/db";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const restart = process.env.TEST_PG_RESTART;
let server: TestServer | undefined;

beforeAll(async () => {
  if (restart) server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
});
afterAll(async () => {
  await server?.close();
});

function bounce(): void {
  const command =
    process.env.TEST_PG_RUN_AS && process.getuid?.() === 0
      ? `su ${process.env.TEST_PG_RUN_AS} -s /bin/sh -c "${restart}"`
      : restart!;
  execSync(command, { stdio: "ignore", timeout: 60_000 });
}

it.skipIf(!restart)("keeps serving across a database restart", async () => {
  const acs = server!.cwmpUrl;
  const first = new ScriptedCpe(acs);
  expect((await first.inform(makeInform("PGRESTART1", ["1 BOOT"]))).status).toBe(200);
  first.close();

  // Stop and start again: pooled connections are now dead.
  bounce();
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
});
