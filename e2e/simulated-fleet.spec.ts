// The CPE simulator informs to the running server over real CWMP; an operator sees the devices
// appear in the console, and the database holds what the page shows.
import { expect, test, type Page } from "@playwright/test";
import { startFleet, type Fleet } from "../sim";
import { ADMIN_PASSWORD, ADMIN_USERNAME, CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";

let fleet: Fleet;

test.beforeAll(async () => {
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 6,
    seed: 2026,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 500,
    evolveEveryMs: 0,
  });
});

test.afterAll(async () => {
  await fleet?.stop();
  await closeTestDb();
});

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN_USERNAME);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
}

test("simulated gateways and set-top boxes appear in the console as they inform", async ({ page }) => {
  await signIn(page);
  const table = page.getByRole("table", { name: "Devices" });
  for (const device of fleet.devices) {
    await expect(table.getByText(device.serial, { exact: true })).toBeVisible({ timeout: 30_000 });
  }
  const serials = fleet.devices.map((d) => d.serial);
  const stored = await testDb().device.findMany({
    where: { serialNumber: { in: serials } },
    include: { lastInform: true },
  });
  expect(stored).toHaveLength(fleet.devices.length);
  for (const d of stored) {
    expect(d.lastInform?.informedAt ?? null).not.toBeNull();
    expect(["GATEWAY", "STB"]).toContain(d.kind);
    const row = table.getByRole("row").filter({ hasText: d.serialNumber });
    await expect(row).toContainText(d.softwareVersion);
    await expect(row).toContainText("Online");
  }
  expect(new Set(stored.map((d) => d.kind))).toEqual(new Set(["GATEWAY", "STB"]));
});
