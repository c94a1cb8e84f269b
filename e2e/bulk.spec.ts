// Bulk work in the browser against simulated CPEs: an admin (bulk tag and set need devices.write too,
// which noc lacks) selects devices on the list, tags
// them, then sets a parameter on all of them (first with a value the data model refuses); the job
// pages show progress reaching 100 % and per-device outcomes; the database and the devices agree.
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../server/auth/password";
import { startFleet, type Fleet } from "../sim";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";

const NOC = "e2e-bulk-noc";
const NOC_PASSWORD = "e2e-bulk-noc-password";
const TAG = "e2e-bulk-pilot";
const PATH = "Device.ManagementServer.PeriodicInformInterval";
let fleet: Fleet;
let serials: string[] = [];

test.beforeAll(async () => {
  await testDb().operator.create({
    data: {
      username: NOC,
      name: "E2E NOC",
      role: "admin",
      passwordHash: await hashPassword(NOC_PASSWORD, { N: 1024, r: 8, p: 1 }),
    },
  });
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 3,
    seed: 5151,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 300,
    evolveEveryMs: 0,
  });
  serials = fleet.devices.map((d) => d.serial);
  // Bootstrapped: each device answered the server's first full read, so it takes connection requests.
  await expect
    .poll(
      async () =>
        testDb().task.count({
          where: { name: "GetParameterValues", state: "done", device: { serialNumber: { in: serials } } },
        }),
      { timeout: 40_000 },
    )
    .toBeGreaterThanOrEqual(serials.length);
});

test.afterAll(async () => {
  await fleet?.stop();
  // Later specs count devices from an empty start.
  await testDb().device.deleteMany({ where: { serialNumber: { in: serials } } });
  await closeTestDb();
});

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(NOC);
  await page.getByLabel("Password").fill(NOC_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);
}

async function selectFleet(page: Page) {
  await page.goto("/devices");
  for (const serial of serials) await page.getByLabel(`Select ${serial}`).check();
  await page.getByRole("button", { name: `Bulk actions (${serials.length})` }).click();
  return page.getByRole("dialog", { name: `Bulk action on ${serials.length} devices` });
}

async function openJob(page: Page): Promise<number> {
  const link = page.getByRole("link", { name: /View job #\d+/ });
  const id = Number((await link.textContent())?.match(/#(\d+)/)?.[1]);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/bulk/${id}$`));
  return id;
}

test("an operator with devices.bulk and devices.write tags devices and sets a parameter in bulk, and sees per-device outcomes", async ({
  page,
}) => {
  await signIn(page);

  await test.step("tag the selected devices", async () => {
    const dialog = await selectFleet(page);
    await dialog.getByLabel("Action").selectOption("tag");
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByText("Enter a tag")).toBeVisible();
    await expect(dialog.getByLabel("Tag")).toHaveAttribute("aria-invalid", "true");
    await expectNoSeriousViolations(page);
    await dialog.getByLabel("Tag").fill(TAG);
    await dialog.getByRole("button", { name: "Review" }).click();
    await expect(dialog.getByText(`Add tag "${TAG}" to 3 devices.`)).toBeVisible();
    await dialog.getByRole("button", { name: "Start job" }).click();
    const id = await openJob(page);
    await expect(page.getByRole("progressbar", { name: "Job progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
    );
    await expect(page.getByRole("heading", { name: `Bulk job #${id}: tag "${TAG}"` })).toBeVisible();
    const outcomes = page.getByRole("table", { name: "Per-device outcomes" });
    for (const serial of serials) {
      await expect(outcomes.getByRole("row").filter({ hasText: serial })).toContainText("done");
    }
    const tagged = await testDb().device.findMany({ where: { serialNumber: { in: serials } } });
    expect(tagged.every((d) => d.tags.includes(TAG))).toBe(true);
    expect(await testDb().bulkJob.findUnique({ where: { id } })).toMatchObject({
      state: "done",
      succeeded: 3,
    });
  });

  await test.step("set a parameter: refused value first, then applied on each STB", async () => {
    const dialog = await selectFleet(page);
    await dialog.getByLabel("Action").selectOption("set");
    // A TR-098 gateway path with a value its data model refuses: nothing is created.
    await dialog
      .getByLabel("Parameter path")
      .fill("InternetGatewayDevice.ManagementServer.PeriodicInformInterval");
    await dialog.getByLabel("Value").fill("often");
    await dialog.getByRole("button", { name: "Review" }).click();
    await dialog.getByRole("button", { name: "Start job" }).click();
    await expect(dialog.getByRole("alert")).toContainText('"often" is not an unsignedInt');
    await dialog.getByRole("button", { name: "Back" }).click();
    await dialog.getByLabel("Parameter path").fill(PATH);
    await dialog.getByLabel("Value").fill("1800");
    await dialog.getByRole("button", { name: "Review" }).click();
    await page.screenshot({ path: test.info().outputPath("bulk-dialog.png") });
    await dialog.getByRole("button", { name: "Start job" }).click();
    const id = await openJob(page);
    await expect(page.getByRole("progressbar", { name: "Job progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
      {
        timeout: 30_000,
      },
    );
    const devices = await testDb().device.findMany({ where: { serialNumber: { in: serials } } });
    const stbs = devices.filter((d) => d.rootObject === "Device");
    const gateways = devices.filter((d) => d.rootObject !== "Device");
    const outcomes = page.getByRole("table", { name: "Per-device outcomes" });
    for (const d of stbs) {
      await expect(outcomes.getByRole("row").filter({ hasText: d.serialNumber })).toContainText("done");
      expect(fleet.device(d.serialNumber)?.tree.get(PATH)).toBe("1800");
    }
    // TR-098 gateways have no "Device." tree: each faults the value, shown next to the device.
    await page.getByLabel("Outcome", { exact: true }).selectOption("failed");
    for (const d of gateways) {
      await expect(outcomes.getByRole("row").filter({ hasText: d.serialNumber })).toContainText(
        /failed.*900\d/,
      );
    }
    await expect(outcomes.getByRole("row")).toHaveCount(gateways.length + 1);
    await checkPage(page, "bulk-job");
    const job = await testDb().bulkJob.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ state: "done", total: 3, succeeded: stbs.length, failed: gateways.length });
    const tasks = await testDb().task.findMany({ where: { batchId: `bulk-${id}` } });
    expect(tasks).toHaveLength(3);
    expect(tasks.every((t) => t.createdBy === NOC && t.name === "SetParameterValues")).toBe(true);
    const audit = await testDb().auditLog.findFirst({
      where: { action: "bulk.create", target: { contains: `#${id}` } },
    });
    expect(audit?.target).toContain(`set ${PATH} = 1800`);
  });

  await test.step("the jobs list shows both jobs finished", async () => {
    await page.getByRole("link", { name: "Bulk jobs", exact: true }).click();
    const table = page.getByRole("table", { name: "Bulk jobs" });
    await expect(
      table
        .getByRole("row")
        .filter({ hasText: `tag "${TAG}"` })
        .first(),
    ).toContainText("done");
    await expect(
      table
        .getByRole("row")
        .filter({ hasText: `set ${PATH} = 1800` })
        .first(),
    ).toContainText("done");
    await checkPage(page, "bulk-list");

    // Keyboard: the first row takes the tab stop, Down moves, Enter opens that job.
    const first = table.getByRole("row").nth(1);
    await first.focus();
    await page.keyboard.press("ArrowDown");
    const second = table.getByRole("row").nth(2);
    await expect(second).toBeFocused();
    const secondId = ((await second.getByRole("link").textContent()) ?? "").replace("#", "");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/bulk/${secondId}$`));
  });
});
