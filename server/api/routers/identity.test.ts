// The identity router against a real (in-memory) store: who may read and decide conflicts, paging of
// the fleet list, what a decision changes (credentials, audit), and that no hash ever leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { recordConflict } from "../../identity/conflicts";
import { ACS_CREDENTIALS_CREATOR } from "../../identity/credentials";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
const operatorIds = new Map<Role, number>();
let deviceId = 0;

const as = (role: Role) => callerAs({ id: operatorIds.get(role)!, username: `${role}-op`, role });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  for (const role of ["admin", "noc", "helpdesk", "viewer", "product"] as Role[]) {
    const op = await db().operator.create({ data: { username: `${role}-op`, passwordHash: "x", role } });
    operatorIds.set(role, op.id);
  }
});
afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await db().identityConflict.deleteMany();
  await db().auditLog.deleteMany();
  await db().device.deleteMany();
  deviceId = (
    await db().device.create({
      data: {
        oui: "00D09E",
        productClass: "IPTV-STB",
        serialNumber: "IDR-1",
        manufacturer: "Acme",
        cwmpUsername: "00D09E-IDR-1-1",
        cwmpHa1: "0123456789abcdef0123456789abcdef",
        cwmpPendingUsername: "00D09E-IDR-1-next",
        cwmpPendingHa1: "fedcba9876543210fedcba9876543210",
        cwmpCredentialsConfirmedAt: new Date("2026-12-01T00:00:00Z"),
      },
    })
  ).id;
});

async function openConflict(id = deviceId) {
  await recordConflict({
    deviceId: id,
    reason: "test",
    remoteAddress: "127.0.0.1",
    eventCodes: ["0 BOOTSTRAP"],
  });
  return db().identityConflict.findFirstOrThrow({ where: { deviceId: id, state: "open" } });
}

describe("identity router", () => {
  it("lets every reader list conflicts and credentials, without any hash", async () => {
    const conflict = await openConflict();
    await openConflict();
    for (const role of ["viewer", "helpdesk", "noc", "admin", "product"] as Role[]) {
      const list = await as(role).identity.conflicts({});
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        id: conflict.id,
        deviceId,
        serialNumber: "IDR-1",
        oui: "00D09E",
        productClass: "IPTV-STB",
        state: "open",
        attempts: 2,
        remoteAddress: "127.0.0.1",
        eventCodes: ["0 BOOTSTRAP"],
        decidedBy: null,
        decidedAt: null,
      });
      expect(await as(role).identity.deviceConflicts({ deviceId })).toHaveLength(1);
      const credentials = await as(role).identity.credentials({ deviceId });
      expect(credentials).toEqual({
        state: "confirmed",
        username: "00D09E-IDR-1-1",
        confirmedAt: new Date("2026-12-01T00:00:00Z"),
      });
      expect(JSON.stringify([credentials, list])).not.toMatch(/0123456789abcdef|fedcba98/);
    }
  });

  it("reports pending and shared credentials, and NOT_FOUND for an unknown device", async () => {
    await db().device.update({
      where: { id: deviceId },
      data: { cwmpUsername: null, cwmpHa1: null, cwmpCredentialsConfirmedAt: null },
    });
    expect(await as("viewer").identity.credentials({ deviceId })).toEqual({
      state: "pending",
      username: "00D09E-IDR-1-next",
      confirmedAt: null,
    });
    await db().device.update({
      where: { id: deviceId },
      data: { cwmpPendingUsername: null, cwmpPendingHa1: null },
    });
    expect((await as("viewer").identity.credentials({ deviceId })).state).toBe("shared");
    expect(await errorCodeOf(as("viewer").identity.credentials({ deviceId: deviceId + 1000 }))).toBe(
      "NOT_FOUND",
    );
    expect(await errorCodeOf(as("viewer").identity.credentials({ deviceId: 2 ** 31 }))).toBe("BAD_REQUEST");
  });

  it("pages the fleet list newest first and filters by state", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const device = await db().device.create({
        data: { oui: "00D09E", productClass: "P", serialNumber: `PAGE-${i}`, manufacturer: "Acme" },
      });
      ids.push((await openConflict(device.id)).id);
    }
    await db().identityConflict.update({ where: { id: ids[0]! }, data: { state: "rejected" } });
    const viewer = as("viewer");
    const first = await viewer.identity.conflicts({ state: "open", limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(first.nextCursor).toBe(ids[3]);
    const second = await viewer.identity.conflicts({ state: "open", limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(second.nextCursor).toBeNull();
    expect((await viewer.identity.conflicts({ state: "rejected" })).items.map((c) => c.id)).toEqual([ids[0]]);
    expect(await errorCodeOf(viewer.identity.conflicts({ limit: 201 }))).toBe("BAD_REQUEST");
  });

  it("lets admin and noc decide, not viewer, helpdesk or product", async () => {
    const conflict = await openConflict();
    for (const role of ["viewer", "helpdesk", "product"] as Role[])
      expect(await errorCodeOf(as(role).identity.decide({ id: conflict.id, decision: "accept" })), role).toBe(
        "FORBIDDEN",
      );
    expect((await db().identityConflict.findUniqueOrThrow({ where: { id: conflict.id } })).state).toBe(
      "open",
    );

    const rejected = await as("noc").identity.decide({ id: conflict.id, decision: "reject" });
    expect(rejected).toMatchObject({ id: conflict.id, state: "rejected", decidedBy: "noc-op" });
    expect(rejected.decidedAt).toBeInstanceOf(Date);
    // Rejecting keeps the device's credentials.
    expect((await as("viewer").identity.credentials({ deviceId })).state).toBe("confirmed");
    expect(await errorCodeOf(as("admin").identity.decide({ id: conflict.id, decision: "accept" }))).toBe(
      "CONFLICT",
    );
    expect(
      await errorCodeOf(as("admin").identity.decide({ id: conflict.id + 1000, decision: "accept" })),
    ).toBe("NOT_FOUND");

    const again = await openConflict();
    // A credentials set still queued would hand the device a password whose HA1 is about to go.
    const stale = await db().task.create({
      data: {
        deviceId,
        name: "SetParameterValues",
        createdBy: ACS_CREDENTIALS_CREATOR,
        request: { name: "SetParameterValues", parameterList: [], parameterKey: "" },
      },
    });
    const accepted = await as("admin").identity.decide({ id: again.id, decision: "accept" });
    expect(accepted).toMatchObject({ state: "accepted", decidedBy: "admin-op" });
    const device = await db().device.findUniqueOrThrow({
      where: { id: deviceId },
      select: {
        cwmpUsername: true,
        cwmpHa1: true,
        cwmpPendingUsername: true,
        cwmpPendingHa1: true,
        cwmpCredentialsConfirmedAt: true,
      },
    });
    expect(Object.values(device)).toEqual([null, null, null, null, null]);
    expect((await db().task.findUniqueOrThrow({ where: { id: stale.id } })).state).toBe("cancelled");

    const audit = await db().auditLog.findMany({ where: { deviceId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.operatorId])).toEqual([
      ["device.identity.reject", operatorIds.get("noc")],
      ["device.identity.accept", operatorIds.get("admin")],
    ]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toMatch(/0123456789abcdef|fedcba98/);
  });
});
