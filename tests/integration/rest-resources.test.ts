// REST resources (firmware, waves, profiles, alarms and incidents, audience, subscribers, topology)
// through the real /api/v1 handler and the raw-body routes, with tokens of each role: one refusal for a
// scope the role lacks, one write each checked in the database (as the token's operator), and reads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceFilterSchema } from "../../lib/devices/search-query";
import { wavePlanSchema } from "../../lib/firmware/wave-schema";
import { recordId } from "../../lib/ids";
import { profileSaveSchema } from "../../lib/profiles/input";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import type { Role } from "../../server/generated/prisma/enums";
import { signImage } from "../../server/firmware/signature";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { uploadImageRoute } from "../../server/nbi/rest/resources/firmware-upload";
import { importChannelsRoute, importTopologyRoute } from "../../server/nbi/rest/resources/imports";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import { makeSimImage } from "../../sim/firmware-image";
import { DEMO_PRIVATE_KEY, trustDemoKey } from "../support/firmware";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
let firmwareDir: string;
const tokens = {} as Record<Role, { token: string; operatorId: number }>;
const BASE = "http://127.0.0.1/api/v1";

beforeAll(async () => {
  firmwareDir = mkdtempSync(path.join(tmpdir(), "vantage-rest-fw-"));
  overrideSettings({ LOG_LEVEL: "silent", FIRMWARE_DIR: firmwareDir });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  for (const role of ["admin", "noc", "helpdesk", "product", "viewer"] as const) {
    const t = await addTestToken({ role });
    tokens[role] = { token: t.token, operatorId: t.operatorId };
  }
  await trustDemoKey();
}, 60_000);

afterAll(async () => {
  await store?.close();
  rmSync(firmwareDir, { recursive: true, force: true });
});

function request(
  role: Role,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const json = body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array);
  return new Request(`${BASE}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[role].token}`,
      ...(json ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as BodyInit),
  });
}

async function call<T = Record<string, unknown>>(
  role: Role,
  method: string,
  route: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<{ status: number; body: T }> {
  const res = await handleApiRequest(request(role, method, route, body, headers));
  return { status: res.status, body: (await res.json()) as T };
}

type Page<T> = { items: T[]; nextCursor: string | null };
type Failure = { error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };

async function operatorName(role: Role): Promise<string> {
  return (await db().operator.findUniqueOrThrow({ where: { id: tokens[role].operatorId } })).username;
}

async function addDevices(prefix: string, n: number, extra: { subscriberId?: string } = {}) {
  for (let i = 0; i < n; i++)
    await db().device.create({
      data: {
        oui: "00147F",
        productClass: "DGA4132",
        manufacturer: "Technicolor",
        serialNumber: `${prefix}${i}`,
        softwareVersion: "1.0",
        ...extra,
      },
    });
}

function imageUpload(role: Role, version: string, signed = true) {
  const bytes = makeSimImage({ version, productClasses: ["DGA4132"] }, 50_000);
  const meta = {
    fileName: `dga-${version}.bin`,
    fileType: "1 Firmware Upgrade Image",
    version,
    originator: "Technicolor",
    productClasses: ["DGA4132"],
  };
  return uploadImageRoute(
    request(role, "POST", "/firmware/images/upload", new Uint8Array(bytes), {
      "content-type": "application/octet-stream",
      "x-image-meta": Buffer.from(JSON.stringify(meta)).toString("base64url"),
      ...(signed ? { "x-image-signature": signImage(DEMO_PRIVATE_KEY, bytes).toString("base64") } : {}),
    }),
  );
}

describe("firmware images", () => {
  it("uploads a streamed image, lists it by cursor, publishes it; refuses a viewer's upload and publish", async () => {
    expect((await imageUpload("viewer", "9.0.0")).status).toBe(403);
    const unsigned = await imageUpload("product", "9.0.1", false);
    expect(unsigned.status).toBe(422);
    expect(((await unsigned.json()) as Failure).error.code).toBe("unprocessable");

    const ids: number[] = [];
    for (const v of ["9.1.0", "9.2.0"]) {
      const res = await imageUpload("product", v);
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: number };
      expect(res.headers.get("location")).toBe(`/api/v1/firmware/images/${id}`);
      ids.push(id);
    }
    const row = await db().firmwareImage.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(row).toMatchObject({ state: "draft", createdBy: await operatorName("product") });

    const first = await call<Page<{ id: number }>>("viewer", "GET", "/firmware/images?limit=1");
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.id)).toEqual([ids[1]]);
    const second = await call<Page<{ id: number }>>(
      "viewer",
      "GET",
      `/firmware/images?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();

    expect((await call("viewer", "POST", `/firmware/images/${ids[0]}/publish`)).status).toBe(403);
    const published = await call<{ image: { state: string } }>(
      "product",
      "POST",
      `/firmware/images/${ids[0]}/publish`,
    );
    expect(published.status).toBe(200);
    expect(published.body.image.state).toBe("published");
    const one = await call<{ state: string; version: string }>("viewer", "GET", `/firmware/images/${ids[0]}`);
    expect(one.body).toMatchObject({ state: "published", version: "9.1.0" });
    expect((await call<Failure>("viewer", "GET", "/firmware/images/999999")).status).toBe(404);
  });
});

describe("waves", () => {
  it("creates a wave once per Idempotency-Key, pauses, resumes and aborts it; refuses a helpdesk token", async () => {
    await addDevices("WAVE", 3);
    const image = await imageUpload("product", "9.5.0");
    const imageId = ((await image.json()) as { id: number }).id;
    await call("product", "POST", `/firmware/images/${imageId}/publish`);
    const body = {
      name: "REST wave",
      imageId,
      filter: { q: "WAVE" },
      plan: { canary: { count: 1 }, stages: [{ percent: 100 }], waitMinutes: 60 },
      start: true,
    };
    expect((await call("helpdesk", "POST", "/waves", body)).status).toBe(403);
    const key = { "idempotency-key": "wave-create-1" };
    const created = await call<{ id: number }>("product", "POST", "/waves", body, key);
    expect(created.status).toBe(200);
    const again = await call<{ id: number }>("product", "POST", "/waves", body, key);
    expect(again.body.id).toBe(created.body.id);
    expect(await db().wave.count({ where: { name: "REST wave" } })).toBe(1);
    const other = await call<Failure>("product", "POST", "/waves", { ...body, name: "other" }, key);
    expect(other.status).toBe(422);

    const id = created.body.id;
    const state = async () => (await db().wave.findUniqueOrThrow({ where: { id } })).state;
    expect(await state()).toBe("running");
    expect((await call("product", "POST", `/waves/${id}/pause`)).status).toBe(200);
    expect(await state()).toBe("paused");
    expect((await call("product", "POST", `/waves/${id}/resume`)).status).toBe(200);
    expect(await state()).toBe("running");
    expect((await call("product", "POST", `/waves/${id}/abort`)).status).toBe(200);
    expect(await state()).toBe("aborted");
    expect((await call<Failure>("product", "POST", `/waves/${id}/resume`)).status).toBe(409);

    const list = await call<Page<{ id: number; total: number }>>("viewer", "GET", "/waves?state=aborted");
    expect(list.body.items).toEqual([expect.objectContaining({ id, total: 3 })]);
    const detail = await call<{ stages: unknown[] }>("viewer", "GET", `/waves/${id}`);
    expect(detail.body.stages.length).toBeGreaterThan(0);
    // trpc-to-openapi coerces in place in the schemas it parses with: the console's must stay strict.
    expect(recordId.safeParse("5").success).toBe(false);
    expect(deviceFilterSchema.safeParse({ online: "false" }).success).toBe(false);
    expect(wavePlanSchema.safeParse({ ...body.plan, waitMinutes: "60" }).success).toBe(false);
  });
});

describe("profiles", () => {
  it("creates, replaces, disables and reads a profile; refuses a noc token's write", async () => {
    const profile = {
      name: "REST NTP",
      enabled: true,
      definition: {
        triggers: ["boot"],
        parameters: [{ path: "Device.Time.NTPServer1", value: "127.0.0.123" }],
      },
    };
    expect((await call("noc", "POST", "/profiles", profile)).status).toBe(403);
    const created = await call<{ id: number; version: number }>("product", "POST", "/profiles", profile);
    expect(created.status).toBe(200);
    const { id } = created.body;
    const replaced = await call<{ version: number }>("product", "PUT", `/profiles/${id}`, {
      ...profile,
      definition: { ...profile.definition, triggers: ["boot", "periodic"] },
    });
    expect(replaced.body.version).toBe(created.body.version + 1);
    expect((await call("product", "POST", `/profiles/${id}/disable`)).status).toBe(200);
    const row = await db().profile.findUniqueOrThrow({ where: { id } });
    expect(row.enabled).toBe(false);
    const one = await call<{ versions: unknown[]; definition: { triggers: string[] } }>(
      "noc",
      "GET",
      `/profiles/${id}`,
    );
    expect(one.body.definition.triggers).toEqual(["boot", "periodic"]);
    const list = await call<Page<{ id: number }>>("noc", "GET", "/profiles");
    expect(list.body.items.map((p) => p.id)).toContain(id);
    expect(profileSaveSchema.safeParse({ ...profile, priority: "5" }).success).toBe(false);
    const refused = await call<Failure>("product", "POST", "/profiles", {
      ...profile,
      name: "x",
      definition: {},
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fieldErrors).toBeDefined();
  });
});

describe("alarms and incidents", () => {
  it("creates a rule, lists and acknowledges alarms and incidents as the token; refuses a helpdesk acknowledgement", async () => {
    const rule = await call<{ id: number }>("noc", "POST", "/alarms/rules", {
      name: "REST loss",
      metric: "loss_events_per_hour",
      scope: "device",
      threshold: 5,
      severity: "critical",
    });
    expect(rule.status).toBe(200);
    const rules = await call<{ items: { id: number; createdBy: string }[] }>(
      "viewer",
      "GET",
      "/alarms/rules",
    );
    expect(rules.status).toBe(403); // viewers lack monitoring.read
    const listed = await call<{ items: { id: number; createdBy: string }[] }>("noc", "GET", "/alarms/rules");
    expect(listed.body.items.find((r) => r.id === rule.body.id)?.createdBy).toBe(await operatorName("noc"));

    const alarm = await db().alarm.create({
      data: {
        ruleId: rule.body.id,
        scope: "device",
        scopeKey: "1",
        state: "raised",
        value: 9,
        peakValue: 9,
        raisedAt: new Date(),
      },
    });
    const open = await call<Page<{ id: number; severity: string }>>(
      "helpdesk",
      "GET",
      "/alarms?severity=critical",
    );
    expect(open.body.items).toEqual([expect.objectContaining({ id: alarm.id, severity: "critical" })]);
    expect((await call<Page<unknown>>("helpdesk", "GET", "/alarms?severity=minor")).body.items).toEqual([]);
    expect((await call("helpdesk", "POST", `/alarms/${alarm.id}/acknowledge`)).status).toBe(403);
    expect((await call("noc", "POST", `/alarms/${alarm.id}/acknowledge`)).status).toBe(200);
    const acked = await db().alarm.findUniqueOrThrow({ where: { id: alarm.id } });
    expect(acked.acknowledgedBy).toBe(await operatorName("noc"));

    const now = new Date();
    const incident = await db().incident.create({
      data: {
        verdict: "access",
        location: "node:1",
        label: "DSLAM-1",
        layer: "ip",
        confidence: 0.9,
        startedAt: now,
        lastSeenAt: now,
        evidence: { deviceCount: 4 },
      },
    });
    const incidents = await call<Page<{ id: number }>>("helpdesk", "GET", "/incidents");
    expect(incidents.body.items.map((i) => i.id)).toEqual([incident.id]);
    const detail = await call<{ evidence: { deviceCount: number } }>(
      "helpdesk",
      "GET",
      `/incidents/${incident.id}`,
    );
    expect(detail.body.evidence.deviceCount).toBe(4);
    expect((await call("noc", "POST", `/incidents/${incident.id}/acknowledge`)).status).toBe(200);
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).acknowledgedBy).toBe(
      await operatorName("noc"),
    );
  });
});

describe("audience", () => {
  it("answers reports to audience.read only, each logged with the token's operator; checks the filter", async () => {
    const range = "from=2026-11-01&to=2026-11-07";
    expect((await call("noc", "GET", `/audience/ranking?${range}`)).status).toBe(403);
    const ranking = await call<{ privacy: { k: number }; rows: unknown[] }>(
      "product",
      "GET",
      `/audience/ranking?${range}`,
    );
    expect(ranking.status).toBe(200);
    expect(ranking.body.privacy.k).toBeGreaterThan(0);
    const heatmap = await call("product", "GET", `/audience/heatmap?${range}&regionIds=0,1&channelIds=1`);
    expect(heatmap.status).toBe(200);
    expect((await call("product", "GET", `/audience/breakdown?${range}&by=region`)).status).toBe(200);
    expect(
      (await call("product", "GET", `/audience/slot?${range}&channelId=1&start=20:00&end=22:00`)).status,
    ).toBe(200);
    const logged = await db().audienceAccessLog.findMany({
      where: { operatorId: tokens.product.operatorId },
      orderBy: { id: "asc" },
    });
    expect(logged.map((l) => l.report)).toEqual(["ranking", "heatmap", "breakdown", "slot"]);
    expect(logged[1]?.filters).toMatchObject({ regionIds: [0, 1], channelIds: [1] });

    const backwards = await call<Failure>("product", "GET", "/audience/trend?from=2026-11-07&to=2026-11-01");
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.fieldErrors?.to).toBeDefined();
    expect((await call("product", "GET", `/audience/trend?${range}&regionIds=a,b`)).status).toBe(422);
  });
});

describe("subscribers", () => {
  it("lists a subscriber's devices and records and withdraws its opt-out; refuses a noc opt-out", async () => {
    await addDevices("SUBA", 2, { subscriberId: "SUB-42" });
    await addDevices("SUBB", 1, { subscriberId: "SUB-420" });
    const read = await call<{
      devices: { serialNumber: string }[];
      audienceOptOut: { optedOut: boolean } | null;
    }>("helpdesk", "GET", "/subscribers/SUB-42");
    expect(read.status).toBe(200);
    expect(read.body.devices.map((d) => d.serialNumber).sort()).toEqual(["SUBA0", "SUBA1"]);
    expect(read.body.audienceOptOut).toEqual({ optedOut: false, optedOutAt: null });
    expect(
      (await call<{ audienceOptOut: null }>("viewer", "GET", "/subscribers/SUB-42")).body.audienceOptOut,
    ).toBeNull();

    expect((await call("noc", "PUT", "/subscribers/SUB-42/audience-opt-out", { note: "x" })).status).toBe(
      403,
    );
    const out = await call<{ deleted: number }>("helpdesk", "PUT", "/subscribers/SUB-42/audience-opt-out", {
      note: "called the hotline",
    });
    expect(out).toEqual({ status: 200, body: { deleted: 0 } });
    const row = await db().audienceOptOut.findUniqueOrThrow({ where: { household: "SUB-42" } });
    expect(row).toMatchObject({ by: await operatorName("helpdesk"), note: "called the hotline" });
    const after = await call<{ audienceOptOut: { optedOut: boolean } }>(
      "helpdesk",
      "GET",
      "/subscribers/SUB-42",
    );
    expect(after.body.audienceOptOut.optedOut).toBe(true);
    expect((await call("helpdesk", "DELETE", "/subscribers/SUB-42/audience-opt-out")).status).toBe(200);
    expect(await db().audienceOptOut.count({ where: { household: "SUB-42" } })).toBe(0);
  });
});

describe("topology and channel line-up", () => {
  it("imports CSV bodies as the token, answering the console's result; refuses helpdesk and non-CSV bodies", async () => {
    const topology = [
      "household,access_node,access_port,region,access_kind",
      "SUB-42,DSLAM-N-01,1/1/1,North,DSLAM",
      "SUB-43,,,,",
    ].join("\n");
    const csv = (role: Role, route: string, body: string, type = "text/csv") =>
      request(role, "POST", route, body, { "content-type": type });
    expect((await importTopologyRoute(csv("helpdesk", "/topology/import", topology))).status).toBe(403);
    expect((await importTopologyRoute(csv("noc", "/topology/import", "{}", "application/json"))).status).toBe(
      415,
    );
    const res = await importTopologyRoute(csv("noc", "/topology/import", topology));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: 1, skipped: 1, problems: [{ line: 3 }] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "monitoring.topology.import" } });
    expect(audit.operatorId).toBe(tokens.noc.operatorId);

    const lineup =
      "number,name,multicast_group,uri,headend,insertion_points\n1,TF1 HD,239.100.0.1,,SHE-Paris,";
    const channels = await importChannelsRoute(csv("noc", "/channels/import", lineup));
    expect(await channels.json()).toMatchObject({ imported: 1, skipped: 0 });

    const regions = await call<{ items: { name: string; households: number }[] }>(
      "helpdesk",
      "GET",
      "/topology/regions",
    );
    expect(regions.body.items).toEqual([expect.objectContaining({ name: "North", households: 1 })]);
    const list = await call<{ items: { name: string }[] }>("helpdesk", "GET", "/channels");
    expect(list.body.items.map((c) => c.name)).toEqual(["TF1 HD"]);
  });
});
