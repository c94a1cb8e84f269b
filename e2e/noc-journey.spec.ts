// The NOC journey against the simulator with an injected fault: a channel-wide MPEG-TS fault at the
// source (TF1 HD, all regions, clean IP). The NOC operator imports the fleet's topology and line-up,
// adds a fast alarm rule, the boxes backfill their BulkData reports; then the overview shows impaired
// viewing by layer and the open incident, the incident names the headend with its evidence, drills
// down to the devices and one device, and is acknowledged; a raised alarm is acknowledged. A help-desk
// agent sees neither rule editing nor acknowledgement. Checked on the page and in the database.
import { expect, test, type Page } from "@playwright/test";
import type { Fleet } from "../sim";
import { parseScenario } from "../sim/monitoring/scenario";
import { lineupCsv, topologyCsv } from "../sim/monitoring/world";
import { checkPage } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { startReporting } from "./support/monitoring";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const CHANNEL = "TF1 HD";
const LOCATION = `headend:${CHANNEL}`;
const RULE = `TS errors per channel ${RUN}`;

let fleet: Fleet | undefined;
let noc: TestOperator;
let helpdesk: TestOperator;

test.describe.configure({ timeout: 480_000 });

test.beforeAll(async () => {
  noc = await createOperator("noc", RUN);
  helpdesk = await createOperator("helpdesk", RUN);
  // Seed 7311: serials and households of this spec only. The fault covers the backfilled hours and
  // the journey's own time.
  fleet = await startSpecFleet({
    devices: 120,
    seed: 7311,
    stbRatio: 0.8,
    backfillHours: 2,
    bulkDataMinInterval: 1,
    scenario: parseScenario({
      seed: 3,
      impairments: [
        {
          id: "tf1",
          location: { kind: "headend", channel: CHANNEL },
          startMin: -180,
          endMin: 120,
          severity: 0.8,
        },
      ],
    }),
  });
});

test.afterAll(async () => {
  await removeSpecFleet(fleet);
  const db = testDb();
  await db.alarmRule.deleteMany({ where: { name: RULE } });
  await db.incident.deleteMany({ where: { location: LOCATION } });
  await closeTestDb();
});

async function importCsv(page: Page, form: string, name: string, csv: string) {
  const section = page.getByTestId(form);
  await section.getByLabel(new RegExp(`${name} file`)).setInputFiles({
    name: `${form}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await section.getByRole("button", { name: "Import", exact: true }).click();
  await expect(section.getByTestId(`${form}-result`)).toContainText(/Imported \d+ rows; 0 skipped/);
}

test("NOC: overview, incident, drill-down, device, acknowledge; alarms", async ({ page, browser }) => {
  const f = fleet!;
  await signIn(page, noc);

  await test.step("import the topology and the line-up", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Topology" }).click();
    await importCsv(page, "import-topology", "Import topology", topologyCsv(f.world));
    await importCsv(page, "import-lineup", "Import channel line-up", lineupCsv(f.world));
    const households = [...f.world.households.keys()];
    expect(await testDb().topologyEntry.count({ where: { household: { in: households } } })).toBe(
      households.length,
    );
    await expect(page.getByRole("table", { name: "Channel line-up" })).toContainText(CHANNEL);
    await checkPage(page, "topology");
  });

  await test.step("add an alarm rule that raises at once", async () => {
    await page.goto("/alarms");
    await page.getByRole("button", { name: "New rule" }).click();
    const dialog = page.getByRole("dialog", { name: "New alarm rule" });
    await dialog.getByLabel("Name").fill(RULE);
    await dialog.getByLabel("Metric").selectOption("cc_errors_per_hour");
    await dialog.getByLabel("Scope").selectOption("channel");
    await dialog.getByLabel("Threshold", { exact: true }).fill("1");
    await dialog.getByLabel("Clear threshold").fill("0.5");
    await dialog.getByLabel("Minimum viewing (s)").fill("60");
    await dialog.getByLabel("Holds for (min) before raising").fill("0");
    await dialog.getByLabel("Holds for (min) before clearing").fill("0");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Alarm rules" })).toContainText(RULE);
    const rule = await testDb().alarmRule.findFirstOrThrow({ where: { name: RULE } });
    expect(rule).toMatchObject({
      metric: "cc_errors_per_hour",
      scope: "channel",
      raiseMinutes: 0,
      createdBy: noc.username,
    });
  });

  let incidentId = 0;
  // How long the journey waits on the server's loops (printed: CI's time budget, and a slow run's cause).
  const started = Date.now();
  const since = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  await test.step("the boxes report; the server opens the incident", async () => {
    await startReporting(f);
    console.log(`NOC journey: reports stored after ${since()}`);
    // The incident loop localizes the last 30 minutes every 10 s on the e2e server (playwright.config.ts).
    await expect
      .poll(
        async () =>
          (await testDb().incident.findFirst({ where: { location: LOCATION, state: "open" } }))?.id ?? 0,
        { timeout: 180_000, intervals: [5_000] },
      )
      .toBeGreaterThan(0);
    incidentId = (await testDb().incident.findFirstOrThrow({ where: { location: LOCATION, state: "open" } }))
      .id;
    console.log(`NOC journey: incident open after ${since()}`);
  });

  await test.step("the overview shows impaired viewing by layer and the open incident", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitoring" }).click();
    await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "1 h" }).click();
    await expect(page).toHaveURL(/range=1h/);
    await expect(page.getByTestId("impaired-by-layer")).toContainText("Viewing time impaired, by layer");
    await expect(page.getByTestId("impaired-by-layer").locator("svg").first()).toBeVisible();
    await expect(page.getByTestId("qoe-distribution")).toBeVisible();
    await expect(page.getByTestId("open-incidents-count")).not.toContainText("…");
    await expect(page.getByTestId(`incident-${incidentId}`)).toBeVisible();
    await checkPage(page, "monitoring-overview");
  });

  await test.step("the incident names the headend, with its evidence", async () => {
    await page.getByTestId(`incident-${incidentId}`).getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
    await expect(page.getByTestId("incident-verdict")).toHaveText("Source / headend");
    await expect(page.getByTestId("incident-confidence")).toHaveText(/\d+ %/);
    const evidence = page.getByTestId("incident-evidence");
    await expect(evidence).toContainText(CHANNEL);
    await expect(page.getByTestId("incident-layers")).toContainText("MPEG-TS");
    const row = await testDb().incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(row.verdict).toBe("headend");
    expect(row.layer).toBe("ts");
    const devices = (row.evidence as { devices: { serial: string }[] }).devices;
    await expect(page.getByTestId("incident-devices")).toContainText(devices[0]!.serial);
    await checkPage(page, "incident");
  });

  await test.step("drill down to the devices, open one", async () => {
    await page.getByTestId("incident-drill-down").click();
    await expect(page).toHaveURL(/\/monitoring\/devices\?dim=channel&key=\d+&range=1h&layer=ts/);
    const table = page.getByRole("table", { name: "Devices of this scope" });
    const first = table.getByRole("row").nth(1);
    await expect(first).toBeVisible({ timeout: 20_000 });
    const serial = (await first.getByRole("rowheader").innerText()).trim();
    expect(f.devices.map((d) => d.serial)).toContain(serial);
    await checkPage(page, "monitoring-devices");
    await first.getByRole("link", { name: serial }).click();
    await expect(page).toHaveURL(/\/devices\/\d+\?tab=stream-quality$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
    await expect(page.getByRole("tab", { name: "Stream quality" })).toHaveAttribute("aria-selected", "true");
  });

  await test.step("back to the incident: acknowledge it", async () => {
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await expect(page.getByTestId("incident-acknowledged")).toContainText(`Acknowledged by ${noc.username}`);
    const row = await testDb().incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(row.acknowledgedBy).toBe(noc.username);
    expect(row.acknowledgedAt).not.toBeNull();
  });

  await test.step("acknowledge the raised alarm", async () => {
    const rule = await testDb().alarmRule.findFirstOrThrow({ where: { name: RULE } });
    // The alarm loop evaluates every 10 s on the e2e server.
    await expect
      .poll(
        async () =>
          (await testDb().alarm.findFirst({ where: { ruleId: rule.id, state: "raised" } }))?.id ?? 0,
        {
          timeout: 150_000,
          intervals: [5_000],
        },
      )
      .toBeGreaterThan(0);
    const alarm = await testDb().alarm.findFirstOrThrow({ where: { ruleId: rule.id, state: "raised" } });
    console.log(`NOC journey: alarm raised after ${since()}`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alarms" }).click();
    const row = page.getByTestId(`alarm-${alarm.id}`);
    await expect(row).toContainText(RULE);
    await checkPage(page, "alarms");
    await row.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect(row).toContainText(noc.username);
    const after = await testDb().alarm.findUniqueOrThrow({ where: { id: alarm.id } });
    expect(after.acknowledgedBy).toBe(noc.username);
    expect(after.acknowledgedAt).not.toBeNull();
  });

  await test.step("a help-desk agent reads alarms and incidents, edits nothing", async () => {
    const context = await browser.newContext();
    const agent = await context.newPage();
    await signIn(agent, helpdesk);
    await agent.goto("/alarms");
    await expect(agent.getByRole("table", { name: "Alarm rules" })).toContainText(RULE);
    await expect(agent.getByRole("button", { name: "New rule" })).toHaveCount(0);
    await expect(agent.getByRole("button", { name: /^(Edit|Disable|Delete) / })).toHaveCount(0);
    await expect(agent.getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
    await agent.goto(`/incidents/${incidentId}`);
    await expect(agent.getByTestId("incident-verdict")).toHaveText("Source / headend");
    await expect(agent.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
    await agent.goto("/topology");
    await expect(agent.getByTestId("import-topology")).toHaveCount(0);
    await context.close();
  });
});
