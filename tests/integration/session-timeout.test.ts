// A CPE that goes silent mid-session: the session is abandoned after CWMP_SESSION_TIMEOUT, the device
// lock is released, the sent task stays to be re-sent, and the device's next session proceeds.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../server/db";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ CWMP_SESSION_TIMEOUT: "1", CWMP_PROVISION_CR_CREDENTIALS: "false" });
});
afterAll(async () => {
  await server?.close();
});

it("abandons a silent session and re-sends its task next time", async () => {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  await cpe.inform(makeInform("SILENT", ["1 BOOT"]));
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: "SILENT" } });
  await db().task.deleteMany({ where: { deviceId: device.id } });
  const task = await queueTask(device.id, { name: "GetRPCMethods" });
  const sent = await cpe.empty();
  expect(sent.envelope?.body.name).toBe("GetRPCMethods");
  cpe.close();

  // No answer: the sweep abandons the session and releases the lock.
  await waitFor(
    async () => (await db().device.findUniqueOrThrow({ where: { id: device.id } })).sessionId === null,
    10_000,
  );
  expect(server.cwmp.engine.sessions.size).toBe(0);
  expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("sent");

  const again = new ScriptedCpe(server.cwmpUrl);
  expect((await again.inform(makeInform("SILENT", ["2 PERIODIC"]))).status).toBe(200);
  const resent = await again.empty();
  expect(resent.envelope?.body.name).toBe("GetRPCMethods");
  expect(
    (await again.send({ name: "GetRPCMethodsResponse", methodList: [] }, resent.envelope?.header.id)).status,
  ).toBe(204);
  expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
    state: "done",
    attempts: 2,
  });
  again.close();
});
