// A product operator sends a store image to one simulated device from its Software tab: the dialog
// lists the image (applicable to this model), the Download is served by the file server with the
// transfer's own credentials, the device boots into the new version, and the tab shows the transfer
// done with before → after. The database confirms the task's versions and the device's new version.
import { expect, test } from "@playwright/test";
import type { Fleet } from "../sim";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { checkPage } from "./support/a11y";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { seedSignedImage } from "./support/firmware";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const VERSION = `7.7.${Date.now() % 100_000}`;

let fleet: Fleet | undefined;
let product: TestOperator;
let deviceId = 0;
let productClass = "";
let before = "";

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  // Seed 8311: serials unlike other specs' fleets (shared database).
  fleet = await startSpecFleet({ devices: 1, seed: 8311, startSpreadMs: 100 });
  const device = await testDb().device.findFirstOrThrow({
    where: { serialNumber: fleet.devices[0]!.serial },
  });
  deviceId = device.id;
  productClass = device.productClass;
  before = device.softwareVersion;
  await seedSignedImage({ version: VERSION, productClasses: [productClass] });
  product = await createOperator("product", RUN);
});

test.afterAll(async () => {
  await removeSpecFleet(fleet);
  await testDb().firmwareImage.deleteMany({ where: { version: VERSION } });
  await testDb().operator.deleteMany({ where: { username: product?.username } });
  await closeTestDb();
});

test("a product operator sends an image from the Software tab and sees it installed", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, product);
  await page.goto(`/devices/${deviceId}?tab=software`);
  await expect(page.getByRole("tab", { name: "Software", selected: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Firmware/ })).toContainText(before);
  await checkPage(page, "device-software-tab");

  await test.step("choose the image in the Send image dialog and send it", async () => {
    await page.getByRole("button", { name: "Send image" }).click();
    const dialog = page.getByRole("dialog", { name: "Send image" });
    await expect(dialog).toBeVisible();
    const image = dialog.getByLabel("Image", { exact: true });
    await expect(image.locator("option", { hasText: VERSION })).toHaveCount(1);
    await image.selectOption({ label: `${VERSION} · firmware-${VERSION}.bin` });
    await expect(dialog.getByText(/FileSize/)).toBeVisible();
    await checkPage(page, "device-send-image-dialog");
    await dialog.getByRole("button", { name: "Send" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("the transfer ends done with the new version", async () => {
    const transfers = page.getByRole("list", { name: "Recent transfers" });
    await expect(transfers.getByText(`${before} → ${VERSION}`)).toBeVisible({ timeout: 90_000 });
    await expect(transfers.getByText("Done").first()).toBeVisible();
  });

  const task = await testDb().task.findFirstOrThrow({
    where: { deviceId, name: "Download", createdBy: product.username },
    orderBy: { id: "desc" },
  });
  expect(task.state).toBe("done");
  expect(task.result).toMatchObject({ softwareVersionBefore: before, softwareVersionAfter: VERSION });
  expect((await testDb().device.findUniqueOrThrow({ where: { id: deviceId } })).softwareVersion).toBe(
    VERSION,
  );
  const audit = await testDb().auditLog.findFirstOrThrow({ where: { action: "device.download", deviceId } });
  expect(JSON.stringify(audit.after)).not.toMatch(/password/i);
  const image = await testDb().firmwareImage.findFirstOrThrow({ where: { version: VERSION } });
  expect(image.downloads).toBe(1);
});

test("an admin asks the device for its configuration and downloads the file it sent", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, { username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
  await page.goto(`/devices/${deviceId}?tab=software`);
  const files = page.getByRole("region", { name: "Files from the device" });
  await files.getByRole("button", { name: "Ask for config/log upload" }).click();
  await expect(files.getByRole("status")).toContainText("Upload queued");
  const task = await testDb().task.findFirstOrThrow({
    where: { deviceId, name: "Upload" },
    orderBy: { id: "desc" },
  });
  await expect
    .poll(async () => (await testDb().task.findUniqueOrThrow({ where: { id: task.id } })).state, {
      timeout: 60_000,
    })
    .toBe("done");
  const stored = await testDb().deviceFile.findFirstOrThrow({ where: { deviceId, taskId: task.id } });
  await page.reload();
  const link = page.getByRole("link", { name: stored.fileName });
  await expect(link).toBeVisible();
  const response = await page.request.get(`/api/device-files/${stored.id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toContain("attachment");
  expect((await response.body()).length).toBe(Number(stored.size));
  await expect
    .poll(() => testDb().auditLog.count({ where: { action: "device.file.download", deviceId } }))
    .toBe(1);
  // Signed out: refused.
  await page.context().clearCookies();
  expect((await page.request.get(`/api/device-files/${stored.id}`)).status()).toBe(401);
});
