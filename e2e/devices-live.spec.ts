// Device list (issue 8 §2): rows keep their order while a CPE informs (a notice offers the new order),
// a "> 0" parameter filter, a chosen parameter column shown and exported (checked against the
// database), the bootstrap-incomplete flag, the phone layout, screenshots at both sizes and axe.
// Named to run after device-search.spec.ts: loading the list caches the filter dropdowns' values for
// 30 s, and that spec picks a software version it has just seeded.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { CPE_PASSWORD, CPE_USERNAME } from "./support/constants";
import { informOf, sendInform } from "./support/cwmp-client";
import { closeTestDb, setLastInforms, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36).toUpperCase();
const PREFIX = `LIST${RUN}`;
const LOST = "Device.X_TEST.PacketsLost";
const COUNT = 6;
let op: TestOperator;

const serial = (i: number) => `${PREFIX}D${i}`;

test.beforeAll(async () => {
  op = await createOperator("admin", `list-${RUN.toLowerCase()}`);
  const now = Date.now();
  const created = await testDb().device.createManyAndReturn({
    select: { id: true, serialNumber: true },
    data: Array.from({ length: COUNT }, (_, i) => ({
      oui: "00D09E",
      manufacturer: "Vantage Test",
      productClass: "LISTGW",
      serialNumber: serial(i),
      kind: "GATEWAY" as const,
      periodicInformInterval: 300,
      // Numeric type: "10" > "9" only as numbers; D5 reports a non-number, which must not fail the search.
      parameters: {
        [LOST]: { v: i === 5 ? "n/a" : String([0, 10, 9, 0, 3, 0][i]), t: "unsignedInt", ts: now },
      },
      fullReadFailedAt: i === 2 ? new Date(now) : null,
    })),
  });
  // D0 newest: the default order (newest inform first) is D0, D1, ... D5.
  await setLastInforms(
    created.map(({ id, serialNumber }) => {
      const i = Number(serialNumber.slice(`${PREFIX}D`.length));
      return { id, informedAt: new Date(now - (i + 1) * 60_000) };
    }),
  );
});

test.afterAll(async () => {
  await testDb().device.deleteMany({ where: { serialNumber: { startsWith: PREFIX } } });
  await closeTestDb();
});

const table = (page: Page) => page.getByRole("table", { name: "Devices" });
async function shownSerials(page: Page): Promise<string[]> {
  const links = table(page).getByRole("link", { name: new RegExp(`^${PREFIX}`) });
  return links.allTextContents();
}

test("rows keep their order while a device informs; the notice re-sorts", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, op);
  await page.goto(`/devices?q=${PREFIX}`);
  const before = Array.from({ length: COUNT }, (_, i) => serial(i));
  await expect.poll(() => shownSerials(page)).toEqual(before);

  // D4 informs: newest first, it would jump to the top.
  const reply = await sendInform(
    informOf(
      { manufacturer: "Vantage Test", oui: "00D09E", productClass: "LISTGW", serialNumber: serial(4) },
      ["2 PERIODIC"],
    ),
    CPE_USERNAME,
    CPE_PASSWORD,
  );
  expect(reply.status).toBe(200);
  const d4 = await testDb().device.findFirstOrThrow({
    where: { serialNumber: serial(4) },
    select: { lastInform: { select: { informedAt: true } } },
  });
  expect(Date.now() - (d4.lastInform?.informedAt?.getTime() ?? 0)).toBeLessThan(30_000);

  const notice = page.getByRole("button", { name: /devices? updated — refresh order/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  // D0..D4 would each move one place: five rows.
  await expect(notice).toHaveText("5 devices updated — refresh order");
  // Several refreshes later the rows are still where the operator saw them.
  await page.waitForTimeout(3_500);
  expect(await shownSerials(page)).toEqual(before);
  await page.screenshot({ path: test.info().outputPath("device-list-notice-1440.png") });

  await notice.click();
  await expect.poll(() => shownSerials(page)).toEqual([serial(4), ...before.filter((s) => s !== serial(4))]);
  await expect(notice).toHaveCount(0);
});

test("> filter, a chosen parameter column in the table and the CSV, the bootstrap flag", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, op);
  await page.goto(`/devices?q=${PREFIX}`);
  await expect.poll(() => shownSerials(page)).toHaveLength(COUNT);

  await test.step("PacketsLost > 3 compares as numbers and skips a non-number", async () => {
    if (!(await page.getByLabel("Parameter path").isVisible())) await page.getByText("More filters").click();
    await page.getByLabel("Parameter path").fill(LOST);
    await page.getByLabel("Comparison").selectOption("gt");
    await page.getByLabel("Parameter value").fill("3");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/op=gt/);
    const rows = await testDb().device.findMany({ where: { serialNumber: { startsWith: PREFIX } } });
    const expected = rows
      .filter((d) => Number((d.parameters as Record<string, { v: string }>)[LOST]?.v) > 3)
      .map((d) => d.serialNumber)
      .sort();
    expect(expected).toEqual([serial(1), serial(2)]);
    await expect.poll(async () => (await shownSerials(page)).sort()).toEqual(expected);
  });

  await test.step("bootstrap incomplete is flagged", async () => {
    const row = table(page).getByRole("row", { name: new RegExp(serial(2)) });
    await expect(row.getByText("Bootstrap incomplete")).toBeVisible();
    await expect(
      table(page)
        .getByRole("row", { name: new RegExp(serial(1)) })
        .getByText("Bootstrap incomplete"),
    ).toHaveCount(0);
  });

  await test.step("add the parameter as a column: shown, kept in the URL and exported", async () => {
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.getByLabel("Parameter column", { exact: true }).fill(LOST);
    await page.getByRole("button", { name: "Add column" }).click();
    await expect(page).toHaveURL(/cols=/);
    await expect(table(page).getByRole("columnheader", { name: "X_TEST.PacketsLost" })).toBeVisible();
    await expect(table(page).getByRole("row", { name: new RegExp(serial(1)) })).toContainText("10");
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.screenshot({ path: test.info().outputPath("device-list-columns-1440.png"), fullPage: true });
    await expectNoSeriousViolations(page);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8");
    const cellsOf = (line: string) =>
      [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? "").replaceAll('""', '"'));
    const [header = "", ...lines] = csv.trimEnd().split("\r\n");
    const headers = cellsOf(header);
    expect(headers).toContain(LOST);
    const col = headers.indexOf(LOST);
    const db = await testDb().device.findMany({
      where: { serialNumber: { in: [serial(1), serial(2)] } },
      orderBy: { id: "asc" },
    });
    expect(lines.map((l) => [cellsOf(l)[0], cellsOf(l)[col]])).toEqual(
      db.map((d) => [d.serialNumber, (d.parameters as Record<string, { v: string }>)[LOST]?.v]),
    );
  });
});

test("phone: filters behind one button, first rows visible without scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, op);
  await page.goto(`/devices?q=${PREFIX}`);
  await expect.poll(() => shownSerials(page)).toHaveLength(COUNT);
  // Every filter but the free text is behind the one "Filters" button.
  for (const label of ["Kind", "Status", "Manufacturer", "Parameter path"])
    await expect(page.getByLabel(label, { exact: true })).toBeHidden();
  await expect(page.getByText("More filters")).toBeHidden();
  const filters = page.getByRole("button", { name: "Filters" });
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  // The first rows are on the first screen: nothing scrolled, their bottom edges inside the viewport.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  for (const i of [0, 1, 2]) {
    const box = await table(page)
      .getByRole("link", { name: serial(i) })
      .boundingBox();
    expect(box, serial(i)).not.toBeNull();
    expect((box?.y ?? 844) + (box?.height ?? 0), serial(i)).toBeLessThan(844);
  }
  await checkPage(page, "device-list");
  await filters.click();
  await expect(page.getByLabel("Kind")).toBeVisible();
  await page.getByLabel("Kind").selectOption("GATEWAY");
  await expect(page).toHaveURL(/kind=GATEWAY/);
  await page.screenshot({ path: test.info().outputPath("device-list-390-filters.png"), fullPage: true });
});
