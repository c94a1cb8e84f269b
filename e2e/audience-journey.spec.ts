// The product manager's audience journey against the simulator (issue 12). An administrator imports
// the fleet's topology (regions, segments) and line-up; a help-desk agent imports the subscribers'
// opt-outs (one bad line reported); the boxes backfill their viewing by BulkData, the server turns it
// into pseudonymous sessions and k-suppressed cells (k = 3 on the e2e server). Then the product
// operator reads the channel ranking (published rows and "fewer than 3"), the daypart heatmap, a
// region, a programme slot, and exports a CSV holding no household or box identifier; the help desk
// opts one household out from a device page and its stored sessions are gone; the administrator reads
// the privacy log of the product operator's runs; viewer and help desk see no Audience link and no
// AudienceStats in a device tree. Checked on the page and in the database.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import type { Fleet } from "../sim";
import { lineupCsv, optOutsCsv, topologyCsv } from "../sim/monitoring/world";
import { checkPage } from "./support/a11y";
import { cellCounts, sessionsOfHouseholds, sessionTotals, somePseudonyms } from "./support/audience";
import { closeTestDb, testDb } from "./support/db";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { startReporting } from "./support/monitoring";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
/** playwright.config.ts runs the e2e server with AUDIENCE_K=3. */
const K = 3;
const FEWER = `fewer than ${K}`;

let fleet: Fleet | undefined;
let admin: TestOperator;
let product: TestOperator;
let helpdesk: TestOperator;
let viewer: TestOperator;

test.describe.configure({ timeout: 600_000 });

test.beforeAll(async () => {
  admin = await createOperator("admin", RUN);
  product = await createOperator("product", RUN);
  helpdesk = await createOperator("helpdesk", RUN);
  viewer = await createOperator("viewer", RUN);
  // Seed 12012: serials and households of this spec only. ~80 households in 4 regions x 3 segments,
  // enough that popular cells reach k = 3 and rare ones do not.
  fleet = await startSpecFleet({
    devices: 200,
    seed: 12012,
    stbRatio: 0.6,
    backfillHours: 3,
    bulkDataMinInterval: 1,
  });
});

test.afterAll(async () => {
  const households = [...(fleet?.world.households.keys() ?? [])];
  await removeSpecFleet(fleet);
  await testDb().audienceOptOut.deleteMany({ where: { household: { in: households } } });
  await closeTestDb();
});

async function importCsv(page: Page, form: string, fileLabel: RegExp, csv: string) {
  const section = page.getByTestId(form);
  await section.getByLabel(fileLabel).setInputFiles({
    name: `${form}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await section.getByRole("button", { name: "Import", exact: true }).click();
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** The STB of the fleet's household with the most stored sessions (not an opted-out one). */
async function busiestHousehold(f: Fleet, exclude: Set<string>) {
  let best = { household: "", sessions: 0 };
  for (const household of f.world.households.keys()) {
    if (exclude.has(household)) continue;
    const sessions = await sessionsOfHouseholds([household]);
    if (sessions > best.sessions) best = { household, sessions };
  }
  expect(best.sessions, "a household with stored sessions").toBeGreaterThan(0);
  const device = await testDb().device.findFirstOrThrow({
    where: { subscriberId: best.household, kind: "STB" },
  });
  return { ...best, deviceId: device.id, serial: device.serialNumber };
}

test("product audience: ranking, heatmap, region, slot, CSV; opt-out; privacy log; other roles", async ({
  page,
  browser,
}) => {
  const f = fleet!;
  const optedOut = [...f.world.households.values()].filter((h) => h.audienceOptOut).map((h) => h.household);

  await test.step("the administrator imports the topology (with segments) and the line-up", async () => {
    const context = await browser.newContext();
    const adminPage = await context.newPage();
    await signIn(adminPage, admin);
    await mainNav(adminPage).getByRole("link", { name: "Topology" }).click();
    await importCsv(adminPage, "import-topology", /Import topology file/, topologyCsv(f.world));
    await expect(adminPage.getByTestId("import-topology-result")).toContainText(
      /Imported \d+ rows; 0 skipped/,
    );
    await importCsv(adminPage, "import-lineup", /Import channel line-up file/, lineupCsv(f.world));
    await expect(adminPage.getByTestId("import-lineup-result")).toContainText(/Imported \d+ rows; 0 skipped/);
    const households = [...f.world.households.keys()];
    const entries = await testDb().topologyEntry.findMany({ where: { household: { in: households } } });
    expect(entries).toHaveLength(households.length);
    expect(new Set(entries.map((e) => e.segment))).toEqual(new Set(["basic", "family", "premium"]));
    await context.close();
  });

  await test.step("the help desk imports the subscribers' opt-outs; a bad line is reported", async () => {
    const context = await browser.newContext();
    const agent = await context.newPage();
    await signIn(agent, helpdesk);
    await expect(mainNav(agent).getByRole("link", { name: "Audience", exact: true })).toHaveCount(0);
    await mainNav(agent).getByRole("link", { name: "Opt-outs" }).click();
    await expect(agent.getByRole("heading", { level: 1 })).toHaveText("Audience measurement opt-outs");
    await importCsv(
      agent,
      "optout-import",
      /Opt-outs CSV file/,
      `${optOutsCsv(f.world)},no household here\r\n`,
    );
    const result = agent.getByTestId("optout-import-result");
    await expect(result).toContainText(`Recorded ${optedOut.length} opt-outs; 1 skipped.`);
    await expect(result.getByRole("list", { name: "Refused lines" })).toContainText(
      `Line ${optedOut.length + 2}: household is empty`,
    );
    expect(await testDb().audienceOptOut.count({ where: { household: { in: optedOut } } })).toBe(
      optedOut.length,
    );
    if (optedOut[0])
      await expect(agent.getByRole("table", { name: "Opted-out households" })).toContainText(optedOut[0]);
    await checkPage(agent, "audience-opt-outs");
    await context.close();
  });

  await test.step("the boxes report; sessions and published cells appear; opted-out households absent", async () => {
    await startReporting(f);
    await expect
      .poll(async () => (await sessionTotals()).sessions, {
        timeout: 60_000,
        message: "viewing sessions collected from the boxes' reports",
      })
      .toBeGreaterThan(0);
    // The audience store materializes dirty days every ~30 s.
    await expect
      .poll(
        async () => {
          const c = await cellCounts();
          return Math.min(c.hourPublished, c.dayPublished);
        },
        { timeout: 240_000, intervals: [5_000], message: "published hour and day cells" },
      )
      .toBeGreaterThan(0);
    const cells = await cellCounts();
    expect(cells.hourPublished).toBeGreaterThan(0);
    expect(cells.hourSuppressed + cells.daySuppressed).toBeGreaterThan(0);
    // Dropped at collection: not one session under any of their pseudonyms.
    expect(await sessionsOfHouseholds(optedOut)).toBe(0);
  });

  let suppressedSeen = 0;
  await test.step("the product operator reads the channel ranking", async () => {
    await signIn(page, product);
    await mainNav(page).getByRole("link", { name: "Audience", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audience");
    const ranking = page.getByRole("table", { name: "Channel ranking" });
    await expect(ranking.getByRole("row").nth(1)).toBeVisible({ timeout: 30_000 });
    // At least one channel with a published viewing time.
    await expect(
      ranking
        .getByRole("cell")
        .filter({ hasText: /^\d[\d,]*\.\d h$/ })
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId("privacy-note")).toContainText(
      `Figures behind fewer than ${K} households are not shown`,
    );
    await expect(page.getByTestId("privacy-note")).toContainText("Europe/Paris");
    suppressedSeen += await ranking.locator("[data-suppressed]").count();
    await checkPage(page, "audience-ranking");
  });

  await test.step("the daypart heatmap", async () => {
    await page.getByRole("tab", { name: "Daypart heatmap" }).click();
    await expect(page).toHaveURL(/view=heatmap/);
    const grid = page.getByTestId("heatmap-grid");
    await expect(grid).toBeVisible({ timeout: 30_000 });
    await expect(grid.getByRole("rowheader")).toHaveCount(7);
    await expect(grid.locator("td").filter({ hasText: /^\d/ }).first()).toBeVisible();
    await checkPage(page, "audience-heatmap");
  });

  await test.step("trends and the breakdown by region and by segment", async () => {
    await page.getByRole("tab", { name: "Trends" }).click();
    await expect(page.getByTestId("trend-chart").locator("svg").first()).toBeVisible({ timeout: 30_000 });
    await checkPage(page, "audience-trend");
    await page.getByRole("tab", { name: "By region / segment" }).click();
    const byRegion = page.getByRole("table", { name: "Audience by region" });
    await expect(byRegion).toContainText("North", { timeout: 30_000 });
    await expect(byRegion.getByRole("columnheader", { name: "Viewing hours" })).toHaveCount(1);
    await page.getByRole("radio", { name: "Segment" }).check();
    const bySegment = page.getByRole("table", { name: "Audience by segment" });
    await expect(bySegment).toContainText("family", { timeout: 30_000 });
    // Viewing time is not published by segment: the table has no such column.
    await expect(bySegment.getByRole("columnheader", { name: "Viewing hours" })).toHaveCount(0);
    await checkPage(page, "audience-breakdown");
  });

  let regionId = 0;
  await test.step("one region and segment: the ranking again, with cells below k shown as such", async () => {
    const region = await testDb().region.findFirstOrThrow({ where: { name: "North" } });
    regionId = region.id;
    const filters = page.getByRole("form", { name: "Audience filters" });
    await filters.getByText("Regions: all").click();
    await filters.getByRole("checkbox", { name: "North" }).check();
    // A handful of premium households in one region: most channels' daily reach there is below k,
    // whatever hour the suite runs at (at prime time every channel reaches k in a whole region).
    await filters.getByText("Segments: all").click();
    await filters.getByRole("checkbox", { name: "premium" }).check();
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`region=${regionId}`));
    await expect(page).toHaveURL(/segment=premium/);
    await page.getByRole("tab", { name: "Channel ranking" }).click();
    const ranking = page.getByRole("table", { name: "Channel ranking" });
    await expect(ranking.getByRole("row").nth(1)).toBeVisible({ timeout: 30_000 });
    suppressedSeen += await ranking.locator("[data-suppressed]").count();
    expect(suppressedSeen, `cells shown as "${FEWER}"`).toBeGreaterThan(0);
    await expect(ranking.locator("[data-suppressed]").first()).toHaveText(FEWER);
  });

  await test.step("export the region's ranking as CSV: aggregates only", async () => {
    const downloading = page.waitForEvent("download");
    await page.getByTestId("audience-ranking").getByRole("button", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    expect(csv.split(/\r?\n/)[0]).toMatch(/channel/i);
    expect(csv).toContain(FEWER);
    // No household key, serial or pseudonym of any box.
    expect(csv).not.toMatch(/SUB\d{6}/);
    for (const d of f.devices) expect(csv).not.toContain(d.serial);
    for (const p of await somePseudonyms()) expect(csv).not.toContain(p);
  });

  await test.step("a programme slot", async () => {
    await page.getByRole("tab", { name: "Programme slot" }).click();
    const form = page.getByRole("form", { name: "Programme slot" });
    const channel = form.getByLabel("Slot channel");
    const tf1 = await channel.locator("option", { hasText: "TF1 HD" }).getAttribute("value");
    expect(tf1).not.toBeNull();
    await channel.selectOption(tf1 ?? "");
    await form.getByLabel("Starts at").selectOption("00:00");
    await form.getByLabel("Ends at").selectOption("24:00");
    await form.getByRole("button", { name: "Run slot report" }).click();
    const summary = page.getByTestId("slot-summary");
    await expect(summary).toContainText("TF1 HD", { timeout: 30_000 });
    await expect(
      page.getByRole("table", { name: "Slot audience per hour" }).getByRole("row").nth(1),
    ).toBeVisible();
    await checkPage(page, "audience-slot");
    const operator = await testDb().operator.findUniqueOrThrow({ where: { username: product.username } });
    const runs = await testDb().audienceAccessLog.findMany({ where: { operatorId: operator.id } });
    const reports = new Set(runs.map((r) => r.report));
    for (const r of ["ranking", "heatmap", "slot", "export:ranking"]) expect(reports).toContain(r);
  });

  await test.step("the help desk opts a household out from a device page: its sessions are deleted", async () => {
    const target = await busiestHousehold(f, new Set(optedOut));
    const context = await browser.newContext();
    const agent = await context.newPage();
    await signIn(agent, helpdesk);
    await agent.goto(`/devices/${target.deviceId}`);
    const panel = agent.getByTestId("audience-optout");
    await expect(panel.getByTestId("audience-optout-state")).toHaveText("measured");
    await expect(panel).toContainText(`household ${target.household}`);
    await panel.getByRole("button", { name: "Opt out of audience measurement" }).click();
    await agent.getByRole("dialog").getByRole("button", { name: "Opt out", exact: true }).click();
    await expect(panel.getByTestId("audience-optout-state")).toContainText("opted out");
    const row = await testDb().audienceOptOut.findUniqueOrThrow({ where: { household: target.household } });
    expect(row.by).toBe(helpdesk.username);
    expect(await sessionsOfHouseholds([target.household])).toBe(0);
    // What the server says it deleted: every session counted before (and any that arrived meanwhile).
    const deleted = Number((await panel.getByTestId("audience-optout-deleted").innerText()).split(" ")[0]);
    expect(deleted).toBeGreaterThanOrEqual(target.sessions);
    // And it stays so while the household's boxes keep reporting.
    f.trigger(target.serial);
    await f.idle(20_000);
    expect(await sessionsOfHouseholds([target.household])).toBe(0);
    await checkPage(agent, "device-audience-optout");
    await context.close();
  });

  await test.step("the administrator reads the privacy log", async () => {
    const context = await browser.newContext();
    const adminPage = await context.newPage();
    await signIn(adminPage, admin);
    await mainNav(adminPage).getByRole("link", { name: "Audience", exact: true }).click();
    await adminPage
      .getByRole("navigation", { name: "Audience" })
      .getByRole("link", { name: "Privacy log" })
      .click();
    const log = adminPage.getByRole("table", { name: "Audience privacy log" });
    await expect(log).toContainText(product.username);
    await expect(log).toContainText("export:ranking");
    await expect(log).toContainText(`regionIds ${regionId}`);
    const operator = await testDb().operator.findUniqueOrThrow({ where: { username: product.username } });
    expect(
      await testDb().audienceAccessLog.count({ where: { operatorId: operator.id } }),
    ).toBeGreaterThanOrEqual(4);
    await checkPage(adminPage, "audience-privacy-log");
    await context.close();
  });

  await test.step("viewer and help desk: no Audience link, no report, no AudienceStats in a tree", async () => {
    const boxes = await testDb().device.findMany({
      where: { serialNumber: { in: f.devices.map((d) => d.serial) }, kind: "STB" },
    });
    // A box whose stored tree holds AudienceStats (what the filters must hide).
    const device = boxes.find((b) =>
      Object.keys(b.parameters as Record<string, unknown>).some((p) => p.includes(".AudienceStats.")),
    );
    expect(device, "a box with AudienceStats in its stored tree").toBeDefined();
    if (!device) return;
    // The product operator (audience.read) finds it: the control for the two checks below.
    await page.goto(`/devices/${device.id}`);
    await page.getByLabel("Search parameters by path or value").fill("AudienceStats");
    await expect(page.getByRole("tree", { name: "Parameters matching the search" })).toBeVisible();

    for (const op of [viewer, helpdesk]) {
      const context = await browser.newContext();
      const other = await context.newPage();
      await signIn(other, op);
      await expect(mainNav(other).getByRole("link", { name: "Audience", exact: true })).toHaveCount(0);
      await other.goto("/audience");
      await expect(other.getByRole("heading", { name: "Not allowed" })).toBeVisible();
      await other.goto(`/devices/${device.id}`);
      await other.getByLabel("Search parameters by path or value").fill("AudienceStats");
      await expect(
        other.getByRole("status").filter({ hasText: "No parameter path or value contains" }),
      ).toBeVisible();
      await expect(other.getByText(/AudienceStats\./)).toHaveCount(0);
      await context.close();
    }
  });
});
