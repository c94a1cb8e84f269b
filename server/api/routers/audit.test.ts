import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../audit/service";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs } from "../test-callers";

let store: Store;
let alice: number;
let bob: number;
let deviceId: number;

function api(role: Role = "noc") {
  const operator = { id: 1, username: "auditor", name: "", role };
  return callerAs(operator);
}

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  alice = (await db().operator.create({ data: { username: "alice", role: "helpdesk", passwordHash: "x" } }))
    .id;
  bob = (await db().operator.create({ data: { username: "bob", role: "admin", passwordHash: "x" } })).id;
  deviceId = (
    await db().device.create({
      data: { oui: "00D09E", productClass: "STB", serialNumber: "AUDSTB0001", manufacturer: "T" },
    })
  ).id;
  await db().$transaction(async (tx) => {
    await recordAudit(tx, {
      operatorId: alice,
      action: "device.reboot",
      deviceId,
      target: "Reboot",
    });
    await recordAudit(tx, {
      operatorId: alice,
      action: "device.set_parameter",
      deviceId,
      target: "Device.Services.STBService.1.Components.HDMI.1.ResolutionMode",
      before: { value: "Auto" },
      after: { value: "Manual" },
    });
    await recordAudit(tx, { operatorId: bob, action: "operator.create", target: "operator:carol" });
  });
  await db().auditLog.updateMany({
    where: { action: "device.reboot" },
    data: { at: at("2026-01-01T10:00:00Z") },
  });
  await db().auditLog.updateMany({
    where: { action: "device.set_parameter" },
    data: { at: at("2026-01-02T10:00:00Z") },
  });
  await db().auditLog.updateMany({
    where: { action: "operator.create" },
    data: { at: at("2026-01-03T10:00:00Z") },
  });
});

afterAll(async () => {
  await store.close();
});

const actions = (rows: { action: string }[]) => rows.map((r) => r.action);

describe("audit.list", () => {
  it("lists newest first with operator and device", async () => {
    const { rows, total } = await api().audit.list({});
    expect(total).toBe(3);
    expect(actions(rows)).toEqual(["operator.create", "device.set_parameter", "device.reboot"]);
    expect(rows[1]).toMatchObject({
      operator: { username: "alice" },
      device: { id: deviceId, serialNumber: "AUDSTB0001" },
      before: { value: "Auto" },
      after: { value: "Manual" },
    });
  });

  it("filters by operator, action prefix, device serial, time range and free text", async () => {
    expect(actions((await api().audit.list({ operatorId: bob })).rows)).toEqual(["operator.create"]);
    expect(actions((await api().audit.list({ action: "device." })).rows)).toEqual([
      "device.set_parameter",
      "device.reboot",
    ]);
    expect((await api().audit.list({ deviceSerial: "audstb" })).total).toBe(2);
    expect(
      actions(
        (await api().audit.list({ from: at("2026-01-02T00:00:00Z"), to: at("2026-01-02T23:59:59Z") })).rows,
      ),
    ).toEqual(["device.set_parameter"]);
    expect(actions((await api().audit.list({ q: "resolutionmode" })).rows)).toEqual(["device.set_parameter"]);
    expect((await api().audit.list({ q: "carol", operatorId: alice })).total).toBe(0);
  });

  it("pages", async () => {
    const page2 = await api().audit.list({ page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(actions(page2.rows)).toEqual(["device.reboot"]);
  });

  it("lists operators for the filter and is refused without audit.read", async () => {
    expect((await api().audit.operators()).map((o) => o.username)).toEqual(["alice", "bob"]);
    await expect(api("helpdesk").audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
