// The product manager's firmware journey against the simulator: a signed image uploaded to the store
// and published, a wave
// for this fleet's devices (the device list's search, a 1-device canary), started; the canary device
// downloads the image from the file server, reboots into it and is verified; the wave is paused and
// resumed; the canary stage is rolled back (each device sent its previous image) and the wave aborted.
// Each step is checked on the page and in the database (Wave, WaveDevice, Task rows, device versions).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import type { Fleet } from "../sim";
import { startSpecFleet } from "./support/fleet";
import { checkPage } from "./support/a11y";
import { BASE_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { seedSignedImage, signedImageFile, trustDemoKey } from "./support/firmware";
import { createOperator, signIn } from "./support/operators";

const RUN = Date.now().toString(36);
const TAG = `e2e-wave-${RUN}`;
const VERSION = `E2E-${RUN}`;
const NAME = `Canary wave ${RUN}`;
const DRAFT = `Draft wave ${RUN}`;

let fleet: Fleet | undefined;
let serials: string[] = [];
let imageId = 0;
const seeded: number[] = [];
const files = mkdtempSync(path.join(tmpdir(), "vantage-e2e-wave-"));

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  // Seed 4242: serials unlike other specs' fleets (the database is shared across specs).
  fleet = await startSpecFleet({ devices: 3, seed: 4242, stbRatio: 0, retryScale: 0.1 });
  serials = fleet.devices.map((d) => d.serial);
  // The tag is the wave's target: this fleet only, whatever else the database holds.
  const devices = await testDb().device.findMany({ where: { serialNumber: { in: serials } } });
  await testDb().device.updateMany({
    where: { serialNumber: { in: serials } },
    data: { tags: { push: TAG } },
  });
  // Each device's current version as a store image, so a rollback can send it back (the store's
  // newest image of the device's previous version for its model).
  const previous = new Map(devices.map((d) => [`${d.productClass}|${d.softwareVersion}`, d]));
  for (const d of previous.values()) {
    seeded.push((await seedSignedImage({ version: d.softwareVersion, productClasses: [d.productClass] })).id);
  }
  await trustDemoKey();
});

test.afterAll(async () => {
  await fleet?.stop();
  const db = testDb();
  await db.wave.deleteMany({ where: { name: { in: [NAME, DRAFT] } } });
  await db.device.deleteMany({ where: { serialNumber: { in: serials } } });
  // Never offered again to other specs' devices (blocked, not deleted: transfer grants name them).
  await db.firmwareImage.updateMany({
    where: { id: { in: [...seeded, imageId] } },
    data: { state: "blocked" },
  });
  await closeTestDb();
});

async function confirm(page: Page, button: string, dialogTitle: RegExp, confirmText: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: dialogTitle });
  await dialog.getByRole("button", { name: confirmText, exact: true }).click();
  await expect(dialog).toBeHidden();
}

const waveState = (id: number) =>
  testDb()
    .wave.findUniqueOrThrow({ where: { id } })
    .then((w) => w.state);

test("create a wave with a canary, watch it verify, pause, resume, roll back the canary", async ({
  page,
  browser,
}) => {
  const product = await createOperator("product", RUN);
  const productRow = await testDb().operator.findUniqueOrThrow({ where: { username: product.username } });
  await testDb().savedSearch.create({
    data: { operatorId: productRow.id, name: `Wave fleet ${RUN}`, query: { tag: TAG } },
  });
  await signIn(page, product);
  await page.setViewportSize({ width: 1440, height: 900 });

  await test.step("upload the signed image to the store and publish it", async () => {
    const upload = signedImageFile(files, VERSION);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Firmware" }).click();
    await page.getByRole("button", { name: "Upload image" }).click();
    const dialog = page.getByRole("dialog", { name: "Upload image" });
    await dialog.getByLabel("Image file").setInputFiles(upload.file);
    await dialog.getByLabel("Signature file").setInputFiles(upload.signatureFile);
    await dialog.getByLabel("Version", { exact: true }).fill(VERSION);
    await dialog.getByLabel("Originator", { exact: true }).fill("Demo originator");
    await dialog.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(dialog.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", {
      timeout: 30_000,
    });
    await expect(dialog.getByText("Uploaded", { exact: true })).toBeVisible();
    const row = await testDb().firmwareImage.findFirstOrThrow({ where: { version: VERSION } });
    expect(row).toMatchObject({ state: "draft", sha256: upload.sha256 });
    imageId = row.id;
    await dialog.getByRole("link", { name: "Open the image" }).click();
    await expect(page).toHaveURL(new RegExp(`/firmware/${imageId}$`));
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published", { exact: true })).toBeVisible();
    await expect
      .poll(async () => (await testDb().firmwareImage.findUnique({ where: { id: imageId } }))?.state)
      .toBe("published");
  });

  await test.step("the waves list offers a new wave to a product operator", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Waves" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Waves" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New wave" })).toBeVisible();
    await checkPage(page, "waves-list");
  });

  let waveId = 0;
  await test.step("a wave for the device list's search: a 1-device canary, then everyone", async () => {
    // What the device list's "tag" search hands over in the URL.
    await page.goto(`/waves/new?tag=${encodeURIComponent(TAG)}`);
    await expect(page.getByRole("heading", { level: 1, name: "New wave" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill(NAME);
    await page.getByLabel("Image", { exact: true }).selectOption(String(imageId));
    await expect(page.getByTestId("wave-target-filter")).toContainText(`tag: ${TAG}`);
    // The same devices through the operator's saved search, then back to the search it came from.
    await page.getByLabel("A saved search").check();
    await page.getByLabel("Saved search", { exact: true }).selectOption({ label: `Wave fleet ${RUN}` });
    await expect(page.getByTestId("wave-preview")).toContainText(`${serials.length} of ${serials.length}`, {
      timeout: 20_000,
    });
    await page.getByLabel("The device search I came from").check();
    await expect(page.getByLabel("Canary size")).toHaveValue("1");
    // Canary, Stage 1 (10 %), Stage 2 (100 %): keep the canary and everyone else in one stage.
    await page.getByRole("button", { name: "Remove stage 1" }).click();
    await expect(page.getByLabel("Stage 1 size")).toHaveValue("100");
    await page.getByLabel("Verify within (minutes)").fill("5");
    // The window's next opening as the browser reads the pattern; left off for this wave.
    await page.getByLabel("Only in maintenance windows").check();
    await page.getByLabel("Window opens (cron)").fill("0 3 * * *");
    await page.getByLabel("Time zone").fill("Mars/Base");
    await expect(page.getByTestId("wave-window-preview")).toHaveText(
      "Not a window: Unknown time zone Mars/Base",
    );
    await page.getByLabel("Time zone").fill("UTC");
    await expect(page.getByTestId("wave-window-preview")).toHaveText(
      /^(Next window opens|A window is open now)/,
    );
    await page.getByLabel("Only in maintenance windows").uncheck();
    const preview = page.getByTestId("wave-preview");
    await expect(preview).toContainText(`${serials.length} of ${serials.length} matching devices`, {
      timeout: 20_000,
    });
    await expect(preview).toContainText("Canary: 1");
    await expect(preview).toContainText(`Stage 1: ${serials.length - 1}`);
    await checkPage(page, "wave-new");
    await page.getByRole("button", { name: "Start wave" }).click();
    await expect(page).toHaveURL(/\/waves\/\d+$/, { timeout: 15_000 });
    waveId = Number(/\/waves\/(\d+)$/.exec(page.url())?.[1]);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(NAME);
  });

  await test.step("the devices are frozen into the wave, and the canary device is verified", async () => {
    const wave = await testDb().wave.findUniqueOrThrow({ where: { id: waveId } });
    expect(wave.state).toBe("running");
    expect(wave.createdBy).toBe(product.username);
    const rows = await testDb().waveDevice.findMany({ where: { waveId } });
    expect(rows).toHaveLength(serials.length);
    expect(rows.filter((r) => r.stage === 0)).toHaveLength(1);
    await expect
      .poll(async () => (await testDb().waveDevice.findFirst({ where: { waveId, stage: 0 } }))?.state, {
        timeout: 60_000,
      })
      .toBe("verified");
    const canary = await testDb().waveDevice.findFirstOrThrow({ where: { waveId, stage: 0 } });
    const task = await testDb().task.findUniqueOrThrow({ where: { id: canary.taskId ?? -1 } });
    expect(task).toMatchObject({ name: "Download", state: "done" });
    const device = await testDb().device.findUniqueOrThrow({ where: { id: canary.deviceId } });
    expect(device.softwareVersion).toBe(VERSION);
    expect(canary.toVersion).toBe(VERSION);
    // The rest wait for the next stage (an hour after the canary): nothing was sent to them.
    const others = await testDb().waveDevice.findMany({ where: { waveId, stage: { not: 0 } } });
    expect(others.every((r) => r.state === "pending" && r.taskId === null)).toBe(true);
    await expect(page.getByTestId("total-verified")).toHaveText("1", { timeout: 10_000 });
    await expect(page.getByTestId(`wave-device-${device.serialNumber}`)).toContainText("Verified");
    await checkPage(page, "wave-running");
  });

  await test.step("pause and resume", async () => {
    await confirm(page, "Pause", /^Pause /, "Pause");
    await expect(page.getByRole("alert").filter({ hasText: "Paused" })).toBeVisible();
    await expect.poll(() => waveState(waveId)).toBe("paused");
    await checkPage(page, "wave-paused");
    await confirm(page, "Resume", /^Resume /, "Resume");
    await expect.poll(() => waveState(waveId)).toBe("running");
    await expect(page.getByRole("alert").filter({ hasText: "Paused" })).toHaveCount(0);
  });

  await test.step("roll back the canary stage: the device gets its previous image back", async () => {
    const before = await testDb().waveDevice.findFirstOrThrow({ where: { waveId, stage: 0 } });
    await confirm(page, "Roll back Canary", /^Roll back Canary/, "Roll back Canary");
    await expect(page.getByRole("status").filter({ hasText: "Rollback queued for 1 device" })).toBeVisible();
    const queued = await testDb().waveDevice.findFirstOrThrow({ where: { waveId, stage: 0 } });
    expect(queued.rollbackTaskId).not.toBeNull();
    const task = await testDb().task.findUniqueOrThrow({ where: { id: queued.rollbackTaskId ?? -1 } });
    expect(task.name).toBe("Download");
    await expect
      .poll(async () => (await testDb().waveDevice.findFirst({ where: { waveId, stage: 0 } }))?.state, {
        timeout: 60_000,
      })
      .toBe("rolled_back");
    const device = await testDb().device.findUniqueOrThrow({ where: { id: before.deviceId } });
    expect(device.softwareVersion).toBe(before.fromVersion);
    await expect(page.getByTestId("total-rolled_back")).toHaveText("1", { timeout: 10_000 });
  });

  await test.step("abort: the devices never sent the image stay as they were", async () => {
    await confirm(page, "Abort", /^Abort /, "Abort wave");
    await expect.poll(() => waveState(waveId)).toBe("aborted");
    const sent = await testDb().task.count({
      where: { name: "Download", device: { serialNumber: { in: serials } }, batchId: `wave-${waveId}` },
    });
    expect(sent).toBe(2); // the canary's upgrade and its rollback
    await expect(page.getByText("Aborted", { exact: true }).first()).toBeVisible();
  });

  await test.step("the list shows the wave with its state and progress", async () => {
    await page.getByRole("link", { name: "Waves", exact: true }).first().click();
    await page.getByLabel("State").selectOption("aborted");
    const row = page.getByTestId(`wave-${waveId}`);
    await expect(row).toContainText(NAME);
    await expect(row).toContainText("Aborted");
    await expect(row.getByRole("img", { name: /1 rolled back/ })).toBeVisible();
    await checkPage(page, "waves-list-aborted");
  });

  await test.step("a second wave saved as a draft, for the operator's saved search", async () => {
    await page.getByRole("link", { name: "New wave" }).click();
    await expect(page).toHaveURL(/\/waves\/new$/);
    await page.getByLabel("Name", { exact: true }).fill(DRAFT);
    await page.getByLabel("Image", { exact: true }).selectOption(String(imageId));
    // Opened without a device search, the form targets a saved search.
    await page.getByLabel("Saved search", { exact: true }).selectOption({ label: `Wave fleet ${RUN}` });
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(/\/waves\/\d+$/, { timeout: 15_000 });
    const id = Number(/\/waves\/(\d+)$/.exec(page.url())?.[1]);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Draft");
    await expect(page.getByRole("button", { name: "Start", exact: true })).toBeVisible();
    await expect(page.getByTestId("wave-target")).toContainText(`tag: ${TAG}`);
    const draft = await testDb().wave.findUniqueOrThrow({ where: { id } });
    expect(draft).toMatchObject({ state: "draft", imageId });
    expect(draft.selection).toMatchObject({ filter: { tag: TAG } });
    expect(await testDb().waveDevice.count({ where: { waveId: id } })).toBe(0);
    await checkPage(page, "wave-draft");
  });

  await test.step("a NOC operator reads the wave but cannot change it", async () => {
    const noc = await createOperator("noc", RUN);
    const context = await browser.newContext({ baseURL: BASE_URL });
    const other = await context.newPage();
    try {
      await signIn(other, noc);
      await other.goto(`/waves/${waveId}`);
      await expect(other.getByRole("heading", { level: 1 })).toContainText(NAME);
      await expect(other.getByTestId("total-rolled_back")).toHaveText("1");
      await expect(other.getByRole("button", { name: /Roll back|Abort|Pause|Resume|Start/ })).toHaveCount(0);
      await other.goto("/waves");
      await expect(other.getByRole("heading", { level: 1, name: "Waves" })).toBeVisible();
      await expect(other.getByRole("link", { name: "New wave" })).toHaveCount(0);
      await other.goto("/waves/new");
      await expect(other.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
