// A real Vantage process with its OMA DM listener and the simulated mobile, in XML and in WBXML:
// package 1 records a MOBILE device from DevInfo; queued DM tasks wake it with package 0 (UDP on
// loopback) and run in server-initiated sessions: Get of an interior node (child list), Get of a large
// leaf (the mobile splits its Results to the server's MaxMsgSize), Replace (a large value the server
// splits to the mobile's MaxMsgSize), Replace of a read-only leaf (405), Exec, and a FUMO update with
// a store image whose result arrives as Generic Alert 1226.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { createAccount } from "../../server/mobile/accounts";
import { queueDmExec, queueDmGet, queueDmReplace, queueFumoUpdate } from "../../server/mobile/queue";
import type { Actor } from "../../server/core/actor";
import { startFleet, type SimFleet } from "../../sim/omadm/fleet";
import { addTestImage } from "../support/firmware";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const PASSWORD = "bootstrap-secret";
let server: TestServer;
let actor: Actor;
const fleets: SimFleet[] = [];

beforeAll(async () => {
  server = await startTestServer({
    OMADM_ENABLED: "true",
    OMADM_PORT: "0",
    OMADM_DEFAULT_CLIENT_PASSWORD: PASSWORD,
    OMADM_MAX_MSG_SIZE: "4096",
  });
  const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
  actor = { id: admin.id, username: admin.username };
}, 60_000);

afterAll(async () => {
  await Promise.all(fleets.map((f) => f.close()));
  await server?.close();
});

async function settled(taskId: number) {
  return waitFor(async () => {
    const task = await db().task.findUniqueOrThrow({ where: { id: taskId } });
    return ["done", "fault", "expired"].includes(task.state) ? task : undefined;
  }, 20_000);
}

describe.each(["xml", "wbxml"] as const)("a simulated mobile over %s", (encoding) => {
  let fleet: SimFleet;
  let deviceId: number;

  beforeAll(async () => {
    const seed = encoding === "xml" ? 1 : 2;
    const options = {
      serverUrl: server.omadmUrl!,
      devices: 1,
      seed,
      encoding,
      serverId: "vantage",
      failureRate: 0,
      maxMsgSize: 2048,
    };
    if (encoding === "wbxml") {
      // An account made by an operator action: its own passwords, returned once.
      const { imeiFor } = await import("../../sim/omadm/fleet");
      const issued = await db().$transaction((tx) => createAccount(tx, { devId: imeiFor(seed, 0) }));
      fleet = await startFleet({
        ...options,
        password: "",
        credentials: new Map([
          [issued.clientUsername, { client: issued.clientPassword, server: issued.serverPassword }],
        ]),
      });
    } else {
      fleet = await startFleet({ ...options, password: PASSWORD });
    }
    fleets.push(fleet);
  });

  it("records the mobile from package 1 (kind MOBILE, DevInfo in columns and document, firmware read)", async () => {
    const mobile = fleet.mobiles[0]!;
    const report = await mobile.session(1201);
    expect(report).toMatchObject({ ok: true, serverAuthenticated: true });
    const device = await db().device.findFirstOrThrow({
      where: { serialNumber: mobile.devId },
      include: { omaDmAccount: true },
    });
    deviceId = device.id;
    expect(device).toMatchObject({
      kind: "MOBILE",
      protocol: "omadm",
      oui: "",
      productClass: "",
      manufacturer: "Vantage Labs",
      softwareVersion: "1.0.0",
    });
    expect(device.modelName).toMatch(/^VL-/);
    const doc = device.parameters as Record<string, { v?: string }>;
    expect(doc["./DevInfo/DmV"]?.v).toBe("1.2");
    expect(doc["./DevDetail/FwV"]?.v).toBe("1.0.0");
    expect(device.omaDmAccount).toMatchObject({ encoding, notifyAddress: fleet.listeners[0]!.address });
    // Passwords only sealed; the nonce the server issued is the one the mobile will use.
    expect(device.omaDmAccount!.clientPasswordSealed).not.toContain(PASSWORD);
    expect(device.omaDmAccount!.clientNonce).toBe(mobile.clientNonce);
    expect(device.omaDmAccount!.serverNonce).toBe(mobile.serverNonce);
  });

  it("wakes it with package 0 and reads an interior node's children", async () => {
    const { taskId } = await queueDmGet(actor, deviceId, "./DevInfo");
    const task = await settled(taskId);
    expect(task.state).toBe("done");
    expect(fleet.listeners[0]!.counts.accepted).toBeGreaterThan(0);
    expect(task.result).toMatchObject({
      answers: [
        { status: 200, results: [{ uri: "./DevInfo", format: "node", data: "DevId/Man/Mod/DmV/Lang" }] },
      ],
    });
  });

  it("reads a large leaf the mobile splits over several messages", async () => {
    const { taskId } = await queueDmGet(actor, deviceId, "./Ext/Log");
    const task = await settled(taskId);
    expect(task.state).toBe("done");
    const data = (task.result as { answers: { results: { data: string }[] }[] }).answers[0]!.results[0]!.data;
    expect(data).toBe(fleet.mobiles[0]!.tree.nodes.get("./Ext/Log")!.value);
    expect(data.length).toBe(10_000);
    // 10 000 characters in messages of at most OMADM_MAX_MSG_SIZE (4096): several chunks.
    expect(fleet.mobiles[0]!.stats.chunksSent).toBeGreaterThanOrEqual(3);
  });

  it("replaces values (a large one split to the mobile's MaxMsgSize), refuses a read-only leaf, runs Exec", async () => {
    const mobile = fleet.mobiles[0]!;
    const lang = await settled((await queueDmReplace(actor, deviceId, "./DevInfo/Lang", "fr-FR")).taskId);
    expect(lang.state).toBe("done");
    expect(mobile.tree.nodes.get("./DevInfo/Lang")!.value).toBe("fr-FR");
    const big = "ä".repeat(3000);
    const large = await settled((await queueDmReplace(actor, deviceId, "./FUMO/1/PkgName", big)).taskId);
    expect(large.state).toBe("done");
    expect(mobile.tree.nodes.get("./FUMO/1/PkgName")!.value).toBe(big);
    // 6 000 bytes to a mobile whose MaxMsgSize is 2048: split, and no message over the limit.
    expect(mobile.stats.chunksReceived).toBeGreaterThanOrEqual(3);
    expect(mobile.stats.largestReceived).toBeLessThanOrEqual(2048);
    const readOnly = await settled((await queueDmReplace(actor, deviceId, "./DevInfo/Mod", "X")).taskId);
    expect(readOnly).toMatchObject({ state: "fault", faultCode: 405 });
    const exec = await settled((await queueDmExec(actor, deviceId, "./Ext/Reboot")).taskId);
    expect(exec.state).toBe("done");
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect((device.parameters as Record<string, { v?: string }>)["./DevInfo/Lang"]?.v).toBe("fr-FR");
    const audit = await db().auditLog.findMany({ where: { deviceId, action: { startsWith: "device.dm." } } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "device.dm.exec",
      "device.dm.get",
      "device.dm.get",
      "device.dm.replace",
      "device.dm.replace",
      "device.dm.replace",
    ]);
  });

  it("runs a FUMO update end to end: PkgURL + Exec (202), download with the grant, Generic Alert 1226", async () => {
    const image = await addTestImage({ version: `2.0.${encoding === "xml" ? 1 : 2}` });
    const { taskId, correlator } = await queueFumoUpdate(actor, deviceId, image.id);
    const task = await settled(taskId);
    expect(task.state).toBe("done");
    expect(task.result).toMatchObject({ fumoResult: { code: 200, source: "./FUMO/1" } });
    const mobile = fleet.mobiles[0]!;
    expect(mobile.tree.nodes.get("./DevDetail/FwV")!.value).toBe(image.version);
    expect(mobile.tree.nodes.get("./FUMO/1/State")!.value).toBe("100");
    const event = await db().deviceEvent.findFirstOrThrow({ where: { deviceId, type: "GenericAlert" } });
    expect(event.payload).toMatchObject({ correlator, data: "200" });
    // The new version is read back and shown in the list's column.
    await waitFor(
      async () =>
        (await db().device.findUniqueOrThrow({ where: { id: deviceId } })).softwareVersion === image.version,
    );
    // The grant's password never appears in clear in the task.
    expect(JSON.stringify(task.request)).not.toMatch(/@127\.0\.0\.1/);
  });
});

describe("the DM listener", () => {
  it("answers a non-POST with 405, a wrong content type with 415, garbage with 400, an unknown session with 404", async () => {
    const url = server.omadmUrl!;
    expect((await fetch(url)).status).toBe(405);
    expect(
      (await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" })).status,
    ).toBe(415);
    const xml = { "content-type": "application/vnd.syncml.dm+xml" };
    expect((await fetch(url, { method: "POST", headers: xml, body: "<SyncML><SyncHdr>" })).status).toBe(400);
    const wbxml = { "content-type": "application/vnd.syncml.dm+wbxml" };
    expect(
      (
        await fetch(url, {
          method: "POST",
          headers: wbxml,
          body: Buffer.from([0x02, 0xa4, 0x01, 0x6a, 0xff, 0xff, 0xff, 0xff, 0x7f]),
        })
      ).status,
    ).toBe(400);
    const big = Buffer.alloc(5000, 0x20);
    expect((await fetch(url, { method: "POST", headers: xml, body: big })).status).toBe(413);
    const minimal = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>2</MsgID><Target><LocURI>${url}</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr><SyncBody><Final/></SyncBody></SyncML>`;
    expect(
      (await fetch(`${url}?s=AAAAAAAAAAAAAAAAAAAAAAAA`, { method: "POST", headers: xml, body: minimal }))
        .status,
    ).toBe(404);
  });
});
