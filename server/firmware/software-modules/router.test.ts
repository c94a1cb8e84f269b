// The softwareModules router against a database (no CPE): who may do what, the units read from the
// stored tree, refusals for wrong input, and no credentials in what it returns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENT_UNIT_TYPE } from "../../../lib/firmware/file-types";
import { callerAs, errorCodeOf } from "../../api/test-callers";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { setFileServerUrl } from "../file-base";

const UUID = "11111111-2222-4333-8444-555555555555";
const SM = "Device.SoftwareModules.";
const ts = Date.now();
let store: Store;
let stbId = 0;
let gwId = 0;
let appId = 0;
let firmwareId = 0;
const operators = new Map<Role, number>();

const api = (role: Role) => callerAs({ id: operators.get(role)!, username: `op-${role}`, role });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  setFileServerUrl("http://127.0.0.1:1");
  for (const role of ["admin", "helpdesk", "product", "viewer"] as const) {
    const op = await db().operator.create({ data: { username: `op-${role}`, passwordHash: "x", role } });
    operators.set(role, op.id);
  }
  const v = (value: string, t = "string") => ({ v: value, t, ts });
  stbId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB-4K",
        serialNumber: "STB1",
        manufacturer: "Test",
        kind: "STB",
        rootObject: "Device",
        lastInform: { create: { informedAt: new Date() } },
        parameters: {
          [`${SM}DeploymentUnit.1.UUID`]: v(UUID),
          [`${SM}DeploymentUnit.1.Name`]: v("Weather"),
          [`${SM}DeploymentUnit.1.Version`]: v("1.0"),
          [`${SM}DeploymentUnit.1.Vendor`]: v("Vantage Labs"),
          [`${SM}DeploymentUnit.1.Status`]: v("Installed"),
          [`${SM}DeploymentUnit.1.Resolved`]: v("true", "boolean"),
          [`${SM}DeploymentUnit.1.ExecutionUnitList`]: v(`${SM}ExecutionUnit.1`),
          [`${SM}ExecutionUnit.1.EUID`]: v("eu-1"),
          [`${SM}ExecutionUnit.1.Name`]: v("Weather"),
          [`${SM}ExecutionUnit.1.Status`]: v("Active"),
          [`${SM}ExecutionUnit.2.Name`]: v("system-agent"),
          [`${SM}ExecutionUnit.2.Status`]: v("Idle"),
        },
      },
    })
  ).id;
  gwId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "HGW",
        serialNumber: "GW1",
        manufacturer: "Test",
        rootObject: "InternetGatewayDevice",
      },
    })
  ).id;
  const image = (fileType: string, version: string, duUuid = "") =>
    db().firmwareImage.create({
      data: {
        fileName: `app-${version}.du`,
        storageName: `s-${fileType.length}-${version}`,
        size: 100n,
        sha256: "0".repeat(64),
        md5: "0".repeat(32),
        fileType,
        version,
        originator: "Demo",
        duUuid,
        state: "published",
        publishedAt: new Date(),
      },
    });
  appId = (await image(DEPLOYMENT_UNIT_TYPE, "1.1", UUID)).id;
  firmwareId = (await image("1 Firmware Upgrade Image", "9.9")).id;
});

afterAll(async () => {
  await store.close();
});

describe("softwareModules router", () => {
  it("lists units with their execution units from the stored tree (any role)", async () => {
    const list = await api("viewer").softwareModules.list({ deviceId: stbId });
    expect(list.supported).toBe(true);
    expect(list.deploymentUnits).toEqual([
      expect.objectContaining({
        path: `${SM}DeploymentUnit.1`,
        uuid: UUID,
        name: "Weather",
        version: "1.0",
        resolved: true,
        executionUnits: [expect.objectContaining({ path: `${SM}ExecutionUnit.1`, status: "Active" })],
      }),
    ]);
    expect(list.otherExecutionUnits.map((e) => e.name)).toEqual(["system-agent"]);
    expect((await api("viewer").softwareModules.list({ deviceId: gwId })).supported).toBe(false);
  });

  it("offers the store's DU images only, and refuses installs by role or to TR-098", async () => {
    const available = await api("product").softwareModules.available({ deviceId: stbId });
    expect(available.map((a) => a.id)).toEqual([appId]);
    expect(
      await errorCodeOf(api("viewer").softwareModules.install({ deviceId: stbId, imageId: appId })),
    ).toBe("FORBIDDEN");
    expect(
      await errorCodeOf(api("helpdesk").softwareModules.install({ deviceId: stbId, imageId: appId })),
    ).toBe("FORBIDDEN");
    expect(
      await errorCodeOf(api("product").softwareModules.install({ deviceId: stbId, imageId: firmwareId })),
    ).toBe("NOT_FOUND");
    expect(
      await errorCodeOf(api("product").softwareModules.install({ deviceId: gwId, imageId: appId })),
    ).toBe("CONFLICT");
  });

  it("updates an installed unit (same UUID) and shows it pending without credentials", async () => {
    const r = await api("product").softwareModules.install({ deviceId: stbId, imageId: appId });
    const task = await db().task.findUniqueOrThrow({ where: { id: r.taskIds[0] } });
    expect(task.request).toMatchObject({ name: "ChangeDUState", operations: [{ op: "Update", uuid: UUID }] });
    const list = await api("viewer").softwareModules.list({ deviceId: stbId });
    expect(list.pending).toEqual([
      expect.objectContaining({ taskId: task.id, operation: "Update", imageId: appId, version: "1.1" }),
    ]);
    expect(JSON.stringify(list)).not.toMatch(/password|username/i);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "app.update" } });
    expect(JSON.stringify(audit.after)).not.toMatch(/password/i);
  });

  it("uninstalls by UUID with the installed version; refuses an unknown UUID", async () => {
    const r = await api("admin").softwareModules.uninstall({ deviceId: stbId, uuid: UUID });
    const task = await db().task.findUniqueOrThrow({ where: { id: r.taskIds[0] } });
    expect(task.request).toMatchObject({ operations: [{ op: "Uninstall", uuid: UUID, version: "1.0" }] });
    expect(
      await errorCodeOf(
        api("admin").softwareModules.uninstall({
          deviceId: stbId,
          uuid: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await errorCodeOf(api("admin").softwareModules.uninstall({ deviceId: stbId, uuid: "nope" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("starts/stops an execution unit with devices.write (help desk yes, product no)", async () => {
    const r = await api("helpdesk").softwareModules.setRunning({
      deviceId: stbId,
      path: `${SM}ExecutionUnit.1`,
      running: false,
    });
    const task = await db().task.findUniqueOrThrow({ where: { id: r.taskIds[0] } });
    expect(task.request).toMatchObject({
      name: "SetParameterValues",
      parameterList: [{ name: `${SM}ExecutionUnit.1.RequestedState`, value: "Idle" }],
    });
    expect(
      await errorCodeOf(
        api("product").softwareModules.setRunning({
          deviceId: stbId,
          path: `${SM}ExecutionUnit.1`,
          running: true,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await errorCodeOf(
        api("helpdesk").softwareModules.setRunning({
          deviceId: stbId,
          path: `${SM}ExecutionUnit.9`,
          running: true,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await errorCodeOf(
        api("helpdesk").softwareModules.setRunning({
          deviceId: stbId,
          path: "Device.DeviceInfo.",
          running: true,
        }),
      ),
    ).toBe("BAD_REQUEST");
  });
});
