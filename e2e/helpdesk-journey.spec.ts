// The help-desk journey of the issue (§6): a help-desk agent finds a subscriber's set-top box, opens
// it, reads and refreshes the live tree, changes a setting (applied on the simulated CPE and stored),
// is stopped by the data model on an invalid value, and reboots the box until its BOOT inform shows.
// The journey runs at 1440×900, each step checked by axe with screenshots at both sizes (checkPage);
// its key steps run again on a phone (390×844).
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../server/auth/password";
import { startFleet, type Fleet } from "../sim";
import { checkPage } from "./support/a11y";
import { CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";

const RUN = Date.now().toString(36);
const AGENT = `helpdesk-${RUN}`;
const AGENT_PASSWORD = "helpdesk-pass-12345";
const HDMI = "Device.Services.STBService.1.Components.HDMI.1.";
const MODE = `${HDMI}ResolutionMode`;
const INTERVAL = "Device.ManagementServer.PeriodicInformInterval";

let fleet: Fleet;
let serial: string;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  // Seed 7401: a household with a gateway and set-top boxes, serials unlike other specs' fleets.
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 3,
    seed: 7401,
    stbRatio: 0.67,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 300,
    evolveEveryMs: 0,
    retryScale: 0.2,
  });
  const stb = fleet.devices.find((d) => d.identity.kind === "stb");
  if (!stb) throw new Error("seed 7401 has no set-top box");
  serial = stb.serial;
  await testDb().operator.create({
    data: { username: AGENT, passwordHash: await hashPassword(AGENT_PASSWORD), role: "helpdesk" },
  });
});

test.afterAll(async () => {
  await fleet?.stop();
  // Specs share one database; login-and-devices.spec.ts (later in file order) starts from zero devices.
  await testDb().device.deleteMany({
    where: { serialNumber: { in: fleet?.devices.map((d) => d.serial) ?? [] } },
  });
  await closeTestDb();
});

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(AGENT);
  await page.getByLabel("Password").fill(AGENT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);
}

async function expand(page: Page, paths: string[]) {
  for (const path of paths) await page.getByRole("button", { name: `Expand ${path}`, exact: true }).click();
}

/** Search the serial in the device list and open the box's page. */
async function openBox(page: Page) {
  await page.getByLabel("Search devices").fill(serial);
  // The search lands in the URL (debounced); wait for it so the click is not undone by that update.
  await expect(page).toHaveURL(new RegExp(`q=${serial}`));
  const table = page.getByRole("table", { name: "Devices" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link", { name: serial }).click();
  await expect(page).toHaveURL(/\/devices\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
}

/** Confirm a reboot and wait for the box's BOOT inform in the History tab; returns the Reboot task. */
async function rebootAndWaitForBoot(page: Page) {
  const d = await storedDevice();
  const before = await testDb().task.count({ where: { deviceId: d.id, name: "Reboot", state: "done" } });
  await page.getByRole("button", { name: "Reboot", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Reboot ${serial}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Reboot now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reboot queued" })).toBeVisible();
  await expect
    .poll(() => testDb().task.count({ where: { deviceId: d.id, name: "Reboot", state: "done" } }), {
      timeout: 60_000,
    })
    .toBe(before + 1);
  await page.getByRole("tab", { name: "History" }).click();
  const timeline = page.getByRole("list", { name: "Timeline" });
  const boot = timeline.getByRole("listitem").filter({ hasText: "M Reboot" });
  await expect(boot.first()).toContainText("1 BOOT", { timeout: 60_000 });
  return testDb().task.findFirstOrThrow({
    where: { deviceId: d.id, name: "Reboot" },
    orderBy: { id: "desc" },
  });
}

async function storedDevice() {
  return testDb().device.findFirstOrThrow({ where: { serialNumber: serial } });
}

test("a help-desk agent reads, refreshes, edits and reboots a set-top box from its page", async ({
  page,
}) => {
  await test.step("the box bootstraps and its whole tree is read", async () => {
    await expect
      .poll(
        async () => {
          const d = await testDb().device.findFirst({ where: { serialNumber: serial } });
          return (d?.parameters as Record<string, { v?: string }> | undefined)?.[MODE]?.v;
        },
        { timeout: 60_000 },
      )
      .toBe("Auto");
  });

  await test.step("sign in as help desk, search the serial, open the device", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page);
    await checkPage(page, "helpdesk-device-list");
    await openBox(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Online");
    await expect(page.getByText("Set-top box")).toBeVisible();
    await checkPage(page, "helpdesk-device-page");
  });

  const tree = page.getByRole("tree", { name: "Parameters" });

  await test.step("expand the tree lazily down to the HDMI output", async () => {
    await expand(page, [
      "Device.",
      "Device.Services.",
      "Device.Services.STBService.",
      "Device.Services.STBService.1.",
      "Device.Services.STBService.1.Components.",
      "Device.Services.STBService.1.Components.HDMI.",
      HDMI,
    ]);
    await expect(tree.getByTestId(`value-${MODE}`)).toHaveText("Auto");
    await expect(tree.getByRole("treeitem", { name: MODE, exact: true })).toContainText("RW");
    await expect(tree.getByRole("treeitem", { name: `${HDMI}Status` })).toContainText("RO");
    await checkPage(page, "helpdesk-tree-hdmi");
  });

  await test.step("refresh the subtree: a value changed on the device appears in place", async () => {
    fleet.device(serial)!.tree.set(`${HDMI}ResolutionValue`, "1280x720p60Hz");
    await page.getByRole("button", { name: `Refresh ${HDMI}`, exact: true }).click();
    await expect(tree.getByTestId(`value-${HDMI}ResolutionValue`)).toHaveText("1280x720p60Hz", {
      timeout: 30_000,
    });
    await expect(tree.getByRole("treeitem", { name: HDMI, exact: true })).toContainText("Refreshed");
  });

  await test.step("change ResolutionMode Auto -> Manual: applied on the device and stored", async () => {
    await page.getByRole("button", { name: `Edit ${MODE}`, exact: true }).click();
    await page.getByLabel(`New value for ${MODE}`).selectOption("Manual");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(tree.getByTestId(`task-${MODE}`)).toHaveText("Applied", { timeout: 30_000 });
    await expect(tree.getByTestId(`value-${MODE}`)).toHaveText("Manual");
    expect(fleet.device(serial)!.tree.get(MODE)).toBe("Manual");
    const d = await storedDevice();
    expect((d.parameters as Record<string, { v?: string }>)[MODE]?.v).toBe("Manual");
    const task = await testDb().task.findFirstOrThrow({
      where: { deviceId: d.id, name: "SetParameterValues", createdBy: AGENT },
      orderBy: { id: "desc" },
    });
    expect(task.state).toBe("done");
    expect(task.request).toMatchObject({ parameterList: [{ name: MODE, value: "Manual" }] });
    const audit = await testDb().auditLog.findFirstOrThrow({
      where: { deviceId: d.id, action: "device.set_value" },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({ value: "Manual", taskIds: [task.id] });
    await checkPage(page, "helpdesk-value-applied");
  });

  await test.step("invalid values are refused by the data model and nothing is queued", async () => {
    const d = await storedDevice();
    const before = await testDb().task.count({ where: { deviceId: d.id } });
    await expand(page, ["Device.ManagementServer."]);
    await page.getByRole("button", { name: `Edit ${INTERVAL}`, exact: true }).click();
    const field = page.getByLabel(`New value for ${INTERVAL}`);
    await field.fill("0");
    // The data model's words, tied to the field (aria-describedby) as the agent types.
    await expect(field).toHaveAccessibleDescription(/Invalid value: 0 outside \[1:\]/);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toBeFocused(); // the form sends the agent back to the field to fix
    await checkPage(page, "helpdesk-invalid-value");
    // The server checks again: "Sideways" is not one of ResolutionMode's values.
    const response = await page.request.post("/api/trpc/device.setValue", {
      data: { json: { id: d.id, path: MODE, value: "Sideways" } },
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain('\\"Sideways\\" not one of Auto|Manual');
    expect(await testDb().task.count({ where: { deviceId: d.id } })).toBe(before);
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
  });

  await test.step("reboot after confirming; the BOOT inform appears in the timeline", async () => {
    const reboot = await rebootAndWaitForBoot(page);
    expect(reboot.state).toBe("done");
    await checkPage(page, "helpdesk-history-boot");
    await page.getByRole("tab", { name: /^Tasks/ }).click();
    const row = page.getByRole("table", { name: "Tasks" }).getByTestId(`task-row-${reboot.id}`);
    await expect(row).toContainText("Reboot");
  });

  await test.step("run an IP ping on the box and read its results", async () => {
    await page.getByRole("tab", { name: "Diagnostics" }).click();
    await expect(page).toHaveURL(/\?tab=diagnostics$/);
    const panel = page.getByRole("region", { name: "Diagnostics" });
    await panel.getByLabel("Host").fill("127.0.0.10");
    await panel.getByRole("button", { name: "Run ping" }).click();
    await expect(panel.getByText("Complete (host 127.0.0.10)")).toBeVisible({ timeout: 45_000 });
    const results = panel.getByRole("definition").first();
    await expect(results).not.toBeEmpty();
    const tree = fleet.device(serial)!.tree;
    await expect(panel.getByLabel("Ping results")).toContainText(
      `${tree.get("Device.IP.Diagnostics.IPPing.AverageResponseTime")} ms`,
    );
    await checkPage(page, "helpdesk-ping");
  });

  await page.screenshot({ path: "test-results/helpdesk-device-page.png", fullPage: true });

  await test.step("the gateway the box sits behind shows its DSL line and its set-top boxes", async () => {
    const gateway = fleet.devices.find((d) => d.identity.kind === "dng")!;
    await page.getByRole("link", { name: new RegExp(`^${gateway.serial}`) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(gateway.serial);
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary).toContainText("Line state");
    await expect(summary).toContainText(
      `${gateway.tree.get("InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.DownstreamCurrRate")} /`,
    );
    await expect(summary.getByRole("list", { name: "Devices behind this gateway" })).toContainText(serial);
    await checkPage(page, "helpdesk-gateway");
  });
});

test("on a phone: find the box, open it, read its tasks and reboot it", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await test.step("sign in and find the box by its serial", async () => {
    await signIn(page);
    await openBox(page);
    await checkPage(page, "helpdesk-phone-device-page");
  });

  await test.step("the tabs sit below the parameter tree, Tasks open", async () => {
    const tree = page.getByRole("tree", { name: "Parameters", exact: true });
    const tabs = page.getByRole("tablist", { name: "Device details" });
    await expect(tree).toBeVisible();
    const treeBox = await tree.boundingBox();
    const tabsBox = await tabs.boundingBox();
    expect(tabsBox!.y).toBeGreaterThan(treeBox!.y + treeBox!.height);
    expect(tabsBox!.x + tabsBox!.width).toBeLessThanOrEqual(390);
    await expect(tabs.getByRole("tab", { name: /^Tasks/ })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("table", { name: "Tasks" }).getByRole("row").nth(1)).toBeVisible();
    await checkPage(page, "helpdesk-phone-tasks");
  });

  await test.step("reboot after confirming; the BOOT inform shows, the task is done", async () => {
    const reboot = await rebootAndWaitForBoot(page);
    expect(reboot.state).toBe("done");
    await page.getByRole("tab", { name: /^Tasks/ }).click();
    const row = page.getByRole("table", { name: "Tasks" }).getByTestId(`task-row-${reboot.id}`);
    await expect(row).toContainText("Done");
    await checkPage(page, "helpdesk-phone-rebooted");
  });
});
