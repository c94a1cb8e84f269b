// The device page of issue 8 §3: tree search finds a deep path with its ancestors expanded, the tree
// is keyboard-operable (WAI-ARIA tree) and shows a focused row's full path, read-only leaves offer no
// Edit, the phone layout does not overflow, the right column's tabs follow the keyboard and the URL,
// the tasks table sorts, a device whose bootstrap full read failed is flagged and one click reads it
// again, and an idle page moves little data. Checked on the page and in the database.
import { expect, test, type Page } from "@playwright/test";
import { startFleet, type Fleet, type FleetOptions } from "../sim";
import { expectNoSeriousViolations } from "./support/a11y";
import { CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const HDMI = "Device.Services.STBService.1.Components.HDMI.1.";
const MODE = `${HDMI}ResolutionMode`;

let fleet: Fleet;
let faulty: Fleet;
// Kept as an object: the simulator reads faultRate at every session, so the spec can heal the box.
const faultyOptions: FleetOptions = {
  acsUrl: CWMP_URL,
  devices: 1,
  seed: 7419,
  stbRatio: 1,
  username: CPE_USERNAME,
  password: CPE_PASSWORD,
  crHost: "127.0.0.1",
  crPort: 0,
  periodic: 5,
  faultRate: 1,
  evolveEveryMs: 0,
  startSpreadMs: 300,
  retryScale: 0.2,
};
let agent: TestOperator;
let serial: string;

test.describe.configure({ timeout: 240_000, mode: "serial" });

test.beforeAll(async () => {
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 2,
    seed: 7418,
    stbRatio: 0.67,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    evolveEveryMs: 0,
    startSpreadMs: 300,
    retryScale: 0.2,
  });
  // The first device of a seed is the household's gateway; the page under test is a set-top box's.
  serial = fleet.devices.find((d) => d.identity.kind === "stb")!.serial;
  faulty = await startFleet(faultyOptions);
  agent = await createOperator("helpdesk", RUN);
});

test.afterAll(async () => {
  await fleet?.stop();
  await faulty?.stop();
  const serials = [...(fleet?.devices ?? []), ...(faulty?.devices ?? [])].map((d) => d.serial);
  await testDb().device.deleteMany({ where: { serialNumber: { in: serials } } });
  await closeTestDb();
});

async function readDevice(serialNumber: string) {
  await expect
    .poll(async () => (await testDb().device.findFirst({ where: { serialNumber } }))?.fullReadAt ?? null, {
      timeout: 60_000,
    })
    .not.toBeNull();
  return testDb().device.findFirstOrThrow({ where: { serialNumber } });
}

/** The page's width, and the outermost elements reaching past the viewport (to say what overflows). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const limit = window.innerWidth;
    const wide = [...document.querySelectorAll("body *")].filter(
      (el) =>
        el.getBoundingClientRect().right > limit + 1 &&
        (el.parentElement?.getBoundingClientRect().right ?? 0) <= limit + 1,
    );
    return {
      width: document.scrollingElement!.scrollWidth,
      culprits: wide.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120)),
    };
  });
}

const active = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));

test("tree search, keyboard navigation, read-only leaves, both layouts", async ({ page }) => {
  const device = await readDevice(serial);
  const doc = device.parameters as Record<string, { v?: string }>;
  await signIn(page, agent);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/devices/${device.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
  const search = page.getByLabel("Search parameters by path or value");

  await test.step("a deep path is found by part of its name, its ancestors expanded", async () => {
    await search.fill("hdmi.1.resolutionmode");
    const results = page.getByRole("tree", { name: "Parameters matching the search" });
    await expect(results.getByTestId(`value-${MODE}`)).toHaveText(doc[MODE]!.v!);
    for (const ancestor of ["Device.", "Device.Services.STBService.1.Components.", HDMI])
      await expect(results.getByRole("treeitem", { name: ancestor, exact: true })).toHaveAttribute(
        "aria-expanded",
        "true",
      );
    await expect(page.getByRole("status").filter({ hasText: "1 match" })).toBeVisible();
  });

  await test.step("a value search counts what the database holds", async () => {
    const needle = "hdmi";
    const expected = Object.entries(doc).filter(
      ([k, e]) => k.toLowerCase().includes(needle) || (e.v ?? "").toLowerCase().includes(needle),
    ).length;
    await search.fill(needle.toUpperCase());
    await expect(page.getByRole("status").filter({ hasText: `${expected} matches` })).toBeVisible();
  });

  await test.step("read-only leaves offer no Edit, writable ones do", async () => {
    const results = page.getByRole("tree", { name: "Parameters matching the search" });
    await expect(results.getByRole("treeitem", { name: `${HDMI}Status`, exact: true })).toContainText("RO");
    await expect(page.getByRole("button", { name: `Edit ${HDMI}Status`, exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Edit ${MODE}`, exact: true })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: "test-results/device-page-search-1440.png", fullPage: true });
  });

  await test.step("arrow keys move through the tree (WAI-ARIA tree pattern)", async () => {
    await search.fill("");
    const tree = page.getByRole("tree", { name: "Parameters", exact: true });
    const root = tree.getByRole("treeitem", { name: "Device.", exact: true });
    await expect(root).toHaveAttribute("tabindex", "0");
    await root.focus();
    await page.keyboard.press("ArrowRight");
    await expect(root).toHaveAttribute("aria-expanded", "true");
    // Its children load from the server; Right enters them once they are there.
    await expect(root.getByRole("group").getByRole("treeitem", { disabled: false }).first()).toBeVisible();
    await page.keyboard.press("ArrowRight");
    const first = await active(page);
    expect(first).toMatch(/^Device\.\w/);
    const firstItem = tree.getByRole("treeitem", { name: first!, exact: true });
    await expect(firstItem).toHaveAttribute("tabindex", "0");
    // The focused row shows its full path (not only a screen reader's aria-label): shown, not sr-only.
    const tip = firstItem.getByRole("tooltip").first();
    await expect(tip).toHaveText(first!);
    await expect(tip).not.toHaveClass(/\bsr-only\b/);
    await expect(root).toHaveAttribute("tabindex", "-1");
    await page.keyboard.press("ArrowDown");
    const second = await active(page);
    expect(second).not.toBe(first);
    await expect(tip).toHaveClass(/\bsr-only\b/);
    await page.keyboard.press("ArrowUp");
    expect(await active(page)).toBe(first);
    await page.keyboard.press("End");
    const last = await active(page);
    expect(last).not.toBe(first);
    await page.keyboard.press("Home");
    expect(await active(page)).toBe("Device.");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowLeft");
    expect(await active(page)).toBe("Device.");
    await page.keyboard.press("ArrowLeft");
    await expect(root).toHaveAttribute("aria-expanded", "false");
  });

  await test.step("phone: no horizontal overflow, with a deep path open", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await search.fill("DiagnosticsState");
    await expect(page.getByRole("status").filter({ hasText: /match/ })).toBeVisible();
    const result = await overflow(page);
    expect(result.width, result.culprits.join(" | ")).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/device-page-search-390.png", fullPage: true });
    await search.fill("");
    await expect(page.getByRole("tree", { name: "Parameters", exact: true })).toBeVisible();
    const tree = await overflow(page);
    expect(tree.width, tree.culprits.join(" | ")).toBeLessThanOrEqual(390);
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: "test-results/device-page-390.png", fullPage: true });
  });
});

test("while the tree loads, its placeholder is a disabled tree item and the page passes axe", async ({
  page,
}) => {
  const device = await readDevice(serial);
  await signIn(page, agent);
  // Hold the tree's first level: the state a help-desk journey once caught axe in (a plain <li> in
  // role="tree": "aria-required-children", "listitem").
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/trpc/**", async (route) => {
    if (route.request().url().includes("device.children")) await held;
    await route.continue();
  });
  await page.goto(`/devices/${device.id}`);
  const tree = page.getByRole("tree", { name: "Parameters", exact: true });
  const loading = tree.getByRole("treeitem", { name: "Loading…" });
  await expect(loading).toHaveAttribute("aria-disabled", "true");
  await expectNoSeriousViolations(page);
  release();
  await expect(tree.getByRole("treeitem", { disabled: false }).first()).toBeVisible();
  await expect(loading).toHaveCount(0);
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

test("the right column's tabs follow the keyboard and the URL; the tasks table sorts by state", async ({
  page,
}) => {
  const device = await readDevice(serial);
  // Finished tasks of every end state, so the table has something to sort (inert rows: nothing runs them).
  const paths = [`${HDMI}Status`, `${HDMI}ResolutionValue`, `${HDMI}Name`];
  const made: { id: number }[] = [];
  for (const [state, extra] of [
    ["fault", { faultCode: 9005, faultString: "Invalid parameter name" }],
    ["cancelled", {}],
    ["expired", {}],
    ["done", {}],
  ] as const)
    made.push(
      await testDb().task.create({
        data: {
          deviceId: device.id,
          name: "GetParameterValues",
          request: { parameterNames: paths },
          state,
          completedAt: new Date(),
          createdBy: agent.username,
          ...extra,
        },
      }),
    );
  const faulted = made[0]!;
  await signIn(page, agent);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/devices/${device.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
  const tabs = page.getByRole("tablist", { name: "Device details" });
  const tab = (name: string | RegExp) => tabs.getByRole("tab", { name });

  await test.step("Tasks is the default tab; arrow keys, Home and End move and select", async () => {
    await expect(tab(/^Tasks/)).toHaveAttribute("aria-selected", "true");
    // The Profiles, Software and Stream quality tabs join once the operator's permissions are known.
    await expect(tabs.getByRole("tab")).toHaveCount(7);
    await tab(/^Tasks/).focus();
    await page.keyboard.press("ArrowRight");
    // A help-desk agent may read profiles: their tab follows Tasks.
    await expect(tab(/^Profiles/)).toBeFocused();
    await expect(page).toHaveURL(/\?tab=profiles$/);
    await expect(page.getByRole("region", { name: "Profiles" })).toBeVisible();
    await page.keyboard.press("ArrowRight");
    // Every role may read firmware: the Software tab (images, transfers, apps) comes next.
    await expect(tab("Software")).toBeFocused();
    await expect(page).toHaveURL(/\?tab=software$/);
    await page.keyboard.press("ArrowRight");
    // The help desk reads stream quality (monitoring.read): its tab follows Software.
    await expect(tab("Stream quality")).toBeFocused();
    await expect(page).toHaveURL(/\?tab=stream-quality$/);
    await page.keyboard.press("ArrowRight");
    await expect(tab("Diagnostics")).toBeFocused();
    await expect(tab("Diagnostics")).toHaveAttribute("aria-selected", "true");
    await expect(page).toHaveURL(/\?tab=diagnostics$/);
    await expect(page.getByRole("region", { name: "Diagnostics" })).toBeVisible();
    await page.keyboard.press("ArrowRight");
    await expect(tab("History")).toBeFocused();
    await expect(page).toHaveURL(/\?tab=history$/);
    await expect(page.getByRole("list", { name: "Timeline" })).toBeVisible();
    await page.keyboard.press("End");
    await expect(tab(/^Notes/)).toBeFocused();
    await expect(page.getByRole("textbox", { name: "Notes" })).toBeVisible();
    await page.keyboard.press("ArrowRight"); // wraps around
    await expect(tab(/^Tasks/)).toBeFocused();
    await expect(page).toHaveURL(/\/devices\/\d+$/);
    await page.keyboard.press("ArrowLeft");
    await expect(tab(/^Notes/)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Home");
    await expect(tab(/^Tasks/)).toHaveAttribute("aria-selected", "true");
    await expect(tabs.getByRole("tab")).toHaveCount(7);
  });

  await test.step("the URL keeps the tab across a reload", async () => {
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await expect(page).toHaveURL(/\?tab=history$/);
    await page.reload();
    await expect(tab("History")).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("list", { name: "Timeline" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Tasks" })).toHaveCount(0);
    await page.goto(`/devices/${device.id}?tab=notes`);
    await expect(tab(/^Notes/)).toHaveAttribute("aria-selected", "true");
  });

  await test.step("the tasks table: every column, the paths in a tooltip, sorting by state", async () => {
    await tab(/^Tasks/).click();
    const table = page.getByRole("table", { name: "Tasks" });
    for (const t of made) await expect(table.getByTestId(`task-row-${t.id}`)).toBeVisible();
    const row = table.getByTestId(`task-row-${faulted.id}`);
    await expect(row).toContainText(`#${faulted.id}`);
    await expect(row).toContainText("GetParameterValues");
    await expect(row).toContainText("Fault 9005: Invalid parameter name");
    await expect(row).toContainText(agent.username);
    await expect(row.getByRole("button", { name: `Retry task ${faulted.id}`, exact: true })).toBeVisible();
    // The paths are cut to one line; focus (not only hover) shows every one of them.
    await row.getByText(paths.join(", ")).focus();
    const tip = row.getByRole("tooltip");
    for (const p of paths) await expect(tip).toContainText(p);
    await expect(tip).not.toHaveClass(/\bsr-only\b/);

    const states = () => table.locator("tbody tr td:nth-child(3)").allTextContents();
    const header = table.getByRole("columnheader", { name: "State" });
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    const ascending = await states();
    expect(ascending.length).toBeGreaterThanOrEqual(4);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const descending = await states();
    expect(descending).toEqual([...ascending].reverse());
    expect(descending).toEqual(expect.arrayContaining(["Cancelled", "Done", "Expired", "Fault"]));
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: "test-results/device-page-tasks-1440.png", fullPage: true });
  });
});

test("a device whose bootstrap full read failed is flagged, and one click reads it again", async ({
  page,
}) => {
  const box = faulty.devices[0]!.serial;
  await expect
    .poll(
      async () =>
        (await testDb().device.findFirst({ where: { serialNumber: box } }))?.fullReadFailedAt ?? null,
      { timeout: 90_000 },
    )
    .not.toBeNull();
  const device = await testDb().device.findFirstOrThrow({ where: { serialNumber: box } });
  expect(device.fullReadAt).toBeNull();
  await signIn(page, agent);
  await page.goto(`/devices/${device.id}`);
  await expect(page.getByText("Bootstrap incomplete")).toBeVisible();
  await page.screenshot({ path: "test-results/device-page-bootstrap-incomplete.png", fullPage: true });

  // History filter: only the faults of the failed reads, as many as the database holds.
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByRole("group", { name: "Show only" }).getByRole("button", { name: "Faults" }).click();
  const faults = await testDb().deviceFault.count({ where: { deviceId: device.id } });
  expect(faults).toBeGreaterThan(0);
  const rows = page.getByRole("list", { name: "Timeline" }).getByRole("listitem");
  await expect(rows).toHaveCount(Math.min(faults, 25));
  for (const text of await rows.allTextContents()) expect(text).toMatch(/^Fault/);
  await expectNoSeriousViolations(page);

  faultyOptions.faultRate = 0; // the box answers from now on
  await page.getByRole("button", { name: "Retry full read" }).click();
  await expect(page.getByRole("button", { name: "Full read queued" })).toBeDisabled();
  const audit = await testDb().auditLog.findFirstOrThrow({
    where: { deviceId: device.id, action: "device.refresh" },
    orderBy: { id: "desc" },
  });
  expect(audit.target).toMatch(/^(Device|InternetGatewayDevice)\.$/);
  await expect
    .poll(
      async () => (await testDb().device.findUniqueOrThrow({ where: { id: device.id } })).fullReadFailedAt,
      {
        timeout: 60_000,
      },
    )
    .toBeNull();
  expect((await testDb().device.findUniqueOrThrow({ where: { id: device.id } })).fullReadAt).not.toBeNull();
  // The page learns it from its change stamp, without a reload.
  await expect(page.getByText("Bootstrap incomplete")).toHaveCount(0, { timeout: 20_000 });
});

test("an idle device page moves little data", async ({ page }) => {
  const device = await readDevice(serial);
  await signIn(page, agent);
  await page.goto(`/devices/${device.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
  await page.waitForTimeout(5_000); // first loads done
  let bytes = 0;
  let requests = 0;
  page.on("response", async (response) => {
    if (!response.url().includes("/api/")) return;
    requests++;
    bytes += (await response.body().catch(() => Buffer.alloc(0))).length;
  });
  // 20 s: two rounds of the page's slowest (10 s) polls; under 1,000 bytes a second.
  await page.waitForTimeout(20_000);
  test
    .info()
    .annotations.push({ type: "idle bytes / 20 s", description: `${bytes} bytes, ${requests} requests` });
  console.log(`idle device page: ${bytes} bytes in ${requests} API responses over 20 s`);
  expect(bytes).toBeLessThan(20_000);
});
