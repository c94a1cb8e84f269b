// The faults router: who may read the view and who may retry a group (tasks.write, as single retries),
// the bounds on its input, and that a preview carries counts and reasons, never a request's values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { resetFleet } from "../../faults/test-fleet";
import { hasPermission } from "../../../lib/permissions";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
const operatorIds = new Map<Role, number>();
const ROLES: Role[] = ["admin", "noc", "helpdesk", "viewer", "product"];
const as = (role: Role) => callerAs({ id: operatorIds.get(role)!, username: `${role}-op`, role });
const MODEL = { manufacturer: "Acme", productClass: "STB-1", modelName: "Box One", softwareVersion: "1.0" };
const KEY = { days: 1, code: 9002, task: "SetParameterValues", ...MODEL };

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  await resetFleet();
  for (const role of ROLES) {
    const op = await db().operator.create({ data: { username: `${role}-op`, passwordHash: "x", role } });
    operatorIds.set(role, op.id);
  }
  for (const serial of ["R1", "R2"]) {
    const device = await db().device.create({ data: { oui: "00AA00", serialNumber: serial, ...MODEL } });
    const task = await db().task.create({
      data: {
        deviceId: device.id,
        name: "SetParameterValues",
        request: {
          name: "SetParameterValues",
          parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "secret-ish", type: "string" }],
          parameterKey: "",
        },
        state: "fault",
        faultCode: 9002,
        completedAt: new Date(Date.now() - 60_000),
      },
    });
    await db().deviceFault.create({
      data: {
        deviceId: device.id,
        taskId: task.id,
        code: 9002,
        message: "SetParameterValues: Internal error",
      },
    });
  }
});
afterAll(async () => {
  await store.close();
});

describe("faults router", () => {
  it.each(ROLES)("%s reads the summary", async (role) => {
    const summary = await as(role).faults.summary({ days: 1 });
    expect(summary.totals).toEqual({ devices: 2, occurrences: 2 });
    expect(summary.groups).toHaveLength(1);
    expect(summary.groups[0]).toMatchObject({ ...MODEL, code: 9002, task: "SetParameterValues", devices: 2 });
  });

  it("refuses a window beyond 90 days and more than 500 rows", async () => {
    expect(await errorCodeOf(as("viewer").faults.summary({ days: 91 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(as("viewer").faults.summary({ days: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(as("viewer").faults.summary({ days: 7, limit: 501 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(as("helpdesk").faults.retry({ ...KEY, days: 91 }))).toBe("BAD_REQUEST");
  });

  it.each(ROLES)("retry preview and retry as %s follow tasks.write", async (role) => {
    const allowed = hasPermission(role, "tasks.write");
    const previewCode = await errorCodeOf(as(role).faults.retryPreview(KEY));
    expect(previewCode).toBe(allowed ? undefined : "FORBIDDEN");
    if (!allowed) {
      const before = await db().task.count();
      expect(await errorCodeOf(as(role).faults.retry(KEY))).toBe("FORBIDDEN");
      expect(await db().task.count()).toBe(before);
    }
  });

  it("a preview shows counts only; the retry queues them once with one audit row", async () => {
    const preview = await as("helpdesk").faults.retryPreview(KEY);
    expect(preview).toEqual({ total: 2, retryable: 2, skipped: [], limit: 200 });
    expect(JSON.stringify(preview)).not.toContain("secret-ish");
    const audits = await db().auditLog.count();
    const result = await as("helpdesk").faults.retry(KEY);
    expect(result.retried).toHaveLength(2);
    expect(await db().task.count({ where: { state: "queued", batchId: result.batchId } })).toBe(2);
    expect(await db().auditLog.count()).toBe(audits + 1);
    expect(await errorCodeOf(as("helpdesk").faults.retry(KEY))).toBe("CONFLICT");
  });
});
