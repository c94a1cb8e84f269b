// A node dies (SIGKILL) in the middle of a device's session: the device's lock names that node and
// would refuse the device everywhere for the lock's lifetime (2 x CWMP_SESSION_TIMEOUT, 60 s here).
// Each node keeps a heartbeat lease; once the dead node's has lapsed, the device's next Inform on
// another node takes the lock over. Needs real PostgreSQL (two processes on one database): skipped
// without TEST_DATABASE_URL (scripts/with-postgres.sh provides one in CI).
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { query, startNodeProcess } from "../support/server-process";
import { freshDatabaseUrl } from "../support/test-server";

const HEARTBEAT_S = 3;
const SESSION_TIMEOUT_S = 30;

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const startNode = (id: string, databaseUrl: string) =>
  startNodeProcess(
    id,
    databaseUrl,
    {
      CWMP_PROVISION_ACS_CREDENTIALS: "false",
      CWMP_SESSION_TIMEOUT: String(SESSION_TIMEOUT_S),
      JOB_LEASE_TTL: String(HEARTBEAT_S),
    },
    children,
    dirs,
  );

describe.skipIf(!process.env.TEST_DATABASE_URL)("a dead node's session locks", () => {
  it("are taken over once its heartbeat lapses, long before the locks expire", async () => {
    const databaseUrl = (await freshDatabaseUrl())!;
    const a = await startNode("node-a", databaseUrl);
    const b = await startNode("node-b", databaseUrl);

    // A device's session on node-a, left open (the CPE is running an RPC, say).
    const onA = new ScriptedCpe(a.cwmp);
    expect((await onA.inform(makeInform("DEADNODE1", ["1 BOOT"]))).status).toBe(200);
    const [locked] = await query<{ owner: string | null }>(
      databaseUrl,
      `SELECT "sessionOwner" AS owner FROM "Device" WHERE "serialNumber" = 'DEADNODE1'`,
    );
    expect(locked?.owner).toBe("node-a");

    a.child.kill("SIGKILL");
    const killedAt = Date.now();
    // At once, node-a's heartbeat still holds: node-b refuses the device (its lock is node-a's).
    const first = await new ScriptedCpe(b.cwmp).inform(makeInform("DEADNODE1", ["1 BOOT"]));
    expect(first.status).toBe(503);

    // The CPE retries: served by node-b once node-a's heartbeat lapsed (3 s), not after the 60 s lock.
    let status = 0;
    let servedAfterMs = 0;
    while (Date.now() - killedAt < 2 * SESSION_TIMEOUT_S * 1000) {
      await new Promise((r) => setTimeout(r, 500));
      const cpe = new ScriptedCpe(b.cwmp);
      status = (await cpe.inform(makeInform("DEADNODE1", ["1 BOOT"]))).status;
      if (status === 200) {
        servedAfterMs = Date.now() - killedAt;
        break;
      }
      expect(status).toBe(503);
    }
    expect(status).toBe(200);
    expect(servedAfterMs).toBeLessThan((HEARTBEAT_S + 6) * 1000);
    const [after] = await query<{ owner: string | null }>(
      databaseUrl,
      `SELECT "sessionOwner" AS owner FROM "Device" WHERE "serialNumber" = 'DEADNODE1'`,
    );
    expect(after?.owner).toBe("node-b");
    console.log(`dead node's lock taken over ${servedAfterMs} ms after the kill`);
  }, 120_000);
});
