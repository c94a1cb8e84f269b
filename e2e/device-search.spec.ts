// Device search journey: the search lives in the URL (reload and Back restore it), filters narrow it,
// a saved search re-applies it, and the CSV export holds exactly the matching rows of the database.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "../server/auth/password";
import { closeTestDb, setLastInforms, testDb } from "./support/db";

// A per-run tag keeps serial numbers unique; the devices are removed afterwards because later spec
// files (login-and-devices) expect an empty fleet.
const RUN = Date.now().toString(36).toUpperCase();
const PREFIX = `SRCH${RUN}`;
// An administrator of its own: login-and-devices counts the shared admin's sign-ins.
const USERNAME = `search-admin-${RUN.toLowerCase()}`;
const PASSWORD = `search-${RUN}-password`;

const DEVICES = [
  { suffix: "G1", kind: "GATEWAY" as const, sub: `ACC-${RUN}-1`, sw: "4.14.0", tags: ["vip"] },
  { suffix: "S1", kind: "STB" as const, sub: `ACC-${RUN}-1`, sw: "6077.2.9.0", tags: [] },
  { suffix: "S2", kind: "STB" as const, sub: `ACC-${RUN}-2`, sw: "6077.2.9.0", tags: ["pilot"] },
  { suffix: "S3", kind: "STB" as const, sub: `ACC-${RUN}-3`, sw: "6077.2.8.1", tags: [] },
];

async function signIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(USERNAME);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
}

test.beforeAll(async () => {
  await testDb().operator.create({
    data: {
      username: USERNAME,
      name: "Search tester",
      role: "admin",
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  const now = Date.now();
  const created = await testDb().device.createManyAndReturn({
    select: { id: true, serialNumber: true },
    data: DEVICES.map((d, i) => ({
      oui: d.kind === "STB" ? "D0C7C0" : "C0D044",
      productClass: d.kind === "STB" ? "KSTB6077" : "FAST5670",
      manufacturer: d.kind === "STB" ? "Kaon" : "Sagemcom",
      modelName: d.kind === "STB" ? "KSTB6077" : "F@st 5670",
      serialNumber: `${PREFIX}${d.suffix}`,
      kind: d.kind,
      softwareVersion: d.sw,
      subscriberId: d.sub,
      ipAddress: `10.77.${i}.${i + 10}`,
      macAddress: `D0:C7:C0:77:00:0${i}`,
      tags: d.tags,
      periodicInformInterval: 300,
      parameters: {
        "Device.Services.STBService.1.Components.HDMI.1.ResolutionValue": {
          v: i === 3 ? "3840x2160" : "1920x1080",
          ts: now,
        },
      },
    })),
  });
  const order = DEVICES.map((d) => `${PREFIX}${d.suffix}`);
  await setLastInforms(
    created.map(({ id, serialNumber }) => ({
      id,
      informedAt: new Date(now - (order.indexOf(serialNumber) + 1) * 60_000),
    })),
  );
});

test.afterAll(async () => {
  await testDb().device.deleteMany({ where: { serialNumber: { startsWith: PREFIX } } });
  await closeTestDb();
});

/** "More filters" is a disclosure, closed unless one of its filters is set. */
async function moreFilters(page: Page) {
  if (!(await page.getByLabel("Parameter path").isVisible())) await page.getByText("More filters").click();
  await expect(page.getByLabel("Parameter path")).toBeVisible();
}

const rowOf = (page: Page, suffix: string) =>
  page.getByRole("table", { name: "Devices" }).getByRole("row", { name: new RegExp(`${PREFIX}${suffix}`) });

test("search lives in the URL, survives reload and Back, is saved, re-applied and exported", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page);
  const table = page.getByRole("table", { name: "Devices" });

  await test.step("the dropdowns offer the seeded version (the server caches them for 30 s)", async () => {
    // An earlier spec may have loaded the list moments ago: its cached dropdown values predate this
    // spec's devices, which were written straight into the database. Reload until they are in (bounded).
    const option = page.getByLabel("Software version").locator('option[value="6077.2.9.0"]');
    await moreFilters(page);
    await expect(async () => {
      if ((await option.count()) === 0) {
        await page.reload();
        await moreFilters(page);
      }
      await expect(option).toBeAttached({ timeout: 2_000 });
    }).toPass({ timeout: 45_000, intervals: [3_000] });
    await page.goto("/devices");
  });

  await test.step("partial serial search", async () => {
    await page.getByLabel("Search devices").fill(RUN.slice(1));
    await expect(page).toHaveURL(new RegExp(`[?&]q=${RUN.slice(1)}`));
    await expect(table.getByRole("row")).toHaveCount(DEVICES.length + 1);
    await expect(page.getByText(`1–${DEVICES.length} of ${DEVICES.length}`)).toBeVisible();
  });

  await test.step("a filter narrows the result and goes into the URL", async () => {
    await page.getByLabel("Kind").selectOption("STB");
    await expect(page).toHaveURL(/kind=STB/);
    await expect(table.getByRole("row")).toHaveCount(4);
    await expect(rowOf(page, "G1")).toHaveCount(0);
    await moreFilters(page);
    await page.getByLabel("Software version").selectOption("6077.2.9.0");
    await expect(page).toHaveURL(/softwareVersion=6077\.2\.9\.0/);
    await expect(table.getByRole("row")).toHaveCount(3);
  });

  await test.step("reload keeps the search", async () => {
    await page.reload();
    await expect(page.getByLabel("Search devices")).toHaveValue(RUN.slice(1));
    await expect(page.getByLabel("Kind")).toHaveValue("STB");
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(rowOf(page, "S1")).toBeVisible();
    await expect(rowOf(page, "S2")).toBeVisible();
  });

  await test.step("Back restores the previous search", async () => {
    await page.goBack();
    await expect(page).not.toHaveURL(/softwareVersion=/);
    await expect(page).toHaveURL(/kind=STB/);
    await expect(table.getByRole("row")).toHaveCount(4);
    await page.goBack();
    await expect(page).not.toHaveURL(/kind=/);
    await expect(page.getByLabel("Kind")).toHaveValue("");
    await expect(table.getByRole("row")).toHaveCount(DEVICES.length + 1);
    await page.goForward();
    await expect(table.getByRole("row")).toHaveCount(4);
  });

  await test.step("free text finds subscriber ids, MACs in any notation and tags", async () => {
    await page.getByLabel("Kind").selectOption("");
    await page.getByLabel("Search devices").fill(`ACC-${RUN}-1`);
    await expect(table.getByRole("row")).toHaveCount(3);
    await page.getByLabel("Search devices").fill("d0-c7-c0-77-00-02");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(rowOf(page, "S2")).toBeVisible();
    await page.getByLabel("Search devices").fill(RUN.slice(1));
    await expect(table.getByRole("row")).toHaveCount(DEVICES.length + 1);
  });

  await test.step("parameter = value filter", async () => {
    await page
      .getByLabel("Parameter path")
      .fill("Device.Services.STBService.1.Components.HDMI.1.ResolutionValue");
    await page.getByLabel("Parameter value").fill("3840x2160");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/path=Device\.Services/);
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(rowOf(page, "S3")).toBeVisible();
    await page.getByLabel("Parameter path").fill("Device.Services.");
    await page.getByRole("button", { name: "Apply filters" }).click();
    // The message is the field's own (aria-describedby), so a screen reader reads it with the field.
    await expect(page.getByLabel("Parameter path")).toHaveAccessibleDescription(/parameter path looks like/);
    await expect(page.getByLabel("Parameter path")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/path=Device\.Services\.STBService/);
    await page.getByRole("button", { name: "Clear these filters" }).click();
    await expect(page).not.toHaveURL(/path=/);
  });

  const name = `STBs ${RUN}`;
  await test.step("save the search", async () => {
    await page.getByLabel("Kind").selectOption("STB");
    await expect(table.getByRole("row")).toHaveCount(4);
    // An empty name is refused by the same schema the server uses, before anything is sent.
    await page.getByRole("button", { name: "Save search" }).click();
    await expect(page.getByLabel("Name for this search")).toHaveAccessibleDescription(
      "Give the search a name",
    );
    await page.getByLabel("Name for this search").fill(name);
    await page.getByRole("button", { name: "Save search" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved "${name}".` })).toBeVisible();
    const admin = await testDb().operator.findUniqueOrThrow({ where: { username: USERNAME } });
    const saved = await testDb().savedSearch.findUniqueOrThrow({
      where: { operatorId_name: { operatorId: admin.id, name } },
    });
    expect(saved.query).toMatchObject({ q: RUN.slice(1), kind: "STB" });
    const audit = await testDb().auditLog.findFirst({
      where: { action: "saved_search.save", operatorId: admin.id },
      orderBy: { id: "desc" },
    });
    expect(audit?.target).toContain(name);
  });

  await test.step("re-apply the saved search from a clean list", async () => {
    await page.goto("/devices");
    await expect(page.getByLabel("Search devices")).toHaveValue("");
    await page.getByLabel("Saved search", { exact: true }).selectOption({ label: name });
    await page.getByRole("button", { name: "Apply saved search" }).click();
    await expect(page).toHaveURL(/kind=STB/);
    await expect(page.getByLabel("Search devices")).toHaveValue(RUN.slice(1));
    await expect(table.getByRole("row")).toHaveCount(4);
  });

  await test.step("export the result as CSV and compare it with the database", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8");
    // Every cell is quoted (CSV injection defence): read them back the same way.
    const cellsOf = (line: string) =>
      [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? "").replaceAll('""', '"'));
    const [header = "", ...lines] = csv.trimEnd().split("\r\n");
    expect(cellsOf(header).join(",")).toBe(
      "serial,oui,product_class,manufacturer,kind,model,software_version,ip_address,mac_address,subscriber_id,tags,last_inform,online",
    );
    const expected = await testDb().device.findMany({
      where: { serialNumber: { contains: RUN.slice(1) }, kind: "STB" },
      orderBy: { id: "asc" },
      include: { lastInform: true },
    });
    expect(lines.map((l) => cellsOf(l)[0])).toEqual(expected.map((d) => d.serialNumber));
    for (const [i, d] of expected.entries()) {
      const cells = cellsOf(lines[i] ?? "");
      expect(cells.slice(1, 11)).toEqual([
        d.oui,
        d.productClass,
        d.manufacturer,
        d.kind,
        d.modelName,
        d.softwareVersion,
        d.ipAddress,
        d.macAddress,
        d.subscriberId,
        d.tags.join(" "),
      ]);
      expect(cells[11]).toBe(d.lastInform?.informedAt?.toISOString());
      expect(cells[12]).toBe("yes");
    }
    const audit = await testDb().auditLog.findFirst({
      where: { action: "devices.export" },
      orderBy: { id: "desc" },
    });
    expect(audit?.target).toContain("kind=STB");
  });

  await test.step("selecting rows offers bulk actions", async () => {
    await page.getByRole("checkbox", { name: `Select ${PREFIX}S1` }).check();
    await expect(page.getByText("1 selected.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Bulk actions (1)" })).toBeVisible();
    await page.getByRole("checkbox", { name: "Select all devices on this page" }).check();
    await expect(page.getByText("3 selected.")).toBeVisible();
    await moreFilters(page);
    await page.screenshot({ path: test.info().outputPath("device-search.png"), fullPage: true });
    await page.getByRole("button", { name: "Clear selection" }).click();
    await expect(page.getByText("Select devices for bulk work, or export the result.")).toBeVisible();
  });

  await test.step("row click opens the device page", async () => {
    await rowOf(page, "S1").getByRole("link").click();
    const id = (await testDb().device.findFirstOrThrow({ where: { serialNumber: `${PREFIX}S1` } })).id;
    await expect(page).toHaveURL(new RegExp(`/devices/${id}$`));
  });
});

test("the export refuses a visitor who is not signed in", async ({ request }) => {
  const response = await request.get("/api/devices/export", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});
