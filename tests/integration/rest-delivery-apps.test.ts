// REST firmware delivery to one device and its apps through the real /api/v1 handler on a real
// database: sendable images, a send queued twice with one Idempotency-Key (one task) and the key reused
// for another body (422), the transfer listed, refusals (deployment unit 422, unknown device 404, bad
// field 422, under-scoped 403), an upload request and the uploaded files' metadata; apps listed,
// offered, installed (idempotent), uninstalled, started, with the console's input rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENT_UNIT_TYPE } from "../../lib/firmware/file-types";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import { setFileServerUrl } from "../../server/firmware/file-base";
import type { Role } from "../../server/generated/prisma/enums";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import { freshDatabaseUrl } from "../support/test-server";

const UUID = "11111111-2222-4333-8444-555555555555";
const SM = "Device.SoftwareModules.";
let store: Store;
const tokens = {} as Record<Role, { token: string; operatorId: number }>;
let stbId = 0;
let gwId = 0;
let appId = 0;
let firmwareId = 0;

interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  setFileServerUrl("http://127.0.0.1:1");
  for (const role of ["admin", "helpdesk", "viewer"] as const) tokens[role] = await addTestToken({ role });
  const ts = Date.now();
  const v = (value: string, t = "string") => ({ v: value, t, ts });
  stbId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "STB-4K",
        serialNumber: "REST-STB1",
        manufacturer: "Test",
        kind: "STB",
        rootObject: "Device",
        lastInform: { create: { informedAt: new Date() } },
        parameters: {
          [`${SM}DeploymentUnit.1.UUID`]: v(UUID),
          [`${SM}DeploymentUnit.1.Name`]: v("Weather"),
          [`${SM}DeploymentUnit.1.Version`]: v("1.0"),
          [`${SM}DeploymentUnit.1.Status`]: v("Installed"),
          [`${SM}DeploymentUnit.1.ExecutionUnitList`]: v(`${SM}ExecutionUnit.1`),
          [`${SM}ExecutionUnit.1.EUID`]: v("eu-1"),
          [`${SM}ExecutionUnit.1.Name`]: v("Weather"),
          [`${SM}ExecutionUnit.1.Status`]: v("Idle"),
        },
      },
    })
  ).id;
  gwId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "HGW",
        serialNumber: "REST-GW1",
        manufacturer: "Test",
        rootObject: "InternetGatewayDevice",
      },
    })
  ).id;
  const image = (fileType: string, version: string, duUuid = "") =>
    db().firmwareImage.create({
      data: {
        fileName: `img-${version}.bin`,
        storageName: `rest-${fileType.length}-${version}`,
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
}, 60_000);

afterAll(async () => {
  await store?.close();
});

async function call<T = Record<string, unknown>>(
  role: Role,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await handleApiRequest(
    new Request(`http://127.0.0.1/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role].token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as T };
}

const tasksOf = (deviceId: number, name: string) => db().task.count({ where: { deviceId, name } });

describe("REST firmware delivery", () => {
  it("lists the images a device may be sent", async () => {
    const res = await call<{ id: number; version: string; offered: boolean }[]>(
      "viewer",
      "GET",
      `/devices/${stbId}/firmware/images`,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((i) => i.id)).toContain(firmwareId);
    expect(res.body.map((i) => i.id)).not.toContain(appId);
  });

  it("sends an image once per Idempotency-Key, lists the transfer, refuses the key for another body", async () => {
    const key = { "idempotency-key": "send-1" };
    const body = { imageId: firmwareId, commandKey: "rest-1", force: true };
    const first = await call<{ taskId: number }>("admin", "POST", `/devices/${stbId}/firmware`, body, key);
    expect(first.status).toBe(200);
    const again = await call<{ taskId: number }>("admin", "POST", `/devices/${stbId}/firmware`, body, key);
    expect(again.body.taskId).toBe(first.body.taskId);
    expect(await tasksOf(stbId, "Download")).toBe(1);
    const other = await call<ErrorBody>(
      "admin",
      "POST",
      `/devices/${stbId}/firmware`,
      { ...body, commandKey: "rest-2" },
      key,
    );
    expect(other.status).toBe(422);

    const transfers = await call<{ id: number; commandKey: string; state: string }[]>(
      "viewer",
      "GET",
      `/devices/${stbId}/firmware/transfers`,
    );
    expect(transfers.status).toBe(200);
    expect(transfers.body).toEqual([
      expect.objectContaining({ id: first.body.taskId, commandKey: "rest-1", state: "queued" }),
    ]);
    const requests = await call<unknown[]>("viewer", "GET", `/devices/${stbId}/firmware/requests`);
    expect(requests).toEqual({ status: 200, body: [] });
  });

  it("refuses a deployment unit, an unknown device, a bad field and a token without firmware.rollout", async () => {
    const du = await call<ErrorBody>("admin", "POST", `/devices/${stbId}/firmware`, { imageId: appId });
    expect(du.status).toBe(422);
    const missing = await call<ErrorBody>("admin", "POST", `/devices/999999/firmware`, {
      imageId: firmwareId,
    });
    expect(missing.status).toBe(404);
    const bad = await call<ErrorBody>("admin", "POST", `/devices/${stbId}/firmware`, {
      imageId: firmwareId,
      commandKey: "é",
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fieldErrors ?? {})).toContain("commandKey");
    const slash = await call<ErrorBody>("admin", "POST", `/devices/${stbId}/firmware`, {
      imageId: firmwareId,
      targetFileName: "../etc/passwd",
    });
    expect(slash.status).toBe(422);
    const viewer = await call<ErrorBody>("viewer", "POST", `/devices/${stbId}/firmware`, {
      imageId: firmwareId,
    });
    expect(viewer.status).toBe(403);
    expect(await tasksOf(stbId, "Download")).toBe(1);
  });

  it("asks for an upload once per key and lists the uploaded files' metadata", async () => {
    const key = { "idempotency-key": "upload-1" };
    const body = { fileType: "2 Vendor Log File" };
    const first = await call<{ taskId: number }>("helpdesk", "POST", `/devices/${stbId}/uploads`, body, key);
    expect(first.status).toBe(200);
    const again = await call<{ taskId: number }>("helpdesk", "POST", `/devices/${stbId}/uploads`, body, key);
    expect(again.body.taskId).toBe(first.body.taskId);
    expect(await tasksOf(stbId, "Upload")).toBe(1);
    const wrong = await call<ErrorBody>("helpdesk", "POST", `/devices/${stbId}/uploads`, { fileType: "3 x" });
    expect(wrong.status).toBe(422);

    await db().deviceFile.create({
      data: {
        deviceId: stbId,
        taskId: first.body.taskId,
        fileType: "2 Vendor Log File",
        fileName: "log.txt",
        storageName: "rest-log-1",
        size: 12n,
        sha256: "a".repeat(64),
      },
    });
    const files = await call<Record<string, unknown>[]>("admin", "GET", `/devices/${stbId}/files`);
    expect(files.status).toBe(200);
    expect(files.body).toEqual([
      expect.objectContaining({ taskId: first.body.taskId, fileName: "log.txt", size: 12 }),
    ]);
    expect(files.body[0]).not.toHaveProperty("storageName");
  });
});

describe("REST apps", () => {
  it("lists a device's units and the store apps it may install", async () => {
    const list = await call<{ supported: boolean; deploymentUnits: { uuid: string }[] }>(
      "viewer",
      "GET",
      `/devices/${stbId}/apps`,
    );
    expect(list.status).toBe(200);
    expect(list.body.supported).toBe(true);
    expect(list.body.deploymentUnits.map((d) => d.uuid)).toEqual([UUID]);
    const gw = await call<{ supported: boolean }>("viewer", "GET", `/devices/${gwId}/apps`);
    expect(gw.body.supported).toBe(false);
    const available = await call<{ id: number; size: number }[]>(
      "viewer",
      "GET",
      `/devices/${stbId}/apps/available`,
    );
    expect(available.body).toEqual([expect.objectContaining({ id: appId, size: 100 })]);
  });

  it("installs once per key, uninstalls, starts; refuses bad input and under-scoped tokens", async () => {
    const key = { "idempotency-key": "install-1" };
    const install = await call<{ taskIds: number[] }>(
      "admin",
      "POST",
      `/devices/${stbId}/apps/install`,
      { imageId: appId },
      key,
    );
    expect(install.status).toBe(200);
    const again = await call<{ taskIds: number[] }>(
      "admin",
      "POST",
      `/devices/${stbId}/apps/install`,
      { imageId: appId },
      key,
    );
    expect(again.body.taskIds).toEqual(install.body.taskIds);
    expect(await tasksOf(stbId, "ChangeDUState")).toBe(1);

    const pending = await call<{ pending: { taskId: number }[] }>("viewer", "GET", `/devices/${stbId}/apps`);
    expect(pending.body.pending.map((p) => p.taskId)).toEqual(install.body.taskIds);

    const uninstall = await call("admin", "POST", `/devices/${stbId}/apps/uninstall`, { uuid: UUID });
    expect(uninstall.status).toBe(200);
    const badUuid = await call<ErrorBody>("admin", "POST", `/devices/${stbId}/apps/uninstall`, { uuid: "x" });
    expect(badUuid.status).toBe(422);
    expect(Object.keys(badUuid.body.error.fieldErrors ?? {})).toContain("uuid");

    const start = await call<{ taskIds: number[] }>("helpdesk", "POST", `/devices/${stbId}/apps/running`, {
      path: `${SM}ExecutionUnit.1.`,
      running: true,
    });
    expect(start.status).toBe(200);
    expect(start.body.taskIds.length).toBeGreaterThan(0);
    const badPath = await call<ErrorBody>("helpdesk", "POST", `/devices/${stbId}/apps/running`, {
      path: "Device.DeviceInfo.",
      running: true,
    });
    expect(badPath.status).toBe(422);

    expect((await call("viewer", "POST", `/devices/${stbId}/apps/install`, { imageId: appId })).status).toBe(
      403,
    );
    expect(
      (
        await call("viewer", "POST", `/devices/${stbId}/apps/running`, {
          path: `${SM}ExecutionUnit.1`,
          running: false,
        })
      ).status,
    ).toBe(403);
  });
});
