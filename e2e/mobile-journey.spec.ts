// The mobile journey of issue 16 §2: a help-desk agent finds a simulated OMA DM mobile by its IMEI in
// the device list, opens its page, expands ./DevInfo in the DM tree (a live read: DmGet, the mobile
// woken with package 0 over loopback UDP), replaces a writable value and sees it on the page, in the
// database and on the mobile itself. Each step is checked by axe with screenshots (checkPage).
import { expect, test } from "@playwright/test";
import { startFleet, type SimFleet } from "../sim/omadm/fleet";
import { checkPage } from "./support/a11y";
import { OMADM_PASSWORD, OMADM_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
let fleet: SimFleet;
let agent: TestOperator;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  fleet = await startFleet({
    serverUrl: OMADM_URL,
    devices: 1,
    seed: 7501,
    encoding: "wbxml",
    serverId: "vantage",
    password: OMADM_PASSWORD,
    failureRate: 0,
    maxMsgSize: 4096,
  });
  const report = await fleet.mobiles[0]!.session(1201);
  if (!report.ok) throw new Error(`the simulated mobile's first session failed: ${JSON.stringify(report)}`);
  agent = await createOperator("helpdesk", RUN);
});

test.afterAll(async () => {
  const devId = fleet?.mobiles[0]?.devId;
  await fleet?.close();
  // Specs share one database; login-and-devices.spec.ts starts from zero devices.
  if (devId) await testDb().device.deleteMany({ where: { serialNumber: devId } });
  await closeTestDb();
});

test("a help-desk agent finds a mobile by its IMEI, reads its DM tree live and replaces a value", async ({
  page,
}) => {
  const mobile = fleet.mobiles[0]!;
  const devId = mobile.devId;
  const imei = devId.replace(/^IMEI:/, "");
  const device = await testDb().device.findFirstOrThrow({ where: { serialNumber: devId } });

  await test.step("the device list finds the mobile by its IMEI, kind Mobile", async () => {
    await signIn(page, agent);
    await page.getByLabel("Search devices").fill(imei);
    await expect(page).toHaveURL(new RegExp(`q=${imei}`));
    const table = page.getByRole("table", { name: "Devices" });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("row").nth(1)).toContainText("Mobile");
    await checkPage(page, "mobile-list");
    await table.getByRole("link", { name: devId }).click();
    await expect(page).toHaveURL(new RegExp(`/devices/${device.id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(devId);
  });

  await test.step("the page shows the DevInfo summary and expanding ./DevInfo reads it live", async () => {
    const summary = page.getByRole("region", { name: "Summary" });
    await expect(summary).toContainText("OMA DM (WBXML)");
    await expect(summary).toContainText("1.2");
    const before = await testDb().task.count({ where: { deviceId: device.id, name: "DmGet" } });
    await page.getByRole("button", { name: "Expand ./DevInfo", exact: true }).click();
    await expect
      .poll(() => testDb().task.count({ where: { deviceId: device.id, name: "DmGet", state: "done" } }), {
        timeout: 30_000,
      })
      .toBe(before + 1);
    const lang = page.locator('li[data-uri="./DevInfo/Lang"]');
    await expect(lang.getByTestId("dm-value")).toHaveText("en-US", { timeout: 15_000 });
    await expect(page.locator('li[data-uri="./DevInfo/DmV"]').getByTestId("dm-value")).toHaveText("1.2");
    await checkPage(page, "mobile-dm-tree");
  });

  await test.step("Replace of ./DevInfo/Lang lands on the mobile, in the database and on the page", async () => {
    await page.getByRole("button", { name: "Edit ./DevInfo/Lang", exact: true }).click();
    await page.getByLabel("New value of ./DevInfo/Lang").fill("it-IT");
    await page.getByRole("button", { name: "Replace", exact: true }).click();
    const lang = page.locator('li[data-uri="./DevInfo/Lang"]');
    await expect(lang.getByTestId("dm-value")).toHaveText("it-IT", { timeout: 30_000 });
    const task = await testDb().task.findFirstOrThrow({
      where: { deviceId: device.id, name: "DmReplace" },
      orderBy: { id: "desc" },
    });
    expect(task).toMatchObject({ state: "done", protocol: "omadm", createdBy: agent.username });
    const stored = await testDb().device.findUniqueOrThrow({ where: { id: device.id } });
    expect((stored.parameters as Record<string, { v?: string }>)["./DevInfo/Lang"]?.v).toBe("it-IT");
    expect(mobile.tree.nodes.get("./DevInfo/Lang")!.value).toBe("it-IT");
    await expect(page.getByRole("tab", { name: "Tasks" })).toBeVisible();
    await expect(page.getByRole("tabpanel")).toContainText("DmReplace");
    await checkPage(page, "mobile-replaced");
  });
});
