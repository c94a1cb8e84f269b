// DM tasks on a real (embedded) database: protocol-tagged tasks (a CWMP claim never takes an omadm
// task, a DM task is refused for a CWMP device), the DM claim with its attempts cap, answers applied to
// the parameter document, a late answer kept apart, FUMO results by Correlator, nonces used once.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { claimNextTaskOrRelease } from "../tasks/claim";
import { createAccount, findAccount, rotateClientNonce } from "./accounts";
import { finishTask, genericAlert, nextTask } from "./dm-tasks";
import { takeSession } from "./session-lock";
import { insertDmTask, queueDmGet } from "./queue";

const store = useMemoryStoreWithDevice({ serialNumber: "CWMP1" }, { TASK_MAX_ATTEMPTS: "3" });
const DEV = "IMEI:350000000000777";
let cwmpId = 0;
let mobileId = 0;

beforeAll(async () => {
  cwmpId = store.deviceId();
  mobileId = (await db().$transaction((tx) => createAccount(tx, { devId: DEV }))).deviceId;
});

beforeEach(async () => {
  await db().task.deleteMany({});
  await db().deviceFault.deleteMany({});
  await takeSession(mobileId, "t1");
});

const get = (uri: string) => ({ name: "DmGet" as const, uri });
const insert = (deviceId: number, request: Parameters<typeof insertDmTask>[2]) =>
  db().$transaction((tx) => insertDmTask(tx, deviceId, request, { createdBy: "test" }));

describe("protocol-tagged tasks", () => {
  it("a CWMP session never claims an omadm task of its device", async () => {
    const dm = await db().task.create({
      data: { deviceId: cwmpId, protocol: "omadm", name: "DmGet", request: get("./DevInfo/Mod") },
    });
    await db().device.update({
      where: { id: cwmpId },
      data: { sessionId: "s", sessionExpires: new Date(Date.now() + 60_000) },
    });
    expect(await claimNextTaskOrRelease(cwmpId, "s", 60_000)).toBeNull();
    expect((await db().task.findUniqueOrThrow({ where: { id: dm.id } })).state).toBe("queued");
  });

  it("refuses DM tasks for a CWMP device and malformed DM URIs", async () => {
    await expect(insert(cwmpId, get("./DevInfo/Mod"))).rejects.toMatchObject({ code: "conflict" });
    await expect(queueDmGet({ id: 1, username: "x" }, mobileId, "DevInfo/Mod")).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(insert(mobileId, get("./a/../b"))).rejects.toThrow();
  });
});

describe("the DM claim", () => {
  it("sends a task again until the attempts cap, then ends it as a fault", async () => {
    const id = await insert(mobileId, get("./DevInfo/Lang"));
    for (let attempt = 1; attempt <= 3; attempt++) expect((await nextTask(mobileId, "t1"))?.taskId).toBe(id);
    expect(await nextTask(mobileId, "t1")).toBeNull();
    const task = await db().task.findUniqueOrThrow({ where: { id } });
    expect(task).toMatchObject({ state: "fault", attempts: 3, faultString: "no answer after 3 attempts" });
    expect(await db().deviceFault.count({ where: { taskId: id } })).toBe(1);
  });

  it("applies a Get's results to the document and the firmware column; a late answer changes nothing", async () => {
    const id = await insert(mobileId, get("./DevDetail/FwV"));
    expect((await nextTask(mobileId, "t1"))?.commands).toEqual([{ kind: "Get", uri: "./DevDetail/FwV" }]);
    const answers = [
      {
        kind: "Get" as const,
        uri: "./DevDetail/FwV",
        status: 200,
        results: [{ uri: "./DevDetail/FwV", format: "chr", data: "4.1" }],
      },
    ];
    await finishTask(mobileId, id, { kind: "done", answers });
    const device = await db().device.findUniqueOrThrow({ where: { id: mobileId } });
    expect(device.softwareVersion).toBe("4.1");
    expect(
      (device.parameters as Record<string, { v?: string; t?: string }>)["./DevDetail/FwV"],
    ).toMatchObject({ v: "4.1", t: "chr" });
    await finishTask(mobileId, id, {
      kind: "done",
      answers: [{ ...answers[0]!, results: [{ uri: "./DevDetail/FwV", data: "9.9" }] }],
    });
    expect((await db().device.findUniqueOrThrow({ where: { id: mobileId } })).softwareVersion).toBe("4.1");
    expect((await db().task.findUniqueOrThrow({ where: { id } })).result).toHaveProperty("lateAnswer");
  });

  it("ends a waiting FUMO update by its Correlator: success done, a FUMO error code a fault", async () => {
    const fumo = (correlator: string) =>
      insert(mobileId, {
        name: "FumoUpdate",
        node: "./FUMO/1",
        imageId: 1,
        pkgUrlSealed: "x",
        correlator,
        pkgUrlLeaf: "DownloadAndUpdate/PkgURL",
      });
    const ok = await fumo("c-ok");
    const bad = await fumo("c-bad");
    await db().task.updateMany({ where: { id: { in: [ok, bad] } }, data: { state: "waiting" } });
    const type = "org.openmobilealliance.dm.firmwareupdate.downloadandupdate";
    await genericAlert(mobileId, {
      source: "./FUMO/1",
      type,
      format: "int",
      data: "410",
      correlator: "c-bad",
    });
    await genericAlert(mobileId, {
      source: "./FUMO/1",
      type,
      format: "int",
      data: "200",
      correlator: "c-ok",
    });
    expect(await db().task.findUniqueOrThrow({ where: { id: ok } })).toMatchObject({ state: "done" });
    expect(await db().task.findUniqueOrThrow({ where: { id: bad } })).toMatchObject({
      state: "fault",
      faultCode: 410,
      faultString: "FUMO result 410: firmware update failed",
    });
    expect(await db().deviceEvent.count({ where: { deviceId: mobileId, type: "GenericAlert" } })).toBe(2);
  });
});

describe("the device's DM session", () => {
  it("belongs to the latest authenticated session: an older one gets no task, and it ends when nothing is left", async () => {
    const id = await insert(mobileId, get("./DevInfo/Lang"));
    await takeSession(mobileId, "t2");
    expect(await nextTask(mobileId, "t1")).toBeNull();
    expect((await db().task.findUniqueOrThrow({ where: { id } })).state).toBe("queued");
    expect((await nextTask(mobileId, "t2"))?.taskId).toBe(id);
    await finishTask(mobileId, id, { kind: "fault", code: 500, message: "x", answers: [] });
    expect(await nextTask(mobileId, "t2")).toBeNull();
    expect((await db().device.findUniqueOrThrow({ where: { id: mobileId } })).sessionId).toBeNull();
  });

  it("ends a task whose Status code does not fit the integer column (a handset's 4294967295)", async () => {
    const id = await insert(mobileId, get("./DevInfo/Mod"));
    await takeSession(mobileId, "t3");
    expect((await nextTask(mobileId, "t3"))?.taskId).toBe(id);
    await finishTask(mobileId, id, {
      kind: "fault",
      code: 4_294_967_295,
      message: "Get: 4294967295",
      answers: [],
    });
    const task = await db().task.findUniqueOrThrow({ where: { id } });
    expect(task).toMatchObject({ state: "fault", faultCode: 0, faultString: "Get: 4294967295" });
  });
});

describe("accounts", () => {
  it("keeps passwords sealed and lets a client nonce be used once", async () => {
    const row = await db().omaDmAccount.findUniqueOrThrow({ where: { deviceId: mobileId } });
    const account = (await findAccount(DEV))!;
    expect(row.clientPasswordSealed).not.toContain(account.clientPassword);
    expect(await rotateClientNonce(account, account.clientNonce, "bmV4dA==")).toBe(true);
    expect(await rotateClientNonce(account, account.clientNonce, "YWdhaW4=")).toBe(false);
    expect((await findAccount(DEV))!.clientNonce).toBe("bmV4dA==");
  });
});
