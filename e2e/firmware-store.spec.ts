// The software store in the browser: a product operator uploads a signed image (the progress bar
// reaches 100 %), sees it listed as a draft, publishes it (the database has it published and an
// image.published event); a tampered image is refused with the reason and leaves no file behind; a
// viewer sees the store without the Upload button.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { parsePublicKey, signImage } from "../server/firmware/signature";
import { makeSimImage } from "../sim/firmware-image";
import { DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY } from "../tests/support/firmware";
import { checkPage } from "./support/a11y";
import { BASE_URL, DATA_DIR_ENV } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const VERSION = `E2E-${RUN}`;
const PRODUCT_CLASS = `E2EPC${RUN}`;
const files = mkdtempSync(path.join(tmpdir(), "vantage-e2e-store-"));
const image = makeSimImage({ version: VERSION, productClasses: [PRODUCT_CLASS] }, 6 * 1024 * 1024);
const tampered = Buffer.from(image);
tampered[100] = (tampered.at(100) ?? 0) ^ 0x01;
const IMAGE_FILE = path.join(files, `fw-${VERSION}.bin`);
const TAMPERED_FILE = path.join(files, `tampered-${VERSION}.bin`);
const SIGNATURE_FILE = path.join(files, `fw-${VERSION}.sig`);
const uploadTmp = () => {
  try {
    return readdirSync(path.join(process.env[DATA_DIR_ENV] ?? "", "firmware", "tmp"));
  } catch {
    return [];
  }
};

let product: TestOperator;
let viewer: TestOperator;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  writeFileSync(IMAGE_FILE, image);
  writeFileSync(TAMPERED_FILE, tampered);
  writeFileSync(SIGNATURE_FILE, signImage(DEMO_PRIVATE_KEY, image).toString("base64") + "\n");
  const parsed = parsePublicKey(DEMO_PUBLIC_KEY);
  if ("error" in parsed) throw new Error(parsed.error);
  await testDb().firmwareKey.upsert({
    where: { fingerprint: parsed.fingerprint },
    create: { name: "Demo originator", ...parsed },
    update: { revokedAt: null },
  });
  product = await createOperator("product", RUN);
  viewer = await createOperator("viewer", RUN);
});

test.afterAll(async () => {
  await closeTestDb();
});

async function fillUpload(page: Page, file: string) {
  await page.getByRole("button", { name: "Upload image" }).click();
  const dialog = page.getByRole("dialog", { name: "Upload image" });
  await dialog.getByLabel("Image file").setInputFiles(file);
  await dialog.getByLabel("Signature file").setInputFiles(SIGNATURE_FILE);
  await dialog.getByLabel("Version", { exact: true }).fill(VERSION);
  await dialog.getByLabel("Originator", { exact: true }).fill("E2E Originator");
  await dialog.getByLabel("Product classes", { exact: true }).fill(PRODUCT_CLASS);
  await dialog.getByLabel("Release notes").fill("Made by the e2e journey.");
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  return dialog;
}

test("a product operator uploads a signed image with progress, then publishes it", async ({ page }) => {
  await signIn(page, product);
  await page.goto("/firmware");
  await expect(page.getByRole("heading", { name: "Software store" })).toBeVisible();
  const dialog = await fillUpload(page, IMAGE_FILE);
  const bar = dialog.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(dialog.getByText("Uploaded", { exact: true })).toBeVisible();
  await expect(dialog.getByTestId("upload-percent")).toHaveText("100 %");

  const row = await testDb().firmwareImage.findFirstOrThrow({ where: { version: VERSION } });
  expect(row.state).toBe("draft");
  expect(row.sha256).toBe(createHash("sha256").update(image).digest("hex"));
  expect(Number(row.size)).toBe(image.length);
  expect(row.keyId).not.toBeNull();
  expect(uploadTmp()).toEqual([]);

  await dialog.getByRole("button", { name: "Close" }).click();
  const listed = page.getByTestId(`image-${row.id}`);
  await expect(listed).toContainText(`fw-${VERSION}.bin`);
  await expect(listed).toContainText("Draft");
  await checkPage(page, "firmware-store");

  await listed.getByRole("link", { name: `fw-${VERSION}.bin` }).click();
  await expect(page).toHaveURL(new RegExp(`/firmware/${row.id}$`));
  await expect(page.getByText("Signature verified")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await checkPage(page, "firmware-image");

  const published = await testDb().firmwareImage.findUniqueOrThrow({ where: { id: row.id } });
  expect(published.state).toBe("published");
  expect(published.publishedAt).not.toBeNull();
  const events = await testDb().outboxEvent.findMany({ where: { type: "image.published" } });
  expect(events.some((e) => (e.payload as { imageId?: number }).imageId === row.id)).toBe(true);

  // Published: the notes may still change, the version no longer.
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit fw-${VERSION}.bin` });
  await expect(edit.getByLabel("Version", { exact: true })).toBeDisabled();
  await edit.getByLabel("Release notes").fill("Known issue: none.");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Known issue: none.")).toBeVisible();
  expect((await testDb().firmwareImage.findUniqueOrThrow({ where: { id: row.id } })).releaseNotes).toBe(
    "Known issue: none.",
  );
});

test("a tampered image is refused with the reason and nothing is kept", async ({ page }) => {
  const before = await testDb().firmwareImage.count();
  await signIn(page, product);
  await page.goto("/firmware");
  const dialog = await fillUpload(page, TAMPERED_FILE);
  await expect(dialog.getByRole("alert")).toContainText("does not match", { timeout: 60_000 });
  expect(await testDb().firmwareImage.count()).toBe(before);
  expect(uploadTmp()).toEqual([]);
});

test("the upload route refuses the signed-out and other origins", async ({ page, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
  expect((await anonymous.post("/api/firmware/images", { data: image.subarray(0, 10) })).status()).toBe(401);
  await anonymous.dispose();
  await signIn(page, product);
  const foreign = await page.request.post("/api/firmware/images", {
    data: image.subarray(0, 10),
    headers: { origin: "http://evil.invalid" },
  });
  expect(foreign.status()).toBe(403);
});

test("a viewer reads the store but has no Upload button, and the route refuses the viewer", async ({
  page,
}) => {
  await signIn(page, viewer);
  await page.goto("/firmware");
  await expect(page.getByRole("heading", { name: "Software store" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Images" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload image" })).toHaveCount(0);
  const refused = await page.request.post("/api/firmware/images", {
    data: image.subarray(0, 10),
    headers: { origin: BASE_URL },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: string }).error).toMatch(/firmware.rollout/);
});
