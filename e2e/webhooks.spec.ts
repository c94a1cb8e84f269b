// Webhooks in the console: an admin subscribes a loopback receiver started here, sees the signing
// secret once, sends a test event; the delivery log shows it delivered and the receiver verified its
// signature with that secret. Checked on the page, at the receiver and in the database.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifyWebhookSignature } from "../server/nbi/webhooks/sign";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const NAME = `Billing hooks ${RUN}`;

interface Received {
  event: string | undefined;
  body: string;
  signature: string | undefined;
}

let admin: TestOperator;
let receiver: http.Server;
let receiverUrl = "";
const received: Received[] = [];

test.beforeAll(async () => {
  admin = await createOperator("admin", `webhooks-${RUN}`);
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({
        event: req.headers["vantage-event"] as string | undefined,
        body,
        signature: req.headers["vantage-signature"] as string | undefined,
      });
      res.statusCode = 200;
      res.end("thanks");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

test.afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  await closeTestDb();
});

test("admin subscribes a receiver, sees the secret once, and a test event arrives signed", async ({
  page,
}) => {
  await signIn(page, admin);
  await page.goto("/admin/operators");
  await page
    .getByRole("navigation", { name: "Admin sections" })
    .getByRole("link", { name: "Webhooks" })
    .click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  let secret = "";
  await test.step("create: events as checkboxes, then the secret once", async () => {
    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.getByLabel("Name").fill(NAME);
    await dialog.getByLabel("URL").fill("ftp://127.0.0.1/");
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    await expect(dialog.getByText("the URL must be http or https")).toBeVisible();
    await expect(dialog.getByText("choose at least one event")).toBeVisible();
    await dialog.getByLabel("URL").fill(receiverUrl);
    await dialog.getByLabel("task.done").check();
    await dialog.getByLabel("device.registered").check();
    await expectNoSeriousViolations(page);
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    await expect(dialog).toBeHidden();
    const shown = page.getByTestId("webhook-secret");
    await expect(shown).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    secret = (await shown.textContent()) ?? "";
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect(shown).toBeHidden();
    expect(await page.content()).not.toContain(secret);
  });

  const row = page.getByRole("row").filter({ hasText: NAME });
  await test.step("the list shows it enabled; the database keeps the secret sealed", async () => {
    await expect(row).toContainText("Enabled");
    await expect(row).toContainText("task.done");
    const stored = await testDb().webhookSubscription.findFirstOrThrow({ where: { name: NAME } });
    expect(stored.sealedSecret).not.toContain(secret.slice(6));
    expect(stored.events.sort()).toEqual(["device.registered", "task.done"]);
    await checkPage(page, "admin-webhooks");
  });

  await test.step("send a test event: delivered, logged, signature verified", async () => {
    await row.getByRole("button", { name: `Send a test event to ${NAME}` }).click();
    await row.getByRole("button", { name: `Deliveries of ${NAME}` }).click();
    const log = page.getByRole("dialog", { name: `Deliveries of ${NAME}` });
    const delivery = log.getByRole("row").filter({ hasText: "webhook.test" });
    await expect(delivery).toContainText("delivered", { timeout: 20_000 });
    await expect(delivery).toContainText("200");
    await expect(delivery).toContainText(/\d+ ms/);
    expect(received).toHaveLength(1);
    const got = received[0];
    expect(got?.event).toBe("webhook.test");
    expect(verifyWebhookSignature(secret, got?.signature, got?.body ?? "")).toBe(true);
    expect(verifyWebhookSignature(secret, got?.signature, `${got?.body ?? ""} `)).toBe(false);
    const stored = await testDb().webhookDelivery.findMany({
      where: { subscription: { name: NAME } },
    });
    expect(stored.map((d) => [d.eventType, d.state, d.lastStatus])).toEqual([
      ["webhook.test", "delivered", 200],
    ]);
    await expectNoSeriousViolations(page);
  });
});
