// A viewer may look at a device but every action is refused: the page offers no controls, and the
// API refuses a direct call with nothing queued or audited.
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../server/auth/password";
import { checkPage } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";

const RUN = Date.now().toString(36).toUpperCase();
const VIEWER = `viewer-${RUN.toLowerCase()}`;
const VIEWER_PASSWORD = "viewer-pass-12345";
const SERIAL = `VSTB${RUN}`;
const MODE = "Device.Services.STBService.1.Components.HDMI.1.ResolutionMode";
let deviceId = 0;

test.beforeAll(async () => {
  const ts = Date.now();
  const device = await testDb().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB-4K",
      serialNumber: SERIAL,
      manufacturer: "Vantage Test",
      kind: "STB",
      rootObject: "Device",
      lastInform: { create: { informedAt: new Date() } },
      periodicInformInterval: 300,
      parameters: {
        "Device.": { w: false, ts },
        "Device.ManagementServer.": { w: false, ts },
        "Device.ManagementServer.PeriodicInformInterval": { v: "300", t: "unsignedInt", w: true, ts },
        "Device.Hosts.Host.": { w: true, ts },
        "Device.Hosts.Host.1.": { w: true, ts },
        "Device.Hosts.Host.1.IPAddress": { v: "127.0.0.30", t: "string", w: false, ts },
        [MODE]: { v: "Auto", t: "string", w: true, ts },
      },
    },
  });
  deviceId = device.id;
  await testDb().operator.create({
    data: { username: VIEWER, passwordHash: await hashPassword(VIEWER_PASSWORD), role: "viewer" },
  });
});

test.afterAll(async () => {
  await testDb().device.deleteMany({ where: { serialNumber: SERIAL } });
  await closeTestDb();
});

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(VIEWER);
  await page.getByLabel("Password").fill(VIEWER_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);
}

test("a viewer sees the device but no action is offered, and the API refuses them all", async ({ page }) => {
  await signIn(page);
  await page.goto(`/devices/${deviceId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(SERIAL);
  await expect(page.getByTestId("read-only-notice")).toBeVisible();

  await test.step("no controls for actions the role lacks", async () => {
    for (const name of [
      "Reboot",
      "Factory reset",
      "Refresh all",
      "Set interval",
      "Run ping",
      "Add",
      "Save notes",
    ]) {
      // The device page's tabs render one panel at a time: look in each of them.
      for (const tab of [/^Tasks/, "Diagnostics", /^Notes/]) {
        await page.getByRole("tab", { name: tab }).click();
        await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
      }
    }
    await expect(page.getByRole("textbox", { name: "Notes" })).toHaveAttribute("readonly", "");
    await page.getByRole("button", { name: "Expand Device.", exact: true }).click();
    await page.getByRole("button", { name: "Expand Device.Hosts.", exact: true }).click();
    await page.getByRole("button", { name: "Expand Device.Hosts.Host.", exact: true }).click();
    await expect(page.getByRole("treeitem", { name: "Device.Hosts.Host.1.", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^(Refresh|Edit|Delete|Add instance to) / })).toHaveCount(
      0,
    );
  });

  await test.step("direct tRPC calls are refused with nothing queued or audited", async () => {
    const calls: [string, object][] = [
      ["device.reboot", { id: deviceId }],
      ["device.factoryReset", { id: deviceId }],
      ["device.refreshAll", { id: deviceId }],
      ["device.refresh", { id: deviceId, path: "Device." }],
      ["device.setValue", { id: deviceId, path: MODE, value: "Manual" }],
      ["device.addObject", { id: deviceId, path: "Device.Hosts.Host." }],
      ["device.deleteObject", { id: deviceId, path: "Device.Hosts.Host.1." }],
      ["device.setNotification", { id: deviceId, path: MODE, mode: "active" }],
      ["device.setInformInterval", { id: deviceId, seconds: 60 }],
      ["device.diagnose", { id: deviceId, kind: "ping", host: "127.0.0.1" }],
      ["device.setTags", { id: deviceId, tags: ["x"] }],
      ["device.setNotes", { id: deviceId, notes: "x" }],
      ["device.cancelTask", { id: deviceId, taskId: 1 }],
      ["device.retryTask", { id: deviceId, taskId: 1 }],
    ];
    for (const [procedure, input] of calls) {
      const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
      expect(response.status(), procedure).toBe(403);
    }
    const reads = await page.request.get(
      `/api/trpc/device.get?input=${encodeURIComponent(JSON.stringify({ json: { id: deviceId } }))}`,
    );
    expect(reads.status()).toBe(200);
    expect(await testDb().task.count({ where: { deviceId } })).toBe(0);
    expect(await testDb().auditLog.count({ where: { deviceId } })).toBe(0);
  });

  await page.screenshot({ path: "test-results/viewer-device-page.png", fullPage: true });
});

test("a viewer opening an admin page is told so, with the navigation, and the page passes axe", async ({
  page,
}) => {
  await signIn(page);
  for (const path of ["/admin/operators", "/admin/roles", "/admin/audit", "/admin/data-models"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    // Nothing of the page itself leaks through, and the admin tabs are not offered to this role.
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Admin sections" })).toHaveCount(0);
  }
  await expect(page.getByRole("link", { name: "Back to devices" })).toBeVisible();
  await expect(page.getByLabel("Signed-in operator")).toContainText(VIEWER);
  await checkPage(page, "forbidden");
});

test("an unknown address shows the not-found page with the navigation, signed in or not", async ({
  page,
}) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByLabel("Signed-in operator")).toHaveCount(0);
  await signIn(page);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByLabel("Signed-in operator")).toContainText(VIEWER);
  await checkPage(page, "not-found");
});

test("an unknown device says not found at once, with the navigation", async ({ page }) => {
  await signIn(page);
  const response = await page.goto("/devices/2147483000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible({ timeout: 2_000 });
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Devices" }),
  ).toBeVisible();
  // Past the id column's range: the same answer, not a server error.
  expect((await page.goto("/devices/99999999999"))?.status()).toBe(404);
});
