// Named to run first (single worker, file-name order): it checks the empty state of a fresh database.
import { expect, test, type Page } from "@playwright/test";
import { checkPage } from "./support/a11y";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./support/constants";
import { closeTestDb, seedDevices, testDb } from "./support/db";

// A per-run tag keeps serial numbers unique even if the data directory is reused.
const RUN = Date.now().toString(36).toUpperCase();
const GATEWAY = `GW${RUN}01`;
const STB = `STB${RUN}02`;
const STALE = `GW${RUN}03`;

async function signIn(page: Page, password: string) {
  await page.getByLabel("Username").fill(ADMIN_USERNAME);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.afterAll(async () => {
  await closeTestDb();
});

test("an unauthenticated visit is redirected to the login page, which remembers the page", async ({
  page,
}) => {
  // Each page checks sign-in itself (not its layout) and names itself, query included, in `next`.
  for (const [path, next] of [
    ["/devices?q=abc", "/devices?q=abc"],
    ["/", "/"],
    ["/bulk", "/bulk"],
    ["/faults", "/faults"],
    ["/identity-conflicts", "/identity-conflicts"],
    ["/admin/operators", "/admin/operators"],
    ["/devices/1", "/devices/1"],
  ] as const) {
    await page.goto(path);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(next)}`);
  }
  await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();
  await expect(page.getByLabel("Signed-in operator")).toHaveCount(0);
  await checkPage(page, "login");
});

test("the login form checks both fields before anything is sent", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription("Enter your username");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription("Enter your password");
  await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/login$/);
  await checkPage(page, "login-errors");
  const admin = await testDb().operator.findUniqueOrThrow({ where: { username: ADMIN_USERNAME } });
  expect(admin.failedLogins).toBe(0);
});

test("a wrong password shows an error and is counted and audited", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, "not-the-password");
  // Scoped to the form: Next's route announcer is also a role="alert" region.
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
    "Wrong username or password.",
  );
  await expect(page).toHaveURL(/\/login$/);

  const admin = await testDb().operator.findUniqueOrThrow({ where: { username: ADMIN_USERNAME } });
  expect(admin.failedLogins).toBe(1);
  const failure = await testDb().auditLog.findFirst({
    where: { action: "auth.login_failed", operatorId: admin.id },
    orderBy: { id: "desc" },
  });
  expect(failure?.after).toMatchObject({ reason: "wrong_password", failedLogins: 1 });
});

test("the admin signs in and watches devices appear live, filters them and signs out", async ({ page }) => {
  await test.step("sign in", async () => {
    await page.goto("/login");
    await signIn(page, ADMIN_PASSWORD);
    await expect(page).toHaveURL(/\/devices$/);
    await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
    const who = page.getByLabel("Signed-in operator");
    await expect(who).toContainText(ADMIN_USERNAME);
    await expect(who).toContainText("Administrator");
    await expect(page.getByRole("link", { name: "Devices" })).toHaveAttribute("aria-current", "page");

    const admin = await testDb().operator.findUniqueOrThrow({ where: { username: ADMIN_USERNAME } });
    expect(admin.failedLogins).toBe(0);
    expect(admin.lastLoginAt).not.toBeNull();
    expect(await testDb().auditLog.count({ where: { action: "auth.login", operatorId: admin.id } })).toBe(1);
  });

  const table = page.getByRole("table", { name: "Devices" });

  await test.step("empty state before any device informs", async () => {
    expect(await testDb().device.count()).toBe(0);
    await expect(page.getByText("No devices yet")).toBeVisible();
  });

  await test.step("devices written to the database appear without a reload", async () => {
    await seedDevices([
      {
        serialNumber: GATEWAY,
        kind: "GATEWAY",
        productClass: "HGW-8000",
        modelName: "HomeGate 8000",
        softwareVersion: "3.2.1",
        ipAddress: "10.20.0.11",
        lastInformAgoS: 20,
      },
      {
        serialNumber: STB,
        kind: "STB",
        productClass: "STB-4K",
        modelName: "Stream 4K",
        softwareVersion: "7.0.4",
        ipAddress: "10.20.0.12",
        lastInformAgoS: 5,
      },
      {
        serialNumber: STALE,
        kind: "GATEWAY",
        productClass: "HGW-8000",
        modelName: "HomeGate 8000",
        softwareVersion: "3.1.9",
        ipAddress: "10.20.0.13",
        lastInformAgoS: 3 * 3600,
      },
    ]);
    await expect(table.getByRole("row", { name: new RegExp(GATEWAY) })).toContainText("Online");
    await expect(table.getByRole("row", { name: new RegExp(STB) })).toContainText("Set-top box");
    await expect(table.getByRole("row", { name: new RegExp(STB) })).toContainText("Online");
    await expect(table.getByRole("row", { name: new RegExp(STALE) })).toContainText("Offline");
    await expect(table.getByRole("row", { name: new RegExp(STALE) })).toContainText("3 hours ago");
    await expect(page.getByText("1–3 of 3")).toBeVisible();
    expect(await testDb().device.count()).toBe(3);
  });

  await test.step("filter by kind, status and search", async () => {
    await page.getByLabel("Kind").selectOption("STB");
    await expect(table.getByRole("row")).toHaveCount(2); // header + one STB
    await expect(table.getByRole("row", { name: new RegExp(STB) })).toBeVisible();
    await page.getByLabel("Kind").selectOption("");

    await page.getByLabel("Status").selectOption("offline");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("row", { name: new RegExp(STALE) })).toBeVisible();
    await page.getByLabel("Status").selectOption("");

    await page.getByLabel("Search devices").fill("10.20.0.11");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("row", { name: new RegExp(GATEWAY) })).toBeVisible();
    await page.getByLabel("Search devices").fill("no-such-device");
    await expect(page.getByText("No devices match these filters")).toBeVisible();
    await page.getByLabel("Search devices").fill("");
    await expect(table.getByRole("row")).toHaveCount(4);
  });

  await test.step("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/devices");
    await expect(page).toHaveURL(/\/login\?next=%2Fdevices$/);
  });

  await test.step("signing in from a page's redirect returns to that page, never to another site", async () => {
    await page.goto(`/devices?q=${GATEWAY}`);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(`/devices?q=${GATEWAY}`)}`);
    await signIn(page, ADMIN_PASSWORD);
    await expect(page).toHaveURL(`/devices?q=${GATEWAY}`);
    await expect(page.getByLabel("Search devices")).toHaveValue(GATEWAY);
    // Signed in, the login page forwards at once: to a local next, or to /devices for anything else.
    await page.goto("/login?next=%2Fbulk");
    await expect(page).toHaveURL(/\/bulk$/);
    await page.goto(`/login?next=${encodeURIComponent("//127.0.0.1:9/")}`);
    await expect(page).toHaveURL(/^http:\/\/[^/]+\/devices$/);
  });
});
