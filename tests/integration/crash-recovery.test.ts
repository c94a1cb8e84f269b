// Kills the server (SIGKILL) in the middle of a session, after a task was sent and before its answer
// arrived; a restarted server re-sends that task at the device's next session and nothing is lost.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CpeResponse } from "../../server/cwmp/soap/types";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { freePort, query, startServerProcess } from "../support/server-process";
import { freshDatabaseUrl, waitFor } from "../support/test-server";

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), "vantage-crash-"));

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crash in mid-session", () => {
  it("loses no task and repeats at most the one RPC in flight", async () => {
    const cwmpPort = await freePort();
    const databaseUrl = (await freshDatabaseUrl()) ?? "";
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      CWMP_PORT: String(cwmpPort),
      FILE_PORT: String(await freePort()),
      BULKDATA_PORT: String(await freePort()),
      CWMP_AUTH: "none",
      CWMP_SESSION_TIMEOUT: "2",
      CWMP_PROVISION_CR_CREDENTIALS: "false",
      ADMIN_PASSWORD: "crash-test-password",
      LOG_LEVEL: "warn",
    };
    const acs = `http://127.0.0.1:${cwmpPort}/`;
    const first = await startServerProcess(env, children);
    // With the embedded store, each server process serves its database on a new port.
    const url = (): string => databaseUrl || readFileSync(path.join(dataDir, "db-url"), "utf8").trim();

    // First contact; answer the bootstrap reads so the queue is empty.
    const cpe = new ScriptedCpe(acs);
    expect((await cpe.inform(makeInform("CRASH1", ["0 BOOTSTRAP"]))).status).toBe(200);
    for (let step = await cpe.empty(); step.status === 200;) {
      const name = step.envelope?.body.name;
      const reply: CpeResponse =
        name === "GetParameterNames"
          ? { name: "GetParameterNamesResponse", parameterList: [] }
          : { name: "GetParameterValuesResponse", parameterList: [] };
      step = await cpe.send(reply, step.envelope?.header.id);
    }
    const [device] = await query<{ id: number }>(
      url(),
      `SELECT id FROM "Device" WHERE "serialNumber" = 'CRASH1'`,
    );
    await query(
      url(),
      `INSERT INTO "Task" ("deviceId", name, request) VALUES ($1, 'Reboot', '{"name":"Reboot","commandKey":"crash"}'), ($1, 'GetRPCMethods', '{"name":"GetRPCMethods"}')`,
      [device!.id],
    );

    // The Reboot is sent; the server dies before the CPE's answer arrives.
    expect((await cpe.inform(makeInform("CRASH1", ["2 PERIODIC"]))).status).toBe(200);
    const sent = await cpe.empty();
    expect(sent.envelope?.body).toEqual({ name: "Reboot", commandKey: "crash" });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    await expect(cpe.send({ name: "RebootResponse" }, sent.envelope?.header.id)).rejects.toThrow();
    cpe.close();

    const second = await startServerProcess(env, children);
    const again = new ScriptedCpe(acs);
    // The dead session's lock expires after its TTL; the CPE retries like a real one would.
    const answer = await waitFor(
      async () => {
        const a = await again.inform(makeInform("CRASH1", ["1 BOOT"], { retryCount: 1 }));
        return a.status === 200 ? a : null;
      },
      30_000,
      500,
    );
    expect(answer.envelope?.body.name).toBe("InformResponse");
    const resent = await again.empty();
    expect(resent.envelope?.body).toEqual({ name: "Reboot", commandKey: "crash" });
    const next = await again.send({ name: "RebootResponse" }, resent.envelope?.header.id);
    expect(next.envelope?.body).toEqual({ name: "GetRPCMethods" });
    const end = await again.send(
      { name: "GetRPCMethodsResponse", methodList: ["Inform"] },
      next.envelope?.header.id,
    );
    expect(end.status).toBe(204);
    again.close();

    const tasks = await query<{ name: string; state: string; attempts: number }>(
      url(),
      `SELECT name, state, attempts FROM "Task" WHERE "deviceId" = $1 AND name IN ('Reboot', 'GetRPCMethods') ORDER BY id`,
      [device!.id],
    );
    expect(tasks).toEqual([
      { name: "Reboot", state: "done", attempts: 2 },
      { name: "GetRPCMethods", state: "done", attempts: 1 },
    ]);
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));
  }, 120_000);

  it("SIGTERM ends open sessions cleanly and exits 0", async () => {
    const cwmpPort = await freePort();
    const databaseUrl = (await freshDatabaseUrl()) ?? "";
    const dir = mkdtempSync(path.join(tmpdir(), "vantage-term-"));
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      CWMP_PORT: String(cwmpPort),
      FILE_PORT: String(await freePort()),
      BULKDATA_PORT: String(await freePort()),
      CWMP_AUTH: "none",
      CWMP_PROVISION_CR_CREDENTIALS: "false",
      ADMIN_PASSWORD: "term-test-password",
      LOG_LEVEL: "warn",
    };
    const url = (): string => databaseUrl || readFileSync(path.join(dir, "db-url"), "utf8").trim();
    const running = await startServerProcess(env, children);
    const cpe = new ScriptedCpe(`http://127.0.0.1:${cwmpPort}/`);
    expect((await cpe.inform(makeInform("TERM1", ["1 BOOT"]))).status).toBe(200);
    const locked = await query<{ sessionId: string | null }>(
      url(),
      `SELECT "sessionId" FROM "Device" WHERE "serialNumber" = 'TERM1'`,
    );
    expect(locked[0]?.sessionId).not.toBeNull();

    running.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => running.once("exit", resolve));
    expect(code).toBe(0);
    cpe.close();

    const restarted = await startServerProcess(env, children);
    const released = await query<{ sessionId: string | null }>(
      url(),
      `SELECT "sessionId" FROM "Device" WHERE "serialNumber" = 'TERM1'`,
    );
    expect(released[0]?.sessionId).toBeNull();
    restarted.kill("SIGTERM");
    await new Promise((resolve) => restarted.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
