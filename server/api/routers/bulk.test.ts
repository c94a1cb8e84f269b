import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
let ids: number[] = [];
let operatorId = 0;

function api(role: Role) {
  const operator = { id: operatorId, username: `${role}-bulk`, name: "", role };
  return callerAs(operator);
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  operatorId = (
    await db().operator.create({ data: { username: "noc-bulk", passwordHash: "x", role: "noc" } })
  ).id;
  await db().device.createMany({
    data: ["R1", "R2", "R3"].map((serialNumber) => ({
      oui: "00D09E",
      productClass: "HGW",
      manufacturer: "Test",
      serialNumber,
      rootObject: "Device",
    })),
  });
  ids = (await db().device.findMany({ orderBy: { id: "asc" } })).map((d) => d.id);
});

afterAll(async () => {
  await store.close();
});

describe("bulk router", () => {
  it("creates a job for a role with devices.bulk and the action's permission; readers see it", async () => {
    const job = await api("admin").bulk.create({
      action: { action: "tag", tag: "vip" },
      selection: { deviceIds: ids },
    });
    expect(job).toMatchObject({ action: "tag", state: "queued", total: 3, createdBy: "admin-bulk" });
    expect(
      await errorCodeOf(
        api("helpdesk").bulk.create({ action: { action: "reboot" }, selection: { deviceIds: ids } }),
      ),
    ).toBe("FORBIDDEN");
    expect(await errorCodeOf(api("viewer").bulk.cancel({ id: job.id }))).toBe("FORBIDDEN");
    const list = await api("viewer").bulk.list({});
    expect(list[0]).toMatchObject({ id: job.id, description: 'tag "vip"', selectionKind: "devices" });
    const detail = await api("viewer").bulk.get({ id: job.id });
    expect(detail.counts).toEqual({ pending: 0, waiting: 0, done: 0, failed: 0, cancelled: 0 });
    expect(await errorCodeOf(api("viewer").bulk.get({ id: 99_999 }))).toBe("NOT_FOUND");
  });

  // noc has devices.bulk but neither devices.reboot nor devices.write: device.reboot refuses it, so
  // must a fleet-wide job. Nothing is stored or audited for a refused job.
  it.each([
    [{ action: "reboot" }, /devices\.reboot/],
    [
      { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "600" },
      /devices\.write/,
    ],
    [{ action: "refresh" }, /devices\.write/],
    [{ action: "tag", tag: "x" }, /devices\.write/],
  ] as const)("refuses noc a bulk %o job", async (action, reason) => {
    const before = await db().bulkJob.count();
    const promise = api("noc").bulk.create({ action, selection: { filter: {} } });
    await expect(promise).rejects.toThrow(reason);
    expect(await errorCodeOf(promise)).toBe("FORBIDDEN");
    expect(await db().bulkJob.count()).toBe(before);
  });

  it("sets ManagementServer.URL in bulk only as admin", async () => {
    const action = {
      action: "set",
      path: "Device.ManagementServer.URL",
      value: "http://127.0.0.1:7547/",
    } as const;
    expect(await errorCodeOf(api("noc").bulk.create({ action, selection: { deviceIds: ids } }))).toBe(
      "FORBIDDEN",
    );
    const job = await api("admin").bulk.create({ action, selection: { deviceIds: ids } });
    expect(job).toMatchObject({ action: "set", state: "queued" });
    await api("admin").bulk.cancel({ id: job.id });
  });

  it("maps data-model validation to BAD_REQUEST with the reason", async () => {
    const promise = api("admin").bulk.create({
      action: { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "-5" },
      selection: { filter: { kind: "GATEWAY" } },
    });
    await expect(promise).rejects.toThrow(/PeriodicInformInterval/);
    expect(await errorCodeOf(promise)).toBe("BAD_REQUEST");
  });

  it("cancels once, then reports a conflict", async () => {
    const job = await api("admin").bulk.create({
      action: { action: "reboot" },
      selection: { deviceIds: ids },
    });
    expect((await api("admin").bulk.cancel({ id: job.id })).id).toBe(job.id);
    expect(await errorCodeOf(api("admin").bulk.cancel({ id: job.id }))).toBe("CONFLICT");
    expect(await db().auditLog.count({ where: { action: { in: ["bulk.create", "bulk.cancel"] } } })).toBe(5);
  });

  it("pages a job's devices with the number cursor it hands out", async () => {
    const job = await api("admin").bulk.create({
      action: { action: "tag", tag: "paged" },
      selection: { deviceIds: ids },
    });
    await db().bulkJobItem.createMany({ data: ids.map((deviceId) => ({ jobId: job.id, deviceId })) });
    const seen: number[] = [];
    let afterId: number | undefined;
    for (let page = 0; page < ids.length + 1; page++) {
      const result = await api("viewer").bulk.items({ id: job.id, limit: 1, afterId });
      seen.push(...result.items.map((i) => i.deviceId));
      if (result.nextAfterId === undefined) break;
      expect(typeof result.nextAfterId).toBe("number");
      afterId = result.nextAfterId;
    }
    expect(seen).toEqual(ids);
  });
});
