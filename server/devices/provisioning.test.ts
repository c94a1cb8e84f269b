// Provisioning against a real (in-memory) store: first-contact work is never queued twice while an
// identical set is pending, and the connection-request username the device reports wins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcsRequest } from "../cwmp/soap/types";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { openSecret } from "../secrets-file";
import { makeInform } from "../../tests/support/scripted-cpe";
import { ACS_CREDENTIALS_CREATOR, digestHa1, dropPendingAfterFault } from "../identity/credentials";
import {
  provisionAfterInform,
  reconcileConnectionRequestCredentials,
  requestSignature,
} from "./provisioning";

let store: Store;
let deviceId = 0;
const USERNAME = "Device.ManagementServer.ConnectionRequestUsername";
const PASSWORD = "Device.ManagementServer.ConnectionRequestPassword";

// ACS credentials off unless a test asks: the connection-request tests count exact task lists.
const settingsWith = (provision: boolean, acs: Record<string, string> = {}) =>
  overrideSettings({
    LOG_LEVEL: "silent",
    CWMP_PROVISION_CR_CREDENTIALS: provision ? "true" : "false",
    CWMP_PROVISION_ACS_CREDENTIALS: "false",
    ...acs,
  });

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

describe("per-device ACS credentials", () => {
  const ACS = { CWMP_PROVISION_ACS_CREDENTIALS: "true", CWMP_AUTH: "digest", CWMP_REALM: "Vantage ACS" };
  const identity = () =>
    db().device.findUniqueOrThrow({
      where: { id: deviceId },
      select: { cwmpUsername: true, cwmpHa1: true, cwmpPendingUsername: true, cwmpPendingHa1: true },
    });
  const credentialTasks = () =>
    db().task.findMany({ where: { deviceId, createdBy: ACS_CREDENTIALS_CREATOR }, orderBy: { id: "asc" } });

  it("sends them once, as a task of their own, and keeps only the HA1 of the password it carries", async () => {
    settingsWith(true, ACS);
    const inform = makeInform("PROV1", ["0 BOOTSTRAP", "1 BOOT"]);
    await provisionAfterInform(deviceId, inform, true, "Device");
    await provisionAfterInform(deviceId, inform, false, "Device");
    const tasks = await credentialTasks();
    expect(tasks).toHaveLength(1);
    const request = tasks[0]?.request as unknown as AcsRequest;
    if (request.name !== "SetParameterValues") throw new Error("expected a SetParameterValues");
    expect(request.parameterList.map((p) => p.name)).toEqual([
      "Device.ManagementServer.Username",
      "Device.ManagementServer.Password",
    ]);
    // The password as the CPE receives it (task requests may hold secret values sealed at rest).
    const [username, password] = request.parameterList.map((p) => openSecret(p.value));
    expect(username).toBe(`00D09E-PROV1-${deviceId}`);
    expect(password?.length).toBeGreaterThanOrEqual(20);
    const stored = await identity();
    expect(stored).toEqual({
      cwmpUsername: null,
      cwmpHa1: null,
      cwmpPendingUsername: username,
      cwmpPendingHa1: digestHa1(username!, "Vantage ACS", password!),
    });
    expect(JSON.stringify(await db().device.findUniqueOrThrow({ where: { id: deviceId } }))).not.toContain(
      password,
    );
    // The connection-request set is another task: a CPE that refuses one keeps the other.
    expect((await pending()).filter((r) => r.name === "SetParameterValues")).toHaveLength(2);
  });

  it("sanitises the username to characters every CPE takes", async () => {
    settingsWith(true, ACS);
    const odd = await db().device.create({
      data: {
        oui: "00:D0 9E",
        productClass: "X",
        serialNumber: "S/N é 1",
        manufacturer: "A",
        rootObject: "Device",
      },
    });
    await provisionAfterInform(odd.id, makeInform("S/N é 1", ["0 BOOTSTRAP"]), true, "Device");
    const device = await db().device.findUniqueOrThrow({ where: { id: odd.id } });
    expect(device.cwmpPendingUsername).toBe(`00_D0_9E-S_N___1-${odd.id}`);
  });

  it("sends none to a device with confirmed credentials, nor with CWMP_AUTH=none or the setting off", async () => {
    await db().device.update({ where: { id: deviceId }, data: { cwmpUsername: "own", cwmpHa1: "x" } });
    settingsWith(true, ACS);
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 BOOTSTRAP"]), false, "Device");
    await db().device.update({ where: { id: deviceId }, data: { cwmpUsername: null, cwmpHa1: null } });
    settingsWith(true, { ...ACS, CWMP_AUTH: "none" });
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 BOOTSTRAP"]), false, "Device");
    settingsWith(true, { ...ACS, CWMP_PROVISION_ACS_CREDENTIALS: "false" });
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 BOOTSTRAP"]), false, "Device");
    expect(await credentialTasks()).toEqual([]);
    expect((await identity()).cwmpPendingUsername).toBeNull();
  });

  it("drops the pending credentials when their task ends in a fault, and only then", async () => {
    settingsWith(true, ACS);
    await provisionAfterInform(deviceId, makeInform("PROV1", ["0 BOOTSTRAP"]), true, "Device");
    const [task] = await credentialTasks();
    const other = await db().task.findFirstOrThrow({ where: { deviceId, name: "GetParameterNames" } });
    await db().task.update({ where: { id: other.id }, data: { state: "fault" } });
    await dropPendingAfterFault(deviceId, other.id);
    await dropPendingAfterFault(deviceId, task!.id);
    expect((await identity()).cwmpPendingUsername).not.toBeNull();
    await db().task.update({ where: { id: task!.id }, data: { state: "fault" } });
    await dropPendingAfterFault(deviceId, task!.id);
    expect(await identity()).toMatchObject({ cwmpPendingUsername: null, cwmpPendingHa1: null });
  });
});
