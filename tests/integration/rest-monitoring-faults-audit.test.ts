// REST monitoring, fleet faults and the audit log through the real /api/v1 handler with tokens of each
// role: refusals for scopes a role lacks, reads checked against rows written here, the faults retry
// queued once under one Idempotency-Key, and audience data hidden from tokens without audience.read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyStreamCounters, type StreamInterval } from "../../lib/monitoring/intervals";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import type { Role } from "../../server/generated/prisma/enums";
import { writeStreamIntervals } from "../../server/monitoring/store/ingest";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
const tokens = {} as Record<Role, string>;
const BASE = "http://127.0.0.1/api/v1";
const MODEL = { manufacturer: "Acme", productClass: "STB-1", modelName: "Box One", softwareVersion: "1.0" };
const ids = { stb: 0, failedA: 0, failedB: 0 };

type Page<T> = { items: T[]; nextCursor: string | null };
type Failure = { error: { code: string; fieldErrors?: Record<string, string[]> } };

async function call<T = Record<string, unknown>>(
  role: Role,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await handleApiRequest(
    new Request(`${BASE}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role]}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as T };
}

async function failedTask(serial: string): Promise<number> {
  const device = await db().device.create({ data: { oui: "00AA00", serialNumber: serial, ...MODEL } });
  const at = new Date(Date.now() - 3_600_000);
  const request = {
    name: "SetParameterValues",
    parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "x", type: "string" }],
    parameterKey: "",
  };
  const task = await db().task.create({
    data: {
      deviceId: device.id,
      name: "SetParameterValues",
      request,
      state: "fault",
      faultCode: 9002,
      faultString: "Internal error",
      completedAt: at,
    },
  });
  await db().deviceFault.create({
    data: { deviceId: device.id, taskId: task.id, code: 9002, message: "Internal error", at },
  });
  return task.id;
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  for (const role of ["admin", "noc", "helpdesk", "product", "viewer"] as const)
    tokens[role] = (await addTestToken({ role })).token;

  const stb = await db().device.create({
    data: { oui: "00D09E", productClass: "STB", serialNumber: "MON-STB-1", manufacturer: "T", kind: "STB" },
  });
  ids.stb = stb.id;
  const recent = Math.floor(Date.now() / 300_000) * 300_000 - 600_000;
  const row = (ts: number, over: Partial<StreamInterval>): StreamInterval => ({
    ...emptyStreamCounters(),
    deviceId: stb.id,
    ts: new Date(ts),
    secs: 300,
    stream: 1,
    source: "bulkdata",
    channelId: null,
    videoFrames: 7500,
    rtpExpected: 100_000,
    ...over,
  });
  await writeStreamIntervals([row(recent, { rtpLost: 40, lossEvents: 4 }), row(recent + 300_000, {})]);

  ids.failedA = await failedTask("FLT-A");
  ids.failedB = await failedTask("FLT-B");
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe("monitoring", () => {
  it("answers the dashboards' queries from the stored intervals; refuses a token without monitoring.read", async () => {
    expect((await call("viewer", "GET", "/monitoring/series?range=1h")).status).toBe(403);

    const series = await call<{ level: string; points: { devices: number; secs: number }[] }>(
      "noc",
      "GET",
      "/monitoring/series?range=1h",
    );
    expect(series.status).toBe(200);
    expect(series.body.level).toBe("raw");
    expect(series.body.points.reduce((s, p) => s + p.secs, 0)).toBe(600);

    const offenders = await call<{ rows: { key: string; impairedDevices: number }[] }>(
      "helpdesk",
      "GET",
      "/monitoring/top-offenders?range=1h&dim=device&limit=5",
    );
    expect(offenders.status).toBe(200);
    expect(offenders.body.rows[0]).toMatchObject({ key: String(ids.stb), impairedDevices: 1 });

    const breakdown = await call<{ rows: { key: string; devices: number }[] }>(
      "noc",
      "GET",
      "/monitoring/breakdown?range=1h&dim=device",
    );
    expect(breakdown.body.rows.map((r) => r.key)).toEqual([String(ids.stb)]);

    const devices = await call<{ rows: { serialNumber: string; secs: number }[]; nextCursor: number | null }>(
      "noc",
      "GET",
      "/monitoring/devices?range=1h&dim=fleet&key=all&limit=1",
    );
    expect(devices.body.rows).toEqual([expect.objectContaining({ serialNumber: "MON-STB-1", secs: 600 })]);

    const kpi = await call<{ value: number | null; devices: number }>(
      "noc",
      "GET",
      "/monitoring/kpi?range=1h&dim=fleet&key=all&metric=impaired_ip_pct",
    );
    expect(kpi.status).toBe(200);
    expect(kpi.body.devices).toBe(1);
    expect(kpi.body.value).toBeGreaterThan(0);

    const quality = await call<{ intervals: { secs: number }[] }>(
      "helpdesk",
      "GET",
      `/monitoring/devices/${ids.stb}/stream-quality?hours=2`,
    );
    expect(quality.status).toBe(200);
    expect(quality.body.intervals).toHaveLength(2);

    const status = await call<{ openIncidents: number; alarms: unknown[] }>(
      "noc",
      "GET",
      "/monitoring/status",
    );
    expect(status).toMatchObject({ status: 200, body: { openIncidents: 0 } });
  });

  it("refuses a bad range or dimension as 422 with the field named", async () => {
    const bad = await call<Failure>("noc", "GET", "/monitoring/breakdown?range=2y&dim=fleet");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fieldErrors ?? {})).toEqual(expect.arrayContaining(["range", "dim"]));
  });
});

describe("faults", () => {
  const group = {
    days: 7,
    code: 9002,
    task: "SetParameterValues",
    ...MODEL,
  };

  it("summarises the fleet's faults for any reader", async () => {
    const summary = await call<{ totals: { devices: number }; groups: { code: number; devices: number }[] }>(
      "viewer",
      "GET",
      "/faults?days=7",
    );
    expect(summary.status).toBe(200);
    expect(summary.body.totals.devices).toBe(2);
    expect(summary.body.groups).toEqual([expect.objectContaining({ code: 9002, devices: 2 })]);
  });

  it("hides an audience fault message from a token without audience.read, as the console does", async () => {
    const device = await db().device.create({ data: { oui: "00AA00", serialNumber: "FLT-AUD", ...MODEL } });
    const message = "Device.Services.STBService.1.Applications.AudienceStats.Enable refused";
    await db().deviceFault.create({ data: { deviceId: device.id, code: 9007, message, at: new Date() } });
    const messageOf = async (role: Role) =>
      (
        await call<{ groups: { code: number; message: string }[] }>(role, "GET", "/faults?days=1")
      ).body.groups.find((g) => g.code === 9007)?.message;
    expect(await messageOf("viewer")).toBe("(audience data hidden)");
    expect(await messageOf("product")).toBe(message);
    await db().deviceFault.deleteMany({ where: { deviceId: device.id } });
  });

  it("previews and retries a group once per Idempotency-Key; refuses a token without tasks.write", async () => {
    const query = new URLSearchParams(Object.entries(group).map(([k, v]) => [k, String(v)])).toString();
    expect((await call("viewer", "GET", `/faults/retry-preview?${query}`)).status).toBe(403);
    expect((await call("viewer", "POST", "/faults/retry", group)).status).toBe(403);

    const preview = await call<{ total: number; retryable: number }>(
      "helpdesk",
      "GET",
      `/faults/retry-preview?${query}`,
    );
    expect(preview).toMatchObject({ status: 200, body: { total: 2, retryable: 2 } });

    const key = { "idempotency-key": "retry-9002-once" };
    const first = await call<{ batchId: string; retried: { fromTaskId: number }[] }>(
      "helpdesk",
      "POST",
      "/faults/retry",
      group,
      key,
    );
    expect(first.status).toBe(200);
    expect(first.body.retried.map((r) => r.fromTaskId).sort()).toEqual([ids.failedA, ids.failedB].sort());
    const again = await call<{ batchId: string }>("helpdesk", "POST", "/faults/retry", group, key);
    expect(again.body.batchId).toBe(first.body.batchId);
    expect(await db().task.count({ where: { state: "queued", name: "SetParameterValues" } })).toBe(2);

    const bad = await call<Failure>("helpdesk", "POST", "/faults/retry", { ...group, code: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fieldErrors).toHaveProperty("code");
  });
});

describe("audit log", () => {
  it("lists entries newest first with the console's filters and cursor pages; refuses a viewer", async () => {
    expect((await call("viewer", "GET", "/audit")).status).toBe(403);
    const op = await db().operator.create({ data: { username: "audit-op", passwordHash: "!", role: "noc" } });
    for (const [action, target] of [
      ["device.reboot", "device AUD-1"],
      ["device.reboot", "device AUD-2"],
      ["operator.create", "operator x"],
    ] as const)
      await db().auditLog.create({ data: { action, target, operatorId: op.id } });

    const first = await call<Page<{ id: string; target: string }>>(
      "noc",
      "GET",
      `/audit?operatorId=${op.id}&action=device.&limit=1`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.target)).toEqual(["device AUD-2"]);
    expect(first.body.items[0]!.id).toMatch(/^\d+$/);
    const second = await call<Page<{ target: string }>>(
      "noc",
      "GET",
      `/audit?operatorId=${op.id}&action=device.&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ target: "device AUD-1" })],
      nextCursor: null,
    });

    const bad = await call<Failure>("noc", "GET", "/audit?cursor=nonsense");
    expect(bad.status).toBe(422);
  });

  it("hides audience values from a token without audience.read, as the console does", async () => {
    const target = "set Device.Services.STBService.1.Applications.AudienceStats.Channel.1.Name = Canal";
    await db().auditLog.create({ data: { action: "device.set", target, after: { value: "Canal" } } });
    const noc = await call<Page<{ target: string; after: unknown }>>(
      "noc",
      "GET",
      "/audit?action=device.set",
    );
    expect(noc.body.items).toEqual([
      expect.objectContaining({ target: "(audience data hidden)", after: null }),
    ]);
    const admin = await call<Page<{ target: string; after: unknown }>>(
      "admin",
      "GET",
      "/audit?action=device.set",
    );
    expect(admin.body.items).toEqual([expect.objectContaining({ target, after: { value: "Canal" } })]);
  });
});
