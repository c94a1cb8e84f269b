// REST identity conflicts, webhook subscriptions and audience opt-outs through the real /api/v1 handler
// and the opt-out CSV route, with tokens of each role: scope refusals, writes checked in the database
// (audited as the token's operator), secrets only in the create and rotate answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import type { Role } from "../../server/generated/prisma/enums";
import { recordConflict } from "../../server/identity/conflicts";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { importOptOutsRoute } from "../../server/nbi/rest/resources/opt-outs";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
let deviceId: number;
const tokens = {} as Record<Role, { token: string; operatorId: number }>;
const BASE = "http://127.0.0.1/api/v1";

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  for (const role of ["admin", "noc", "helpdesk", "viewer"] as const)
    tokens[role] = await addTestToken({ role });
  const device = await db().device.create({
    data: { oui: "A1B2C3", productClass: "STB", serialNumber: "ID-1", manufacturer: "Test" },
  });
  deviceId = device.id;
}, 60_000);

afterAll(async () => {
  await store?.close();
});

function request(role: Role, method: string, route: string, body?: unknown): Request {
  return new Request(`${BASE}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[role].token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function call<T = Record<string, unknown>>(
  role: Role,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await handleApiRequest(request(role, method, route, body));
  return { status: res.status, body: (await res.json()) as T };
}

type Conflict = {
  id: number;
  deviceId: number;
  state: string;
  serialNumber: string;
  decidedBy: string | null;
};
type Failure = { error: { code: string; fieldErrors?: Record<string, string[]> } };

async function lastAudit(action: string) {
  return db().auditLog.findFirst({ where: { action }, orderBy: { id: "desc" } });
}

describe("identity conflicts", () => {
  it("lists by cursor, per device, and a decision is the token's operator's (noc), refused to a viewer", async () => {
    const other = await db().device.create({
      data: { oui: "A1B2C3", productClass: "STB", serialNumber: "ID-2", manufacturer: "Test" },
    });
    for (const id of [deviceId, other.id])
      await recordConflict({
        deviceId: id,
        reason: "shared credentials",
        remoteAddress: "127.0.0.1",
        eventCodes: ["0 BOOTSTRAP"],
      });

    const first = await call<{ items: Conflict[]; nextCursor: string | null }>(
      "viewer",
      "GET",
      "/identity/conflicts?limit=1",
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await call<{ items: Conflict[]; nextCursor: string | null }>(
      "viewer",
      "GET",
      `/identity/conflicts?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([first.body.items[0]!.deviceId, second.body.items[0]!.deviceId])).toEqual(
      new Set([deviceId, other.id]),
    );
    expect((await call<Failure>("viewer", "GET", "/identity/conflicts?cursor=nope")).status).toBe(422);

    const mine = await call<{ items: Conflict[] }>(
      "viewer",
      "GET",
      `/devices/${deviceId}/identity-conflicts`,
    );
    expect(mine.body.items.map((c) => c.serialNumber)).toEqual(["ID-1"]);
    const id = mine.body.items[0]!.id;

    expect(
      (await call<Failure>("viewer", "POST", `/identity/conflicts/${id}/decision`, { decision: "accept" }))
        .status,
    ).toBe(403);
    const bad = await call<Failure>("noc", "POST", `/identity/conflicts/${id}/decision`, {
      decision: "maybe",
    });
    expect(bad.status).toBe(422);
    const decided = await call<Conflict>("noc", "POST", `/identity/conflicts/${id}/decision`, {
      decision: "reject",
    });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe("rejected");
    const row = await db().identityConflict.findUniqueOrThrow({ where: { id } });
    expect(row.state).toBe("rejected");
    const operator = await db().operator.findUniqueOrThrow({ where: { id: tokens.noc.operatorId } });
    expect(row.decidedBy).toBe(operator.username);
    const open = await call<{ items: Conflict[] }>("noc", "GET", "/identity/conflicts?state=open");
    expect(open.body.items.map((c) => c.deviceId)).toEqual([other.id]);
    expect(
      (await call<Failure>("noc", "POST", "/identity/conflicts/999999/decision", { decision: "accept" }))
        .status,
    ).toBe(404);
  });
});

type Subscription = { id: number; name: string; url: string; events: string[]; enabled: boolean };
type Delivery = { id: string; eventType: string; state: string };

describe("webhook subscriptions", () => {
  it("are the admin's only: create shows the secret once, then update, rotate, test, log, redeliver, delete", async () => {
    const input = { name: "oss", url: "http://127.0.0.1:9/hook", events: ["task.done", "task.done"] };
    expect((await call<Failure>("noc", "POST", "/webhooks", input)).status).toBe(403);
    expect((await call<Failure>("helpdesk", "GET", "/webhooks")).status).toBe(403);
    const refused = await call<Failure>("admin", "POST", "/webhooks", { ...input, url: "ftp://127.0.0.1/x" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fieldErrors?.url).toBeDefined();

    const created = await call<{ subscription: Subscription; secret: string }>(
      "admin",
      "POST",
      "/webhooks",
      input,
    );
    expect(created.status).toBe(200);
    expect(created.body.secret.length).toBeGreaterThan(20);
    expect(created.body.subscription.events).toEqual(["task.done"]);
    const id = created.body.subscription.id;
    const listed = await call("admin", "GET", "/webhooks");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect((listed.body as { items: Subscription[] }).items.map((s) => s.id)).toEqual([id]);
    const row = await db().webhookSubscription.findUniqueOrThrow({ where: { id } });
    expect(row.sealedSecret).not.toContain(created.body.secret);

    const updated = await call<Subscription>("admin", "PATCH", `/webhooks/${id}`, {
      enabled: false,
      name: "oss-2",
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, enabled: false, name: "oss-2", url: input.url });
    expect((await call<Failure>("admin", "PATCH", `/webhooks/${id}`, { events: [] })).status).toBe(422);

    const rotated = await call<{ secret: string }>("admin", "POST", `/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const audits = await db().auditLog.findMany({ where: { action: { startsWith: "webhook." } } });
    expect(audits.length).toBeGreaterThanOrEqual(3);
    const written = JSON.stringify(audits, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(written).not.toContain(rotated.body.secret);
    expect(written).not.toContain(created.body.secret);

    const test = await call<{ deliveryId: string }>("admin", "POST", `/webhooks/${id}/test`);
    expect(test.status).toBe(200);
    const log = await call<{ items: Delivery[]; nextCursor: string | null }>(
      "admin",
      "GET",
      `/webhooks/${id}/deliveries`,
    );
    expect(log.body.items.map((d) => [d.id, d.eventType])).toEqual([[test.body.deliveryId, "webhook.test"]]);
    expect(log.body.nextCursor).toBeNull();
    await db().webhookDelivery.update({
      where: { id: BigInt(test.body.deliveryId) },
      data: { state: "failed", attempts: 7 },
    });
    const again = await call("admin", "POST", `/webhooks/deliveries/${test.body.deliveryId}/redeliver`);
    expect(again.status).toBe(200);
    const redelivered = await db().webhookDelivery.findUniqueOrThrow({
      where: { id: BigInt(test.body.deliveryId) },
    });
    expect(redelivered).toMatchObject({ state: "pending", attempts: 0 });
    const audit = await lastAudit("webhook.redeliver");
    expect(audit?.operatorId).toBe(tokens.admin.operatorId);
    expect((await call<Failure>("admin", "POST", "/webhooks/deliveries/99999999/redeliver")).status).toBe(
      404,
    );
    expect((await call<Failure>("admin", "POST", "/webhooks/deliveries/12a/redeliver")).status).toBe(422);

    expect((await call("admin", "DELETE", `/webhooks/${id}`)).status).toBe(200);
    expect(await db().webhookSubscription.findUnique({ where: { id } })).toBeNull();
    expect((await call<Failure>("admin", "POST", `/webhooks/${id}/test`)).status).toBe(404);
  });
});

function postCsv(role: Role, csv: string, type = "text/csv"): Promise<Response> {
  return importOptOutsRoute(
    new Request(`${BASE}/audience/opt-outs/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[role].token}`, "content-type": type },
      body: csv,
    }),
  );
}

describe("audience opt-outs", () => {
  it("imports a CSV (bad rows by line), lists by cursor, refuses other media types and scopes", async () => {
    expect((await postCsv("noc", "household\nH-1\n")).status).toBe(403);
    expect((await postCsv("helpdesk", JSON.stringify({ household: "H-1" }), "application/json")).status).toBe(
      415,
    );
    expect((await postCsv("helpdesk", "   ")).status).toBe(422);

    const res = await postCsv("helpdesk", `household,note\nH-1,moved\nH-2,\n,empty\nH-3,x\n`);
    expect(res.status).toBe(200);
    const outcome = (await res.json()) as { imported: number; skipped: number; problems: { line: number }[] };
    expect(outcome).toMatchObject({ imported: 3, skipped: 1 });
    expect(outcome.problems.map((p) => p.line)).toEqual([4]);
    const stored = await db().audienceOptOut.findMany({ orderBy: { household: "asc" } });
    expect(stored.map((r) => r.household)).toEqual(["H-1", "H-2", "H-3"]);

    type Page = { items: { household: string; note: string }[]; total: number; nextCursor: string | null };
    expect((await call<Failure>("viewer", "GET", "/audience/opt-outs")).status).toBe(403);
    const first = await call<Page>("helpdesk", "GET", "/audience/opt-outs?limit=2");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 3 });
    expect(first.body.items.map((r) => r.household)).toEqual(["H-1", "H-2"]);
    expect(first.body.items[0]!.note).toBe("moved");
    const second = await call<Page>(
      "helpdesk",
      "GET",
      `/audience/opt-outs?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((r) => r.household)).toEqual(["H-3"]);
    expect(second.body.nextCursor).toBeNull();
    const found = await call<Page>("helpdesk", "GET", "/audience/opt-outs?query=h-2");
    expect(found.body.items.map((r) => r.household)).toEqual(["H-2"]);
  });
});
