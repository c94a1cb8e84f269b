// REST devices, tasks and bulk jobs through the real /api/v1 handler on a real database: search with
// filters and a cursor round trip, get, parameters, tags; a task queued twice with one Idempotency-Key
// (one task), the same key with another request (422), cancel (then 409); bulk job create, list, get,
// cancel; 422 field errors and 404s in the one error shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import type { Role } from "../../server/generated/prisma/enums";
import { createBulkJobSchema } from "../../lib/bulk/schema";
import { diagnosticRequest } from "../../lib/devices/action-schemas";
import { recordId } from "../../lib/ids";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
const tokens = {} as Record<Role, { token: string; operatorId: number }>;
const deviceIds: number[] = [];

interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]>; requestId: string };
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  for (const role of ["admin", "helpdesk", "viewer"] as const) tokens[role] = await addTestToken({ role });
  for (let i = 1; i <= 5; i++) {
    const device = await db().device.create({
      data: {
        oui: "A1B2C3",
        productClass: i <= 3 ? "DNG" : "STB",
        serialNumber: `REST-${i}`,
        manufacturer: "Test",
        lastInform: { create: { informedAt: new Date(Date.now() - i * 60_000) } },
        parameters: {
          "Device.DeviceInfo.SoftwareVersion": { v: `1.${i}`, t: "xsd:string", ts: Date.now() },
          "Device.DeviceInfo.ProvisioningCode": { v: "abc", t: "xsd:string", w: true, ts: Date.now() },
        },
      },
    });
    deviceIds.push(device.id);
  }
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
): Promise<{ status: number; body: T; headers: Headers }> {
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
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

interface DevicePage {
  items: { id: number; serialNumber: string; productClass: string }[];
  nextCursor: string | null;
}

describe("REST devices", () => {
  it("searches with the console's filters and walks every page by cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const query: string = `/devices?productClass=DNG&sort=serialNumber&dir=asc&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call<DevicePage>("viewer", "GET", query);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((d) => d.serialNumber));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["REST-1", "REST-2", "REST-3"]);
    const text = await call<DevicePage>("viewer", "GET", "/devices?q=REST-5");
    expect(text.body.items.map((d) => d.serialNumber)).toEqual(["REST-5"]);
  });

  it("answers bad filters and cursors with 422 and field errors", async () => {
    const bad = await call<ErrorBody>("viewer", "GET", "/devices?limit=0&kind=TOASTER&cursor=zzz");
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("unprocessable");
    expect(Object.keys(bad.body.error.fieldErrors ?? {}).sort()).toEqual(["kind", "limit"]);
    const cursor = await call<ErrorBody>("viewer", "GET", "/devices?cursor=zzz");
    expect(cursor.status).toBe(422);
    expect(cursor.body.error.fieldErrors).toHaveProperty("cursor");
  });

  it("reads a device and its parameters; 404 for an unknown one", async () => {
    const id = deviceIds[0]!;
    const device = await call<{ serialNumber: string; lastInform: string }>(
      "viewer",
      "GET",
      `/devices/${id}`,
    );
    expect(device.status).toBe(200);
    expect(device.body.serialNumber).toBe("REST-1");
    expect(typeof device.body.lastInform).toBe("string");
    const level = await call<{ children: { name: string; value?: string | null }[] }>(
      "viewer",
      "GET",
      `/devices/${id}/parameters?path=Device.DeviceInfo.`,
    );
    expect(level.status).toBe(200);
    expect(level.body.children.map((c) => c.name).sort()).toEqual(["ProvisioningCode", "SoftwareVersion"]);
    const missing = await call<ErrorBody>("viewer", "GET", "/devices/999999");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("adds and removes tags as the token's operator (audited)", async () => {
    const id = deviceIds[1]!;
    const added = await call<{ tags: string[] }>("helpdesk", "POST", `/devices/${id}/tags`, {
      tags: ["vip", "b"],
    });
    expect(added).toMatchObject({ status: 200, body: { tags: ["b", "vip"] } });
    const removed = await call<{ tags: string[] }>("helpdesk", "DELETE", `/devices/${id}/tags?tags=b`);
    expect(removed.body.tags).toEqual(["vip"]);
    const audit = await db().auditLog.findMany({ where: { deviceId: id, action: "device.tags" } });
    expect(audit.map((a) => a.operatorId)).toEqual([tokens.helpdesk.operatorId, tokens.helpdesk.operatorId]);
    const viewer = await call<ErrorBody>("viewer", "POST", `/devices/${id}/tags`, { tags: ["x"] });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toContain("devices.write");
  });
});

describe("REST tasks", () => {
  it("queues once per Idempotency-Key, refuses the key with another request, cancels, then 409", async () => {
    const id = deviceIds[2]!;
    const set = { name: "SetParameterValues", path: "Device.DeviceInfo.ProvisioningCode", value: "xyz" };
    const key = { "idempotency-key": "order-42" };
    const first = await call<{ taskIds: number[] }>("helpdesk", "POST", `/devices/${id}/tasks`, set, key);
    expect(first.status).toBe(200);
    expect(first.body.taskIds).toHaveLength(1);
    const again = await call<{ taskIds: number[] }>("helpdesk", "POST", `/devices/${id}/tasks`, set, key);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await db().task.count({ where: { deviceId: id } })).toBe(1);
    const other = await call<ErrorBody>(
      "helpdesk",
      "POST",
      `/devices/${id}/tasks`,
      { ...set, value: "other" },
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.fieldErrors).toHaveProperty("Idempotency-Key");

    const taskId = first.body.taskIds[0]!;
    const task = await call<{ id: number; state: string; deviceId: number }>(
      "viewer",
      "GET",
      `/tasks/${taskId}`,
    );
    expect(task.body).toMatchObject({ id: taskId, state: "queued", deviceId: id });
    const list = await call<{ items: { id: number }[] }>("viewer", "GET", `/devices/${id}/tasks`);
    expect(list.body.items.map((t) => t.id)).toEqual([taskId]);
    const cancelled = await call<{ state: string }>("helpdesk", "DELETE", `/tasks/${taskId}`);
    expect(cancelled.body.state).toBe("cancelled");
    const twice = await call<ErrorBody>("helpdesk", "DELETE", `/tasks/${taskId}`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("conflict");
  });

  it("runs concurrent duplicates once", async () => {
    const id = deviceIds[3]!;
    const body = { name: "GetParameterValues", path: "Device.DeviceInfo." };
    const key = { "idempotency-key": "race-1" };
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call<{ taskIds?: number[] }>("helpdesk", "POST", `/devices/${id}/tasks`, body, key),
      ),
    );
    // One request queued (a refresh is one or more tasks); the others were told it is in progress or
    // got its answer replayed: never a second set of tasks.
    const queued = answers.filter((a) => a.status === 200).map((a) => a.body.taskIds);
    expect(new Set(queued.map((ids) => JSON.stringify(ids))).size).toBe(1);
    expect(await db().task.count({ where: { deviceId: id } })).toBe(queued[0]!.length);
    for (const a of answers) expect([200, 409]).toContain(a.status);
  });

  it("asks each RPC's own fields and scope", async () => {
    const id = deviceIds[4]!;
    const missing = await call<ErrorBody>("helpdesk", "POST", `/devices/${id}/tasks`, {
      name: "SetParameterValues",
    });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.error.fieldErrors ?? {}).sort()).toEqual(["path", "value"]);
    const reboot = await call<{ taskIds: number[] }>("helpdesk", "POST", `/devices/${id}/tasks`, {
      name: "Reboot",
    });
    expect(reboot.body.taskIds).toHaveLength(1);
    const unknown = await call<ErrorBody>("helpdesk", "POST", "/devices/999999/tasks", { name: "Reboot" });
    expect(unknown.status).toBe(404);
  });
});

describe("REST bulk jobs", () => {
  it("creates (once per key), lists, reads and cancels a job", async () => {
    const job = { action: { action: "tag", tag: "wave1" }, selection: { deviceIds: deviceIds.slice(0, 2) } };
    const key = { "idempotency-key": "bulk-1" };
    const created = await call<{ id: number; state: string }>("admin", "POST", "/bulk-jobs", job, key);
    expect(created.status).toBe(200);
    const again = await call<{ id: number }>("admin", "POST", "/bulk-jobs", job, key);
    expect(again.body.id).toBe(created.body.id);
    expect(await db().bulkJob.count()).toBe(1);
    const list = await call<{ items: { id: number }[]; nextCursor: string | null }>(
      "viewer",
      "GET",
      "/bulk-jobs?limit=1",
    );
    expect(list.body).toEqual({
      items: [expect.objectContaining({ id: created.body.id })],
      nextCursor: null,
    });
    const got = await call<{ id: number; counts: Record<string, number> }>(
      "viewer",
      "GET",
      `/bulk-jobs/${created.body.id}`,
    );
    expect(got.body.id).toBe(created.body.id);
    const cancelled = await call<{ state: string }>("admin", "POST", `/bulk-jobs/${created.body.id}/cancel`);
    expect(cancelled.body.state).toBe("cancelled");
    const bad = await call<ErrorBody>("admin", "POST", "/bulk-jobs", {
      action: { action: "explode" },
      selection: {},
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fieldErrors).toBeDefined();
  });
});

describe("console schemas", () => {
  it("stay strict after REST calls (trpc-to-openapi coerces the schemas it parses with)", async () => {
    await call("helpdesk", "POST", `/devices/${deviceIds[0]}/tasks`, {
      name: "Diagnostics",
      diagnostic: { kind: "ping", host: "127.0.0.1", count: 2 },
    });
    await call("admin", "POST", "/bulk-jobs", {
      action: { action: "refresh" },
      selection: { deviceIds: [1] },
    });
    expect(recordId.safeParse("5").success).toBe(false);
    expect(diagnosticRequest.safeParse({ kind: "ping", host: "h", count: "2" }).success).toBe(false);
    const throttled = {
      action: { action: "refresh" },
      selection: { deviceIds: [1] },
      throttle: { perSecond: "3" },
    };
    expect(createBulkJobSchema.safeParse(throttled).success).toBe(false);
  });
});
