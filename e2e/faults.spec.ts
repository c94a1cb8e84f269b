// The fleet faults page (issue 8 §4) against the simulator: scripted CPE faults (a GetParameterValues
// of a parameter the boxes do not have: 9005 from the simulated CPE) appear grouped with the counts the
// database holds, the chart renders, a group opens the filtered device list, and a help-desk agent's
// bulk retry queues the group's failed tasks (checked in the database, one audit row).
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../server/auth/password";
import { startFleet, type Fleet } from "../sim";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";

const RUN = Date.now().toString(36);
const AGENT = `faults-hd-${RUN}`;
const AGENT_PASSWORD = "faults-pass-12345";
const SCRIPT = `e2e-faults-${RUN}`;

let fleet: Fleet;
let serials: string[] = [];

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 5,
    seed: 8408,
    stbRatio: 0.6,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 300,
    evolveEveryMs: 0,
    retryScale: 0.2,
  });
  serials = fleet.devices.map((d) => d.serial);
  await testDb().operator.create({
    data: { username: AGENT, passwordHash: await hashPassword(AGENT_PASSWORD), role: "helpdesk" },
  });
});

test.afterAll(async () => {
  await fleet?.stop();
  await testDb().device.deleteMany({ where: { serialNumber: { in: serials } } });
  await closeTestDb();
});

const ours = () => ({ serialNumber: { in: serials } });

/** Every device bootstrapped and its provisioning reads finished: nothing queued or sent. */
async function settled(): Promise<boolean> {
  const devices = await testDb().device.count({ where: ours() });
  const busy = await testDb().task.count({ where: { device: ours(), state: { in: ["queued", "sent"] } } });
  return devices === serials.length && busy === 0;
}

/** Counts straight from the rows (not the page's SQL): per group and in total, over the last 24 h. */
async function dbCounts() {
  const since = new Date(Date.now() - 86_400_000);
  const faults = await testDb().deviceFault.findMany({
    where: { at: { gte: since } },
    select: { deviceId: true, code: true, taskId: true, device: true },
  });
  const taskNames = new Map(
    (
      await testDb().task.findMany({
        where: { id: { in: faults.flatMap((f) => (f.taskId ? [f.taskId] : [])) } },
        select: { id: true, name: true },
      })
    ).map((t) => [t.id, t.name]),
  );
  const withoutRow = await testDb().task.findMany({
    where: { state: "fault", completedAt: { gte: since } },
    select: { id: true, deviceId: true, faultCode: true, name: true, device: true },
  });
  const rows = [
    ...faults.map((f) => ({ ...f, task: f.taskId ? (taskNames.get(f.taskId) ?? null) : null })),
    ...withoutRow
      .filter((t) => !faults.some((f) => f.taskId === t.id))
      .map((t) => ({ deviceId: t.deviceId, code: t.faultCode ?? 0, task: t.name, device: t.device })),
  ];
  const group = (code: number, task: string, serial: string) => {
    const d = rows.find((r) => r.device.serialNumber === serial)!.device;
    const inGroup = rows.filter(
      (r) =>
        r.code === code &&
        r.task === task &&
        r.device.productClass === d.productClass &&
        r.device.softwareVersion === d.softwareVersion &&
        r.device.manufacturer === d.manufacturer &&
        r.device.modelName === d.modelName,
    );
    return { occurrences: inGroup.length, devices: new Set(inGroup.map((r) => r.deviceId)).size, device: d };
  };
  return { occurrences: rows.length, devices: new Set(rows.map((r) => r.deviceId)).size, group };
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(AGENT);
  await page.getByLabel("Password").fill(AGENT_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);
}

const plural = (n: number, one: string) => `${n.toLocaleString("en")} ${n === 1 ? one : `${one}s`}`;

test("faults page: counts match the database, chart, drill-down, bulk retry as help desk", async ({
  page,
}) => {
  await test.step("the fleet bootstraps, then each box faults a scripted GetParameterValues", async () => {
    await expect.poll(settled, { timeout: 120_000, intervals: [1000] }).toBe(true);
    const devices = await testDb().device.findMany({ where: ours() });
    for (const d of devices)
      await testDb().task.create({
        data: {
          deviceId: d.id,
          name: "GetParameterValues",
          request: { name: "GetParameterValues", parameterNames: [`${d.rootObject}.NoSuchObject.Value`] },
          createdBy: SCRIPT,
        },
      });
    for (const serial of serials) fleet.trigger(serial);
    await expect
      .poll(() => testDb().task.count({ where: { createdBy: SCRIPT, state: "fault", faultCode: 9005 } }), {
        timeout: 60_000,
      })
      .toBe(serials.length);
    await fleet.idle(30_000);
  });

  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  await test.step("totals and every scripted group match the database", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Faults" }).click();
    await page.getByRole("navigation", { name: "Time window" }).getByRole("link", { name: "24 h" }).click();
    await expect(page).toHaveURL(/\/faults\?days=1$/);
    const counts = await dbCounts();
    await expect(page.getByTestId("fault-totals")).toHaveText(
      `${plural(counts.occurrences, "fault")} on ${plural(counts.devices, "device")} in the last 24 hours`,
    );
    const table = page.getByRole("table", { name: "Fault groups" });
    for (const serial of serials) {
      const g = counts.group(9005, "GetParameterValues", serial);
      const row = table
        .getByRole("row")
        .filter({ hasText: "9005 · Invalid parameter name" })
        .filter({ hasText: g.device.productClass })
        .filter({ has: page.getByRole("cell", { name: g.device.softwareVersion, exact: true }) });
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId("group-devices")).toHaveText(String(g.devices));
      await expect(row.getByTestId("group-occurrences")).toHaveText(String(g.occurrences));
    }
  });

  await test.step("the chart renders its bars", async () => {
    const chart = page.getByRole("figure", { name: /Faults and affected devices per hour/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-bar-rectangle path, .recharts-rectangle").first()).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("faults-1440.png"), fullPage: true });
  });

  const counts = await dbCounts();
  const largest = serials
    .map((s) => counts.group(9005, "GetParameterValues", s))
    .sort((a, b) => b.devices - a.devices)[0]!;
  const row = page
    .getByRole("table", { name: "Fault groups" })
    .getByRole("row")
    .filter({ hasText: "9005 · Invalid parameter name" })
    .filter({ hasText: largest.device.productClass })
    .filter({ has: page.getByRole("cell", { name: largest.device.softwareVersion, exact: true }) });

  await test.step("a faulted device's History: the activity chart, and a new fault on top without a reload", async () => {
    const device = largest.device;
    await page.goto(`/devices/${device.id}?tab=history`);
    const chart = page.getByRole("figure", { name: /Informs by kind and faults per hour/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-bar-rectangle path, .recharts-rectangle").first()).toBeVisible();
    await page
      .getByRole("group", { name: "Activity window" })
      .getByRole("button", { name: "7 days" })
      .click();
    await expect(page.getByRole("figure", { name: /Informs by kind and faults per day/ })).toBeVisible();
    // Both layouts: the chart and its window switch fit a phone.
    await checkPage(page, "device-history");

    await page.getByRole("group", { name: "Show only" }).getByRole("button", { name: "Faults" }).click();
    const rows = page.getByRole("list", { name: "Timeline" }).getByRole("listitem");
    const before = await testDb().deviceFault.count({ where: { deviceId: device.id } });
    await expect(rows).toHaveCount(Math.min(before, 25));
    // From here on, the page may only read what is new: every timeline read carries a since-cursor.
    const reads: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.includes("device.timeline")) reads.push(url.searchParams.get("input") ?? "");
    });
    await testDb().task.create({
      data: {
        deviceId: device.id,
        name: "GetParameterValues",
        request: { name: "GetParameterValues", parameterNames: [`${device.rootObject}.NoSuchObject.Again`] },
        createdBy: SCRIPT,
      },
    });
    fleet.trigger(device.serialNumber);
    await expect.poll(() => testDb().deviceFault.count({ where: { deviceId: device.id } })).toBe(before + 1);
    await expect(rows).toHaveCount(Math.min(before, 25) + 1, { timeout: 20_000 });
    await expect(rows.first()).toContainText("9005");
    expect(reads.length).toBeGreaterThan(0);
    for (const input of reads) expect(input).toContain('"since"');
    await page.goBack();
  });

  await test.step("a group opens the device list filtered to it", async () => {
    await row.getByRole("link", { name: /^Devices/ }).click();
    await expect(page).toHaveURL(/\/devices\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("faultCode")).toBe("9005");
    expect(url.searchParams.get("faultTask")).toBe("GetParameterValues");
    expect(url.searchParams.get("faultDays")).toBe("1");
    expect(url.searchParams.get("productClass")).toBe(largest.device.productClass);
    expect(url.searchParams.get("softwareVersion")).toBe(largest.device.softwareVersion);
    await expect(page.getByRole("table", { name: "Devices" })).toContainText(largest.device.serialNumber);
    await page.goBack();
    await expect(page).toHaveURL(/\/faults\?days=1$/);
  });

  await test.step("bulk retry as help desk queues the group's failed tasks", async () => {
    await row.getByRole("button", { name: /^Retry/ }).click();
    const dialog = page.getByRole("dialog", { name: /Retry GetParameterValues \(fault 9005\)/ });
    const confirm = dialog.getByRole("button", { name: `Retry ${plural(largest.devices, "task")}` });
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(page.getByRole("status")).toContainText(`Queued ${plural(largest.devices, "task")} again`);

    const audit = await testDb().auditLog.findMany({
      where: { action: "task.bulk_retry", operator: { username: AGENT } },
    });
    expect(audit).toHaveLength(1);
    const batchId = (audit[0]!.after as { batchId: string }).batchId;
    const queued = await testDb().task.findMany({ where: { batchId } });
    expect(queued).toHaveLength(largest.devices);
    for (const t of queued) expect(t).toMatchObject({ name: "GetParameterValues", createdBy: AGENT });
    expect(new Set(queued.map((t) => t.deviceId)).size).toBe(largest.devices);
  });

  await test.step("phone layout", async () => {
    // The retried tasks fault again on the boxes' next sessions: wait for that, or the page and the
    // database would be read on either side of it.
    await expect
      .poll(() => testDb().task.count({ where: { createdBy: AGENT, state: { in: ["queued", "sent"] } } }), {
        timeout: 60_000,
      })
      .toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    // Phones get one card per group, with the counts the database holds now (the retried tasks faulted again).
    const now = await dbCounts();
    for (const serial of serials) {
      const g = now.group(9005, "GetParameterValues", serial);
      const card = page
        .getByRole("list", { name: "Fault groups" })
        .getByRole("listitem")
        .filter({ hasText: "9005 · Invalid parameter name" })
        .filter({ hasText: `${g.device.productClass}` })
        .filter({ hasText: ` · ${g.device.softwareVersion}` });
      await expect(card).toHaveCount(1);
      await expect(card).toContainText(`${plural(g.devices, "device")} · ${plural(g.occurrences, "fault")}`);
      await expect(card.getByRole("button", { name: /^Retry/ })).toBeVisible();
    }
    // The page's own content fits; the wide table scrolls inside its frame. (The shared top bar is
    // measured apart: it is not this page's.)
    const main = await page
      .locator("main")
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(main.scroll, "no horizontal overflow in the page content").toBeLessThanOrEqual(main.client);
    const header = await page.locator("header").evaluate((el) => el.scrollWidth);
    test.info().annotations.push({ type: "top bar width at 390 px", description: String(header) });
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("faults-390.png"), fullPage: true });
  });
});
