// Fan-out, delivery, back-off, giving up and the SSRF guard on a real (embedded) database and real
// loopback receivers; time is driven through the `now` the dispatcher takes, never slept.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import { db } from "../../db";
import { emitEvent } from "../../events/outbox";
import { MAX_ATTEMPTS } from "./backoff";
import { deliverDue } from "./deliver";
import { fanOut } from "./fan-out";
import { pruneDeliveries, pruneOutbox } from "./service";
import { verifyWebhookSignature } from "./sign";
import { createWebhook, listWebhooks, rotateWebhookSecret } from "./subscriptions";

// Loopback only, and of it only 127.0.0.1: 127.0.0.2 is refused like any non-allowed address.
useMemoryStoreWithDevice({ serialNumber: "WH-1" }, { CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.1/32" });

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Receiver {
  url: string;
  received: Received[];
  connections: number;
  close(): Promise<void>;
}

async function receiver(statuses: (n: number) => number, host = "127.0.0.1"): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses(received.length);
      res.end("ok");
    });
  });
  const state = { connections: 0 };
  server.on("connection", () => state.connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hook`,
    received,
    get connections() {
      return state.connections;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let actor = { id: 0, username: "wh-admin" };
const receivers: Receiver[] = [];
beforeAll(async () => {
  actor = await db().operator.create({
    data: { username: "wh-admin", passwordHash: "x", role: "admin" },
    select: { id: true, username: true },
  });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
});

const emit = (type: "task.done" | "alarm.raised", payload: object) =>
  db().$transaction((tx) => emitEvent(tx, type, payload));
const deliveriesOf = (subscriptionId: number) =>
  db().webhookDelivery.findMany({ where: { subscriptionId }, orderBy: { id: "asc" } });

describe("webhooks dispatcher", () => {
  it("fans out only the types each subscription lists, with no backlog before its creation", async () => {
    await emit("task.done", { taskId: 1 }); // before: never delivered
    const r = await receiver(() => 200);
    receivers.push(r);
    const a = await createWebhook(actor, { name: "tasks", url: r.url, events: ["task.done"] });
    const b = await createWebhook(actor, { name: "alarms", url: r.url, events: ["alarm.raised"] });
    await emit("task.done", { taskId: 2 });
    await emit("alarm.raised", { alarmId: 3 });
    const now = new Date();
    expect(await fanOut({ now, gapWaitMs: 0 })).toBe(2);
    expect(await fanOut({ now, gapWaitMs: 0 })).toBe(0); // the cursors moved
    expect((await deliveriesOf(a.subscription.id)).map((d) => d.eventType)).toEqual(["task.done"]);
    expect((await deliveriesOf(b.subscription.id)).map((d) => d.eventType)).toEqual(["alarm.raised"]);

    expect(await deliverDue({ now })).toBe(2);
    expect(r.received).toHaveLength(2);
    const toA = r.received.find((x) => x.headers["vantage-event"] === "task.done");
    expect(toA).toBeDefined();
    expect(
      verifyWebhookSignature(a.secret, toA?.headers["vantage-signature"] as string, toA?.body ?? ""),
    ).toBe(true);
    expect(
      verifyWebhookSignature(b.secret, toA?.headers["vantage-signature"] as string, toA?.body ?? ""),
    ).toBe(false);
    expect(JSON.parse(toA?.body ?? "")).toMatchObject({ type: "task.done", data: { taskId: 2 } });
    expect(toA?.headers["content-type"]).toBe("application/json");
    const [row] = await deliveriesOf(a.subscription.id);
    expect(toA?.headers["vantage-delivery"]).toBe(row?.id.toString());
    expect(row).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200 });
    await db().webhookSubscription.updateMany({ data: { enabled: false } });
  });

  it("retries a 500 with back-off, then delivers", async () => {
    const r = await receiver((n) => (n === 1 ? 500 : 204));
    receivers.push(r);
    const sub = await createWebhook(actor, { name: "retry", url: r.url, events: ["task.done"] });
    await emit("task.done", { taskId: 10 });
    const t0 = new Date();
    await fanOut({ now: t0, gapWaitMs: 0 });
    expect(await deliverDue({ now: t0 })).toBe(1);
    let [row] = await deliveriesOf(sub.subscription.id);
    expect(row).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    const delay = (row?.nextAttemptAt.getTime() ?? 0) - t0.getTime();
    expect(delay).toBeGreaterThanOrEqual(8_000);
    expect(delay).toBeLessThanOrEqual(12_000);
    expect(await deliverDue({ now: new Date(t0.getTime() + 5_000) })).toBe(0); // not due yet
    expect(await deliverDue({ now: new Date(t0.getTime() + 12_001) })).toBe(1);
    [row] = await deliveriesOf(sub.subscription.id);
    expect(row).toMatchObject({ state: "delivered", attempts: 2, lastStatus: 204, lastError: null });
    expect(r.received).toHaveLength(2);
    await db().webhookSubscription.update({ where: { id: sub.subscription.id }, data: { enabled: false } });
  });

  it("gives up after the maximum attempts", async () => {
    const r = await receiver(() => 500);
    receivers.push(r);
    const sub = await createWebhook(actor, { name: "down", url: r.url, events: ["task.done"] });
    await emit("task.done", { taskId: 20 });
    let now = new Date();
    await fanOut({ now, gapWaitMs: 0 });
    for (let i = 0; i < MAX_ATTEMPTS + 5; i++) {
      const [row] = await deliveriesOf(sub.subscription.id);
      if (row?.state !== "pending") break;
      now = new Date(Math.max(now.getTime(), row.nextAttemptAt.getTime()));
      await deliverDue({ now });
    }
    const [row] = await deliveriesOf(sub.subscription.id);
    expect(row).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, lastStatus: 500 });
    expect(r.received).toHaveLength(MAX_ATTEMPTS);
    expect((await listWebhooks()).find((s) => s.id === sub.subscription.id)?.failed).toBe(1);
    await db().webhookSubscription.update({ where: { id: sub.subscription.id }, data: { enabled: false } });
  });

  it("refuses an address outside the allowed networks without connecting", async () => {
    const r = await receiver(() => 200, "127.0.0.2");
    receivers.push(r);
    const sub = await createWebhook(actor, { name: "guarded", url: r.url, events: ["task.done"] });
    await emit("task.done", { taskId: 30 });
    const now = new Date();
    await fanOut({ now, gapWaitMs: 0 });
    expect(await deliverDue({ now })).toBe(1);
    const [row] = await deliveriesOf(sub.subscription.id);
    expect(row?.state).toBe("pending");
    expect(row?.lastError).toMatch(/loopback address .*refused/);
    expect(row?.lastStatus).toBeNull();
    expect(r.connections).toBe(0);
    expect(r.received).toHaveLength(0);
    await db().webhookSubscription.update({ where: { id: sub.subscription.id }, data: { enabled: false } });
  });

  it("a rolled-back change emits nothing; its hole holds the cursor only for the gap wait", async () => {
    const r = await receiver(() => 200);
    receivers.push(r);
    const sub = await createWebhook(actor, { name: "holes", url: r.url, events: ["task.done"] });
    await expect(
      db().$transaction(async (tx) => {
        await emitEvent(tx, "task.done", { taskId: 40 });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    await emit("task.done", { taskId: 41 });
    const now = new Date();
    expect(await fanOut({ now, gapWaitMs: 60_000 })).toBe(0); // id 40's slot might still commit
    expect(await fanOut({ now: new Date(now.getTime() + 61_000), gapWaitMs: 60_000 })).toBe(1);
    const rows = await db().outboxEvent.findMany({ where: { type: "task.done" } });
    expect(rows.map((e) => (e.payload as { taskId: number }).taskId)).not.toContain(40);
    await deliverDue({ now: new Date(now.getTime() + 61_000) });
    expect(r.received.map((x) => (JSON.parse(x.body) as { data: { taskId: number } }).data.taskId)).toEqual([
      41,
    ]);
    await db().webhookSubscription.update({ where: { id: sub.subscription.id }, data: { enabled: false } });
  });

  it("never lists the secret; rotation gives a new one that signs from then on", async () => {
    const r = await receiver(() => 200);
    receivers.push(r);
    const sub = await createWebhook(actor, { name: "rotate", url: r.url, events: ["task.done"] });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await listWebhooks())).not.toContain(sub.secret);
    const audit = await db().auditLog.findMany({ where: { target: "webhook:rotate" } });
    expect(audit.length).toBe(1);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(sub.secret);
    const { secret } = await rotateWebhookSecret(actor, sub.subscription.id);
    expect(secret).not.toBe(sub.secret);
    await emit("task.done", { taskId: 50 });
    const now = new Date();
    await fanOut({ now, gapWaitMs: 0 });
    await deliverDue({ now });
    const got = r.received[0];
    expect(verifyWebhookSignature(secret, got?.headers["vantage-signature"] as string, got?.body ?? "")).toBe(
      true,
    );
    expect(
      verifyWebhookSignature(sub.secret, got?.headers["vantage-signature"] as string, got?.body ?? ""),
    ).toBe(false);
  });

  it("prunes old outbox events every enabled subscription passed", async () => {
    const far = new Date(Date.now() + 30 * 86_400_000);
    const before = await db().outboxEvent.count();
    const deleted = await pruneOutbox(7, far);
    expect(deleted).toBeGreaterThan(0);
    expect(await db().outboxEvent.count()).toBe(before - deleted);
    const pending = await db().webhookDelivery.findMany({
      where: { state: "pending" },
      select: { eventId: true },
    });
    const left = await db().outboxEvent.findMany({ select: { id: true } });
    for (const p of pending) expect(left.map((e) => e.id)).toContain(p.eventId);
    const finished = await db().webhookDelivery.count({ where: { state: { not: "pending" } } });
    expect(await pruneDeliveries(7)).toBe(0); // recent ones stay
    expect(await pruneDeliveries(7, far)).toBe(finished);
    expect(await db().webhookDelivery.count({ where: { state: "pending" } })).toBe(pending.length);
  });
});
