// Bulk jobs are held to the permissions of the single-device actions they repeat, in the service
// itself (not only in the router), so any caller of createBulkJob is refused the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../core/app-error";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { permissionsFor } from "./actions";
import { createBulkJob } from "./service";

let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

describe("bulk action permissions", () => {
  it("names the single-device permission of each action, and more for ManagementServer writes", () => {
    expect(permissionsFor({ action: "reboot" })).toEqual(["devices.bulk", "devices.reboot"]);
    expect(permissionsFor({ action: "refresh" })).toEqual(["devices.bulk", "devices.write"]);
    expect(permissionsFor({ action: "tag", tag: "a" })).toEqual(["devices.bulk", "devices.write"]);
    expect(permissionsFor({ action: "untag", tag: "a" })).toEqual(["devices.bulk", "devices.write"]);
    const set = (path: string) => permissionsFor({ action: "set", path, value: "1" });
    expect(set("Device.WiFi.SSID.1.SSID")).toEqual(["devices.bulk", "devices.write"]);
    expect(set("Device.ManagementServer.PeriodicInformInterval")).toEqual(["devices.bulk", "devices.write"]);
    for (const path of [
      "Device.ManagementServer.URL",
      "InternetGatewayDevice.ManagementServer.Password",
      "Device.ManagementServer.ConnectionRequestUsername",
      "Device.ManagementServer.STUNServerAddress",
      "device.managementserver.url",
    ])
      expect(set(path), path).toEqual(["devices.bulk", "devices.write", "devices.management_server"]);
  });

  it("createBulkJob refuses noc a reboot and stores nothing; admin may", async () => {
    const noc = { id: 1, username: "noc-direct", role: "noc" as const };
    const input = { action: { action: "reboot" }, selection: { deviceIds: [1] } };
    const refused = await createBulkJob(noc, input).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("forbidden");
    expect(await db().bulkJob.count()).toBe(0);
    const admin = await db().operator.create({
      data: { username: "admin-direct", passwordHash: "x", role: "admin" },
    });
    const job = await createBulkJob({ id: admin.id, username: admin.username, role: "admin" }, input);
    expect(job).toMatchObject({ action: "reboot", createdBy: "admin-direct" });
  });
});
