// A periodic session with no work (tasks/queued-signals.ts), on the real server and database. On
// PostgreSQL its empty POST runs no claim statement; a task another node queues between its Inform and
// its empty POST (raw SQL here: no in-process signal, only the trigger's NOTIFY) still goes out in that
// session; one queued just after the session ended wakes the device with a connection request. On the
// embedded store (no listener) every session claims, as before.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { metrics } from "../../server/observability/metrics";
import { claimStats } from "../../server/tasks/claim";
import { queuedSignals } from "../../server/tasks/queued-signals";
import {
  ScriptedCpe,
  answerProvisioning,
  makeInform,
  withConnectionRequestUrl,
} from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let server: TestServer;
let crServer: http.Server;
let crUrl = "";
const crRequests: number[] = [];

beforeAll(async () => {
  server = await startTestServer({
    CWMP_PROVISION_CR_CREDENTIALS: "false",
    CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8",
  });
  crServer = http.createServer((_req, res) => {
    crRequests.push(Date.now());
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((r) => crServer.listen(0, "127.0.0.1", r));
  crUrl = `http://127.0.0.1:${(crServer.address() as AddressInfo).port}/cr`;
});
afterAll(async () => {
  await new Promise<void>((r) => crServer.close(() => r()));
  await server?.close();
});

async function bootstrapped(serial: string): Promise<number> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  await cpe.inform(withConnectionRequestUrl(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]), crUrl));
  expect((await answerProvisioning(cpe)).status).toBe(204);
  cpe.close();
  return (await db().device.findFirstOrThrow({ where: { serialNumber: serial } })).id;
}

async function periodicInform(serial: string): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  const answer = await cpe.inform(withConnectionRequestUrl(makeInform(serial, ["2 PERIODIC"]), crUrl));
  expect(answer.envelope?.body.name).toBe("InformResponse");
  return cpe;
}

/** A task written the way another node's would reach this one: only through the trigger's NOTIFY. */
async function queuedElsewhere(deviceId: number): Promise<number> {
  const [row] = await db().$queryRaw<{ id: number }[]>`
    INSERT INTO "Task" ("deviceId", name, request, "expiresAt")
    VALUES (${deviceId}, 'GetParameterValues',
            '{"name":"GetParameterValues","parameterNames":["Device.DeviceInfo.UpTime"]}'::jsonb,
            (now() AT TIME ZONE 'UTC') + interval '1 hour')
    RETURNING id`;
  return row?.id ?? 0;
}

/** Resolves when this node has heard of work queued for the device. */
const signalled = (deviceId: number): Promise<void> =>
  new Promise((resolve) => queuedSignals().watch(deviceId, resolve));

/** What /metrics says about the listener (1: quiet sessions skip their claim). */
const listeningGauge = async (): Promise<number | undefined> =>
  (await metrics().registry.getSingleMetric("vantage_task_signals_listening")?.get())?.values[0]?.value;

describe.skipIf(!onPostgres)("quiet periodic sessions on PostgreSQL", () => {
  beforeAll(async () => {
    await waitFor(() => Promise.resolve(queuedSignals().isListening));
  });

  it("an empty POST with nothing queued runs no claim and leaves no lock", async () => {
    expect(await listeningGauge()).toBe(1);
    const deviceId = await bootstrapped("QUIET-PG-1");
    const cpe = await periodicInform("QUIET-PG-1");
    const runs = claimStats.runs;
    expect((await cpe.empty()).status).toBe(204);
    cpe.close();
    expect(claimStats.runs).toBe(runs);
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect([device.sessionId, device.sessionExpires]).toEqual([null, null]);
  });

  it("a task queued by another node during the session goes out in that session", async () => {
    const deviceId = await bootstrapped("QUIET-PG-2");
    const cpe = await periodicInform("QUIET-PG-2");
    const heard = signalled(deviceId);
    const taskId = await queuedElsewhere(deviceId);
    await heard;
    const rpc = await cpe.empty();
    expect(rpc.envelope?.body.name).toBe("GetParameterValues");
    const done = await cpe.send(
      {
        name: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "42", type: "unsignedInt" }],
      },
      rpc.envelope?.header.id,
    );
    expect(done.status).toBe(204);
    cpe.close();
    expect((await db().task.findUniqueOrThrow({ where: { id: taskId } })).state).toBe("done");
  });

  it("a task queued just after a quiet session ended wakes the device", async () => {
    const deviceId = await bootstrapped("QUIET-PG-3");
    const cpe = await periodicInform("QUIET-PG-3");
    expect((await cpe.empty()).status).toBe(204);
    cpe.close();
    const before = crRequests.length;
    await queuedElsewhere(deviceId);
    await waitFor(() => Promise.resolve(crRequests.length > before), 5_000);
    // The device answers its connection request with a session that takes the task.
    const next = new ScriptedCpe(server.cwmpUrl);
    await next.inform(makeInform("QUIET-PG-3", ["6 CONNECTION REQUEST"]));
    expect((await next.empty()).envelope?.body.name).toBe("GetParameterValues");
    next.close();
  });
});

describe.skipIf(onPostgres)("periodic sessions on the embedded store", () => {
  it("claim at every empty POST (no listener)", async () => {
    expect(queuedSignals().isListening).toBe(false);
    expect(await listeningGauge()).toBe(0);
    await bootstrapped("QUIET-LITE-1");
    const cpe = await periodicInform("QUIET-LITE-1");
    const runs = claimStats.runs;
    expect((await cpe.empty()).status).toBe(204);
    cpe.close();
    expect(claimStats.runs).toBe(runs + 1);
  });
});
