// A product operator installs a run-time application on a simulated STB from its Software tab: the
// Install app dialog lists the store's deployment unit, the device installs it without a reboot
// (ChangeDUState → DUStateChangeComplete), the Apps table shows it with its Active execution unit; then
// an update to the newer store version and a confirmed uninstall. The database confirms the tasks.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEPLOYMENT_UNIT_TYPE } from "../lib/firmware/file-types";
import { signImage } from "../server/firmware/signature";
import type { Fleet } from "../sim";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { makeSimDu } from "../sim/du-package";
import { checkPage } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { e2eImageDir, trustDemoKey } from "./support/firmware";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const UUID = `${randomBytes(4).toString("hex")}-0e2e-4a11-8b00-${randomBytes(6).toString("hex")}`;
const APP = `Weather ${RUN}`;
const DEMO_KEY = path.resolve(import.meta.dirname, "../scripts/demo-keys/demo-originator.key.pem");

let fleet: Fleet | undefined;
let product: TestOperator;
let deviceId = 0;

/** A signed, published deployment unit of `version` in the server's store. */
async function seedApp(version: string) {
  const bytes = makeSimDu({ name: APP, version, uuid: UUID }, 8 * 1024);
  const storageName = randomBytes(16).toString("hex");
  writeFileSync(path.join(e2eImageDir(), storageName), bytes, { mode: 0o600 });
  return testDb().firmwareImage.create({
    data: {
      fileName: `weather-${version}.du`,
      storageName,
      size: BigInt(bytes.length),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
      fileType: DEPLOYMENT_UNIT_TYPE,
      version,
      originator: "Demo originator",
      duUuid: UUID,
      signature: signImage(readFileSync(DEMO_KEY, "utf8"), bytes).toString("base64"),
      keyId: await trustDemoKey(),
      state: "published",
      publishedAt: new Date(),
    },
  });
}

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  // Seed 8411: a gateway and an STB, serials unlike other specs' fleets (shared database).
  fleet = await startSpecFleet({ devices: 2, seed: 8411, startSpreadMs: 100 });
  const serial = fleet.devices.find((d) => d.identity.kind === "stb")!.serial;
  deviceId = (await testDb().device.findFirstOrThrow({ where: { serialNumber: serial } })).id;
  await seedApp("1.0.0");
  await seedApp("1.1.0");
  product = await createOperator("product", RUN);
});

test.afterAll(async () => {
  await removeSpecFleet(fleet);
  await testDb().firmwareImage.deleteMany({ where: { duUuid: UUID } });
  await testDb().operator.deleteMany({ where: { username: product?.username } });
  await closeTestDb();
});

test("a product operator installs, updates and uninstalls an app without a reboot", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, product);
  await page.goto(`/devices/${deviceId}?tab=software`);
  const apps = page.getByRole("table", { name: "Deployment units" });
  await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
  const bootBefore = (await testDb().device.findUniqueOrThrow({ where: { id: deviceId } })).lastBoot;

  await test.step("install 1.0.0 from the Install app dialog", async () => {
    await page.getByRole("button", { name: "Install app" }).click();
    const dialog = page.getByRole("dialog", { name: "Install an app" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText("weather-1.1.0.du")).toBeVisible();
    await checkPage(page, "device-install-app-dialog");
    await dialog.getByRole("button", { name: "Install weather-1.0.0.du 1.0.0" }).click();
    await expect(dialog).toBeHidden();
    await expect(apps.getByRole("rowheader", { name: new RegExp(APP) })).toBeVisible({ timeout: 60_000 });
    await expect(apps.getByText("Active")).toBeVisible();
    await expect(apps.getByRole("cell", { name: "1.0.0", exact: true })).toBeVisible();
    await checkPage(page, "device-apps-installed");
  });

  await test.step("update to the newer store version", async () => {
    await page.getByRole("button", { name: `Update ${APP} to 1.1.0` }).click();
    await expect(apps.getByRole("cell", { name: "1.1.0", exact: true })).toBeVisible({ timeout: 60_000 });
  });

  await test.step("uninstall after confirming", async () => {
    await page.getByRole("button", { name: `Uninstall ${APP}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Uninstall" }).click();
    await expect(apps.getByRole("rowheader", { name: new RegExp(APP) })).toBeHidden({ timeout: 60_000 });
  });

  const tasks = await testDb().task.findMany({
    where: { deviceId, name: "ChangeDUState", createdBy: product.username },
    orderBy: { id: "asc" },
  });
  expect(
    tasks.map((t) => [t.state, (t.request as { operations: { op: string }[] }).operations[0]?.op]),
  ).toEqual([
    ["done", "Install"],
    ["done", "Update"],
    ["done", "Uninstall"],
  ]);
  expect((await testDb().device.findUniqueOrThrow({ where: { id: deviceId } })).lastBoot).toEqual(bootBefore);
  const audits = await testDb().auditLog.findMany({ where: { deviceId, action: { startsWith: "app." } } });
  expect(audits.map((a) => a.action).sort()).toEqual(["app.install", "app.uninstall", "app.update"]);
  expect(JSON.stringify(audits.map((a) => a.after))).not.toMatch(/password/i);
});
