// An integrator's flow against the real server and simulator (issue 13): an administrator creates an
// API token and a webhook subscription in the console (each secret shown once); then a small OSS script
// using only Node's fetch finds a box through the REST API, sets a value with an Idempotency-Key (sent
// twice, queued once), and learns that the task finished from the signed webhook its receiver (on
// loopback, started here) verifies; the task and the value are read back through the API and checked in
// the database, with the audit row naming the token.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import type { Fleet } from "../sim";
import { verifyWebhookSignature } from "../server/nbi/webhooks/sign";
import { BASE_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const TOKEN_NAME = `OSS script ${RUN}`;
const HOOK_NAME = `OSS hooks ${RUN}`;

interface Delivery {
  event: string;
  body: string;
  signature: string | undefined;
}

let admin: TestOperator;
let fleet: Fleet | undefined;
let receiver: http.Server;
let receiverUrl = "";
const deliveries: Delivery[] = [];

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  admin = await createOperator("admin", `oss-${RUN}`);
  fleet = await startSpecFleet({ devices: 3, seed: 13013, stbRatio: 0 });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      deliveries.push({
        event: String(req.headers["vantage-event"] ?? ""),
        body,
        signature: req.headers["vantage-signature"] as string | undefined,
      });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/vantage`;
});

test.afterAll(async () => {
  await removeSpecFleet(fleet);
  await new Promise<void>((r) => receiver.close(() => r()));
  await testDb().webhookSubscription.deleteMany({ where: { name: HOOK_NAME } });
  await closeTestDb();
});

/** The OSS script's whole HTTP client: fetch with the token, JSON in and out. */
function api(token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : null };
  };
}

test("an OSS script finds a box, sets a value and learns the result from a signed webhook", async ({
  page,
}) => {
  const f = fleet!;
  await signIn(page, admin);

  let token = "";
  await test.step("the admin creates a help-desk token (shown once)", async () => {
    await page.goto("/admin/api-tokens");
    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API token" });
    await dialog.getByLabel("Name").fill(TOKEN_NAME);
    await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Help desk" });
    await dialog.getByLabel("Expires after (days)").fill("1");
    await dialog.getByRole("button", { name: "Create token" }).click();
    const shown = dialog.getByLabel("New API token");
    await expect(shown).toHaveText(/^vtk_[A-Za-z0-9_-]{43}$/);
    token = (await shown.textContent()) ?? "";
    await dialog.getByRole("button", { name: "Done" }).click();
  });

  let secret = "";
  await test.step("the admin subscribes the OSS receiver to task events (secret shown once)", async () => {
    await page.goto("/admin/webhooks");
    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.getByLabel("Name").fill(HOOK_NAME);
    await dialog.getByLabel("URL").fill(receiverUrl);
    await dialog.getByLabel("task.done").check();
    await dialog.getByLabel("task.failed").check();
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    const shown = page.getByTestId("webhook-secret");
    await expect(shown).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    secret = (await shown.textContent()) ?? "";
    await page.getByRole("button", { name: "I have copied it" }).click();
  });

  const call = api(token);
  const serial = f.devices[0]!.serial;
  let deviceId = 0;
  let root = "";
  await test.step("no token, no answer; the document describes the API", async () => {
    const anonymous = await fetch(`${BASE_URL}/api/v1/devices`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const doc = await call("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect((doc.json as { openapi: string }).openapi).toMatch(/^3\.1\./);
  });

  await test.step("find the box by its serial", async () => {
    const found = await call("GET", `/devices?q=${encodeURIComponent(serial)}`);
    expect(found.status).toBe(200);
    expect(found.headers.get("x-request-id")).toBeTruthy();
    const items = (found.json as { items: Array<{ id: number; serialNumber: string }> }).items;
    const device = items.find((d) => d.serialNumber === serial);
    expect(device, "the box is found").toBeDefined();
    deviceId = device!.id;
    const detail = await call("GET", `/devices/${deviceId}`);
    expect(detail.status).toBe(200);
    root = (await testDb().device.findUniqueOrThrow({ where: { id: deviceId } })).rootObject;
  });

  const path = () => `${root}.DeviceInfo.ProvisioningCode`;
  const value = `OSS-${RUN}`;
  let taskId = 0;
  await test.step("set a value, twice with one Idempotency-Key: one task", async () => {
    const body = { name: "SetParameterValues", path: path(), value };
    const first = await call("POST", `/devices/${deviceId}/tasks`, body, { "idempotency-key": `set-${RUN}` });
    expect(first.status).toBe(200);
    const again = await call("POST", `/devices/${deviceId}/tasks`, body, { "idempotency-key": `set-${RUN}` });
    expect(again.json).toEqual(first.json);
    const ids = (first.json as { taskIds: number[] }).taskIds;
    expect(ids).toHaveLength(1);
    taskId = ids[0]!;
    const identity = await testDb().apiToken.findFirstOrThrow({
      where: { name: TOKEN_NAME },
      include: { operator: true },
    });
    expect(await testDb().task.count({ where: { deviceId, createdBy: identity.operator.username } })).toBe(1);
  });

  await test.step("the receiver gets task.done, signed", async () => {
    await expect
      .poll(
        () =>
          deliveries.find((d) => {
            const parsed = JSON.parse(d.body) as { data?: { taskId?: number } };
            return d.event === "task.done" && parsed.data?.taskId === taskId;
          }) !== undefined,
        { timeout: 60_000, message: "task.done delivered to the receiver" },
      )
      .toBe(true);
    const done = deliveries.find((d) => d.event === "task.done" && d.body.includes(`"taskId":${taskId}`))!;
    expect(verifyWebhookSignature(secret, done.signature, done.body)).toBe(true);
    expect(verifyWebhookSignature(secret, done.signature, done.body.replace("done", "fault"))).toBe(false);
    const event = JSON.parse(done.body) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe("task.done");
    expect(event.data).toMatchObject({ taskId, deviceId, serial, name: "SetParameterValues" });
    // Parameter values never travel in events.
    expect(done.body).not.toContain(value);
  });

  await test.step("the task and the value read back through the API and in the database", async () => {
    const task = await call("GET", `/tasks/${taskId}`);
    expect(task.status).toBe(200);
    expect(task.json).toMatchObject({ id: taskId, state: "done" });
    const params = await call(
      "GET",
      `/devices/${deviceId}/parameters?path=${encodeURIComponent(`${root}.DeviceInfo.`)}`,
    );
    expect(params.status).toBe(200);
    expect(JSON.stringify(params.json)).toContain(value);
    const tokenRow = await testDb().apiToken.findFirstOrThrow({ where: { name: TOKEN_NAME } });
    const audit = await testDb().auditLog.findMany({ where: { operatorId: tokenRow.operatorId, deviceId } });
    expect(audit.length).toBeGreaterThan(0);
    expect(tokenRow.lastUsedAt).not.toBeNull();
  });
});
