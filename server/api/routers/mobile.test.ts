import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
let mobileId = 0;
let gatewayId = 0;
const operators = new Map<Role, number>();
const ts = Date.now() - 60_000;
const IMEI = "IMEI:490154203237518";

const api = (role: Role) => callerAs({ id: operators.get(role)!, username: `op-${role}`, role });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const role of ["admin", "helpdesk", "product", "viewer"] as const) {
    const op = await db().operator.create({ data: { username: `op-${role}`, passwordHash: "x", role } });
    operators.set(role, op.id);
  }
  const mobile = await db().device.create({
    data: {
      oui: "",
      productClass: "",
      serialNumber: IMEI,
      kind: "MOBILE",
      protocol: "omadm",
      manufacturer: "Vantage Labs",
      modelName: "VL-1",
      softwareVersion: "1.0.0",
      rootObject: "",
      parameters: {
        "./DevInfo/DevId": { v: IMEI, t: "chr", ts },
        "./DevInfo/Man": { v: "Vantage Labs", t: "chr", ts },
        "./DevInfo/DmV": { v: "1.2", t: "chr", ts },
        "./DevInfo/Lang": { v: "en-US", t: "chr", ts },
        "./DevDetail/FwV": { v: "1.0.0", t: "chr", ts },
        "./FUMO/1": { v: "PkgName/Download/State", t: "node", ts },
      },
    },
  });
  mobileId = mobile.id;
  const gw = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "HGW",
      serialNumber: "GW1",
      kind: "GATEWAY",
      rootObject: "Device",
      manufacturer: "T",
    },
  });
  gatewayId = gw.id;
});

afterAll(async () => {
  await store.close();
});

describe("mobile router", () => {
  it("shows the summary and the tree to a viewer", async () => {
    const summary = await api("viewer").mobile.summary({ id: mobileId });
    expect(summary).toMatchObject({
      devId: IMEI,
      manufacturer: "Vantage Labs",
      dmVersion: "1.2",
      language: "en-US",
      firmwareVersion: "1.0.0",
      protocol: "omadm",
      wakeable: false,
    });
    const root = await api("viewer").mobile.tree({ id: mobileId, path: "." });
    expect(root.children.map((c) => [c.name, c.interior])).toEqual([
      ["DevDetail", true],
      ["DevInfo", true],
      ["DMAcc", true],
      ["FUMO", true],
    ]);
    const fumo = await api("viewer").mobile.tree({ id: mobileId, path: "./FUMO/1" });
    // Names from the interior Get's child list, not read yet.
    expect(fumo.children.map((c) => [c.name, c.value])).toEqual([
      ["Download", null],
      ["PkgName", null],
      ["State", null],
    ]);
    const info = await api("viewer").mobile.tree({ id: mobileId, path: "./DevInfo" });
    expect(info.children.find((c) => c.name === "Lang")).toMatchObject({ value: "en-US", interior: false });
    expect(info.task).toBeNull();
  });

  it("refuses writes to a viewer and FUMO to a help-desk agent, queuing nothing", async () => {
    const before = await db().task.count();
    expect(await errorCodeOf(api("viewer").mobile.get({ id: mobileId, path: "./DevInfo" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await errorCodeOf(api("viewer").mobile.replace({ id: mobileId, path: "./DevInfo/Lang", value: "x" })),
    ).toBe("FORBIDDEN");
    expect(await errorCodeOf(api("viewer").mobile.exec({ id: mobileId, path: "./Ext/Reboot" }))).toBe(
      "FORBIDDEN",
    );
    expect(await errorCodeOf(api("helpdesk").mobile.fumo({ id: mobileId, imageId: 1 }))).toBe("FORBIDDEN");
    expect(await db().task.count()).toBe(before);
  });

  it("queues DM tasks for a help-desk agent and shows the open one on the node", async () => {
    const got = await api("helpdesk").mobile.get({ id: mobileId, path: "./DevInfo" });
    const replaced = await api("helpdesk").mobile.replace({
      id: mobileId,
      path: "./DevInfo/Lang",
      value: "fr-FR",
    });
    const tasks = await db().task.findMany({ where: { id: { in: [got.taskId, replaced.taskId] } } });
    expect(tasks.map((t) => [t.protocol, t.name, t.state])).toEqual([
      ["omadm", "DmGet", "queued"],
      ["omadm", "DmReplace", "queued"],
    ]);
    const info = await api("viewer").mobile.tree({ id: mobileId, path: "./DevInfo" });
    expect(info.task).toMatchObject({ id: got.taskId, name: "DmGet", state: "queued" });
    const listed = await api("viewer").device.tasks({ id: mobileId });
    expect(listed.map((t) => t.name)).toEqual(["DmReplace", "DmGet"]);
  });

  it("retries a failed DM task as a new omadm task (the task list's Retry)", async () => {
    const { taskId } = await api("helpdesk").mobile.exec({ id: mobileId, path: "./Ext/Reboot" });
    await db().task.update({ where: { id: taskId }, data: { state: "fault" } });
    expect(await errorCodeOf(api("viewer").device.retryTask({ id: mobileId, taskId }))).toBe("FORBIDDEN");
    const retried = await api("helpdesk").device.retryTask({ id: mobileId, taskId });
    const task = await db().task.findUniqueOrThrow({ where: { id: retried.taskIds[0]! } });
    expect(task).toMatchObject({ protocol: "omadm", name: "DmExec", state: "queued" });
    expect(task.request).toMatchObject({ name: "DmExec", uri: "./Ext/Reboot" });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: "task.retry", deviceId: mobileId },
    });
    expect(audit.target).toBe(`DmExec #${taskId}`);
  });

  it("rejects bad URIs and CWMP devices with clear errors", async () => {
    expect(await errorCodeOf(api("helpdesk").mobile.get({ id: mobileId, path: "DevInfo/../x" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await errorCodeOf(api("viewer").mobile.tree({ id: gatewayId, path: "." }))).toBe("CONFLICT");
    expect(await errorCodeOf(api("helpdesk").mobile.get({ id: gatewayId, path: "./DevInfo" }))).toBe(
      "CONFLICT",
    );
    expect(await errorCodeOf(api("viewer").mobile.summary({ id: 999_999 }))).toBe("NOT_FOUND");
  });
});
