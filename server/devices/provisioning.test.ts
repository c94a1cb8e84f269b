// Provisioning against a real (in-memory) store: first-contact work is never queued twice while an
// identical set is pending, and the connection-request username the device reports wins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcsRequest } from "../cwmp/soap/types";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { makeInform } from "../../tests/support/scripted-cpe";
import {
  provisionAfterInform,
  reconcileConnectionRequestCredentials,
  requestSignature,
} from "./provisioning";

let store: Store;
let deviceId = 0;
const USERNAME = "Device.ManagementServer.ConnectionRequestUsername";
const PASSWORD = "Device.ManagementServer.ConnectionRequestPassword";

const settingsWith = (provision: boolean) =>
  overrideSettings({ LOG_LEVEL: "silent", CWMP_PROVISION_CR_CREDENTIALS: provision ? "true" : "false" });

async function pending() {
  const tasks = await db().task.findMany({
    where: { deviceId, state: { in: ["queued", "sent"] } },
    orderBy: { id: "asc" },
  });
  return tasks.map((t) => t.request as unknown as AcsRequest);
}

beforeAll(async () => {
  settingsWith(true);
  store = await openStore({ dataDir: "memory:" });
});
afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  settingsWith(true);
  await db().task.deleteMany({});
  await db().device.deleteMany({});
  const device = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "IPTV-STB",
      serialNumber: "PROV1",
      manufacturer: "Acme",
      kind: "STB",
      rootObject: "Device",
    },
  });
  deviceId = device.id;
});

describe("first-contact provisioning", () => {
  it("leaves one pending set for a device that bootstraps three times in a row", async () => {
    const inform = makeInform("PROV1", ["0 BOOTSTRAP", "1 BOOT"]);
    await provisionAfterInform(deviceId, inform, true, "Device");
    await provisionAfterInform(deviceId, inform, false, "Device");
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 Bootstrap"]), false, "Device");
    const requests = await pending();
    expect(requests.map((r) => r.name)).toEqual([
      "SetParameterValues",
      "GetParameterNames",
      "GetParameterValues",
    ]);
    const spv = requests[0];
    if (spv?.name !== "SetParameterValues") throw new Error("expected the credentials first");
    expect(spv.parameterList.map((p) => p.name)).toEqual([USERNAME, PASSWORD]);
  });

  it("counts a sent set as pending, and queues again once the set has ended", async () => {
    const inform = makeInform("PROV1", ["0 BOOTSTRAP"]);
    await provisionAfterInform(deviceId, inform, true, "Device");
    const first = await db().task.findFirstOrThrow({ where: { deviceId }, orderBy: { id: "asc" } });
    await db().task.update({ where: { id: first.id }, data: { state: "sent" } });
    await provisionAfterInform(deviceId, inform, false, "Device");
    expect(await db().task.count({ where: { deviceId } })).toBe(3);

    await db().task.updateMany({ where: { deviceId }, data: { state: "done" } });
    await provisionAfterInform(deviceId, inform, false, "Device");
    expect(await pending()).toHaveLength(3);
  });

  it("adds only the part of the set that is not already pending", async () => {
    await db().task.create({
      data: {
        deviceId,
        name: "GetParameterNames",
        request: { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false },
      },
    });
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 BOOTSTRAP"]), false, "Device");
    expect((await pending()).map((r) => r.name)).toEqual([
      "GetParameterNames",
      "SetParameterValues",
      "GetParameterValues",
    ]);
  });

  it("reads the standard diagnostics objects on DIAGNOSTICS COMPLETE when the tree is not known, once", async () => {
    const inform = makeInform("PROV1", ["8 DIAGNOSTICS COMPLETE"]);
    await provisionAfterInform(deviceId, inform, false, "Device");
    await provisionAfterInform(deviceId, inform, false, "Device");
    expect(await pending()).toEqual([
      {
        name: "GetParameterValues",
        parameterNames: ["Device.IP.Diagnostics.IPPing.", "Device.IP.Diagnostics.TraceRoute."],
      },
    ]);
  });
});

describe("requestSignature", () => {
  it("ignores values and name order, distinguishes kinds and paths", () => {
    const spv = (names: string[], value: string): AcsRequest => ({
      name: "SetParameterValues",
      parameterList: names.map((name) => ({ name, value, type: "string" })),
      parameterKey: "k",
    });
    expect(requestSignature(spv([USERNAME, PASSWORD], "a"))).toBe(
      requestSignature(spv([PASSWORD, USERNAME], "b")),
    );
    expect(requestSignature(spv([USERNAME], "a"))).not.toBe(requestSignature(spv([USERNAME, PASSWORD], "a")));
    expect(
      requestSignature({ name: "GetParameterNames", parameterPath: "Device.", nextLevel: false }),
    ).not.toBe(requestSignature({ name: "GetParameterNames", parameterPath: "Device.", nextLevel: true }));
    expect(requestSignature({ name: "GetParameterValues", parameterNames: ["Device."] })).not.toBe(
      requestSignature({ name: "GetParameterNames", parameterPath: "Device.", nextLevel: false }),
    );
  });
});

describe("reported connection-request username", () => {
  const setCredentials = (username: string | null) =>
    db().device.update({
      where: { id: deviceId },
      data: { connectionRequestUsername: username, connectionRequestPassword: "ours" },
    });
  const stored = () =>
    db().device.findUniqueOrThrow({
      where: { id: deviceId },
      select: { connectionRequestUsername: true, connectionRequestPassword: true },
    });

  it("stores the reported username, keeps our password, and provisions the credentials again once", async () => {
    await setCredentials("cr-PROV1");
    await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "admin"]]));
    expect(await stored()).toEqual({ connectionRequestUsername: "admin", connectionRequestPassword: "ours" });
    const requests = await pending();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      name: "SetParameterValues",
      parameterList: [
        { name: USERNAME, value: "cr-PROV1" },
        { name: PASSWORD, type: "string" },
      ],
    });

    // The device reverts again before the set ran: nothing more is queued.
    await setCredentials("cr-PROV1");
    await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "admin"]]));
    expect(await pending()).toHaveLength(1);
  });

  it("does nothing when the reported username is ours, absent, or Vantage never set one", async () => {
    await setCredentials("cr-PROV1");
    await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "cr-PROV1"]]));
    await reconcileConnectionRequestCredentials(
      deviceId,
      new Map([["Device.DeviceInfo.SoftwareVersion", "1"]]),
    );
    expect((await stored()).connectionRequestUsername).toBe("cr-PROV1");
    await setCredentials(null);
    await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "admin"]]));
    expect((await stored()).connectionRequestUsername).toBeNull();
    expect(await pending()).toEqual([]);
  });

  it("only stores the reported username when credential provisioning is off", async () => {
    settingsWith(false);
    await setCredentials("cr-PROV1");
    await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "admin"]]));
    expect((await stored()).connectionRequestUsername).toBe("admin");
    expect(await pending()).toEqual([]);
  });

  it("stops provisioning a device that keeps reverting its credentials", async () => {
    for (let i = 0; i < 5; i++) {
      await setCredentials("cr-PROV1");
      await reconcileConnectionRequestCredentials(deviceId, new Map([[USERNAME, "admin"]]));
      // Each set runs and succeeds; the device reverts it again at its next report.
      await db().task.updateMany({ where: { deviceId }, data: { state: "done" } });
    }
    expect(await db().task.count({ where: { deviceId } })).toBe(3);
  });
});
