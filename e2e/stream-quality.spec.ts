// The help desk's Stream quality tab against the simulator: the spec's boxes backfill six hours of
// BulkData reports (a home-network fault on one household's line), then a help-desk agent opens the
// busiest box's page and reads, for the last 24 h, the impairments per layer, the channel runs and
// changes, and the household gateway's line; the figures are the database rows'.
import { expect, test } from "@playwright/test";
import type { Fleet } from "../sim";
import { lineupCsv, topologyCsv } from "../sim/monitoring/world";
import { checkPage } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { removeSpecFleet, startSpecFleet } from "./support/fleet";
import { busiestDevice, startReporting } from "./support/monitoring";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
let fleet: Fleet | undefined;
let agent: TestOperator;
let noc: TestOperator;

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  agent = await createOperator("helpdesk", RUN);
  noc = await createOperator("noc", `sq-${RUN}`);
  // Seed 7312: this spec's own serials and households.
  fleet = await startSpecFleet({
    devices: 16,
    seed: 7312,
    stbRatio: 0.75,
    backfillHours: 6,
    bulkDataMinInterval: 1,
  });
});

test.afterAll(async () => {
  await removeSpecFleet(fleet);
  await closeTestDb();
});

interface Row {
  ts: Date;
  secs: number;
  stream: number;
  channel: string | null;
  zaps: number;
}

test("help desk: a box's last 24 h per layer, channel runs and the gateway line match the database", async ({
  page,
  browser,
}) => {
  const f = fleet!;
  await test.step("the NOC has imported the line-up and topology (channels are named)", async () => {
    const context = await browser.newContext();
    const nocPage = await context.newPage();
    await signIn(nocPage, noc);
    await nocPage.goto("/topology");
    for (const [form, label, csv] of [
      ["import-topology", "Import topology", topologyCsv(f.world)],
      ["import-lineup", "Import channel line-up", lineupCsv(f.world)],
    ] as const) {
      const section = nocPage.getByTestId(form);
      await section
        .getByLabel(`${label} file`)
        .setInputFiles({ name: "x.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await section.getByRole("button", { name: "Import", exact: true }).click();
      await expect(section.getByTestId(`${form}-result`)).toContainText("0 skipped");
    }
    await context.close();
  });

  // Live reports once an hour after the backfill: the rows cannot change between the page and the check.
  const boxes = await startReporting(f, 3600);
  const ids = (
    await testDb().device.findMany({ where: { serialNumber: { in: boxes.map((b) => b.serial) } } })
  ).map((d) => d.id);
  const busiest = await busiestDevice(ids, 24);
  const device = await testDb().device.findUniqueOrThrow({ where: { id: busiest.id } });

  await signIn(page, agent);
  await page.goto(`/devices/${device.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(device.serialNumber);
  await page
    .getByRole("tablist", { name: "Device details" })
    .getByRole("tab", { name: "Stream quality" })
    .click();
  await expect(page).toHaveURL(/\?tab=stream-quality$/);
  const panel = page.getByTestId("stream-quality");

  const rows = await testDb().$queryRawUnsafe<Row[]>(
    `SELECT s.ts, s.secs, s.stream, c.name AS channel, s.zaps FROM stream_interval s
     LEFT JOIN "Channel" c ON c.id = s.channel_id
     WHERE s.device_id = $1 AND s.ts >= now() - interval '24 hours' ORDER BY s.ts, s.stream`,
    device.id,
  );

  await test.step("layers per hour and QoE", async () => {
    const grid = panel.getByTestId("layer-grid").getByRole("table");
    for (const layer of ["IP / RTP", "MPEG-TS", "Decoder", "Buffer"])
      await expect(grid.getByRole("rowheader", { name: layer })).toBeVisible();
    await expect(panel.getByText("QoE score per interval")).toBeVisible();
  });

  await test.step("the channel that was on, and the channel changes", async () => {
    const watched = [
      ...new Set(rows.filter((r) => r.stream === 1 && r.secs > 0 && r.channel).map((r) => r.channel!)),
    ];
    expect(watched.length).toBeGreaterThan(0);
    const runs = panel.getByTestId("channel-runs");
    for (const name of watched) await expect(runs).toContainText(name);
    const zaps = rows.reduce((n, r) => n + r.zaps, 0);
    await expect(panel.getByRole("heading", { name: `Channel changes (${zaps})` })).toBeVisible();
  });

  await test.step("the household gateway's line on the same axis", async () => {
    const [line] = await testDb().$queryRawUnsafe<
      { device_id: number | null; es: bigint | null; crc: bigint | null }[]
    >(
      `SELECT min(l.device_id) AS device_id, sum(l.errored_secs) AS es, sum(l.crc_errors) AS crc
       FROM line_interval l JOIN "Device" g ON g.id = l.device_id
       WHERE g."subscriberId" = $1 AND g.kind = 'GATEWAY' AND l.ts >= now() - interval '24 hours'`,
      device.subscriberId,
    );
    if (line?.device_id) {
      const gateway = page.getByTestId("gateway-line");
      await expect(gateway).toBeVisible();
      await expect(gateway.getByTestId("line-es")).toHaveText(String(Number(line.es)));
      await expect(gateway.getByTestId("line-crc")).toHaveText(String(Number(line.crc)));
    } else {
      // The gateway is polled on its own sessions (every MONITORING_POLL_MINUTES): none reported yet.
      await expect(panel).toContainText("No gateway of this household reported a DSL line.");
    }
  });

  await checkPage(page, "device-stream-quality");
});
