// The Profiles pages end to end: an admin creates a profile from the "ITF Monitoring" template
// (sample interval 1 s, only this fleet's tagged boxes), sees a read-only row refused with its reason
// (and the save refused), previews it (it touches the fleet's set-top boxes), saves it enabled, and
// watches the list's converged count reach the number of boxes as they inform; the database and the
// simulated boxes' trees confirm it; the version history shows the first version's rows.
import { expect, test, type Page } from "@playwright/test";
import { startFleet, type Fleet } from "../sim";
import { checkPage } from "./support/a11y";
import { ADMIN_PASSWORD, ADMIN_USERNAME, CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";

const RUN = Date.now().toString(36);
const TAG = `e2e-itf-${RUN}`;
const NAME = `ITF Monitoring ${RUN}`;
const MONITORING = "Services.STBService.1.ServiceMonitoring.";
const PERIODIC = [{ eventCode: "2 PERIODIC", commandKey: "" }];

let fleet: Fleet | undefined;
let stbs: string[] = [];

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  // Seed 7977: a gateway and set-top boxes; serials unlike other specs' fleets (shared database).
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 4,
    seed: 7977,
    stbRatio: 0.75,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 200,
    evolveEveryMs: 0,
    retryScale: 0.2,
  });
  stbs = fleet.devices.filter((d) => d.identity.kind === "stb").map((d) => d.serial);
  if (stbs.length < 2) throw new Error("seed 7977 has fewer than two set-top boxes");
  const serials = fleet.devices.map((d) => d.serial);
  await expect
    .poll(
      () => testDb().device.count({ where: { serialNumber: { in: serials }, fullReadAt: { not: null } } }),
      {
        timeout: 60_000,
      },
    )
    .toBe(serials.length);
  await fleet.idle(20_000);
  // The tag keeps the profile to this fleet (gateway included: the kind condition must leave it out).
  await testDb().device.updateMany({
    where: { serialNumber: { in: serials } },
    data: { tags: { push: TAG } },
  });
});

test.afterAll(async () => {
  await fleet?.stop();
  await testDb().profile.deleteMany({ where: { name: NAME } });
  await testDb().device.deleteMany({
    where: { serialNumber: { in: fleet?.devices.map((d) => d.serial) ?? [] } },
  });
  await closeTestDb();
});

test("create a profile from a template, preview, save enabled, watch it converge", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN_USERNAME);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);

  await test.step("the list, and a new profile from the ITF Monitoring template", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profiles" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Profiles" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Conflicts" })).toBeVisible();
    await checkPage(page, "profiles-list");
    await page.getByRole("button", { name: "New profile" }).click();
    await page
      .getByRole("dialog", { name: "New profile" })
      .getByRole("link", { name: "ITF Monitoring" })
      .click();
    await expect(page).toHaveURL(/\/profiles\/new\?template=itf-monitoring/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New profile from ITF Monitoring");
    await page.getByLabel("Name", { exact: true }).fill(NAME);
    await page.getByLabel("Tags (all of them)").fill(TAG);
    // Rows 1 and 2: SampleInterval under Device. and InternetGatewayDevice.
    await expect(page.getByLabel("Parameter 1 path")).toHaveValue(`Device.${MONITORING}SampleInterval`);
    await page.getByLabel("Parameter 1 value").fill("1");
    await page.getByLabel("Parameter 2 value").fill("1");
    await page.getByLabel("Enabled (applies to matching devices)").check();
    await checkPage(page, "profile-editor");
  });

  await test.step("a read-only row shows its reason and the save is refused", async () => {
    await page.getByRole("button", { name: "Add parameter" }).click();
    await page.getByLabel("Parameter 11 path").fill("Device.DeviceInfo.UpTime");
    await page.getByLabel("Parameter 11 value").fill("5");
    const row = page.getByTestId("parameter-row-10");
    await expect(row).toContainText("read-only in the data model");
    await checkPage(page, "profile-editor-refused");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Save this enabled profile?" });
    await expect(confirm.getByTestId("preview-summary")).toBeVisible({ timeout: 30_000 });
    await confirm.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not saved" })).toBeVisible();
    await expect(row).toContainText("read-only in the data model");
    expect(await testDb().profile.count({ where: { name: NAME } })).toBe(0);
    await page.getByRole("button", { name: "Remove parameter 11" }).click();
    await expect(page.getByText("read-only in the data model")).toHaveCount(0);
  });

  await test.step("the preview touches the fleet's set-top boxes", async () => {
    await page.getByRole("button", { name: "Preview" }).click();
    const dialog = page.getByRole("dialog", { name: "Preview" });
    await expect(dialog.getByTestId("preview-summary")).toContainText(`This touches ${stbs.length} devices`, {
      timeout: 30_000,
    });
    await expect(dialog).toContainText(`${MONITORING}SampleInterval`);
    await checkPage(page, "profile-preview");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  let profileId = 0;
  await test.step("saving the enabled profile goes through the preview", async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Save this enabled profile?" });
    await expect(confirm.getByTestId("preview-summary")).toContainText(
      `This touches ${stbs.length} devices`,
      {
        timeout: 30_000,
      },
    );
    await confirm.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/profiles\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(NAME);
    const stored = await testDb().profile.findFirstOrThrow({ where: { name: NAME } });
    expect(stored.enabled).toBe(true);
    expect(stored.version).toBe(1);
    profileId = stored.id;
  });

  await test.step("the list's converged count reaches the number of boxes as they inform", async () => {
    await page.goto("/profiles");
    const row = page.getByTestId(`profile-${profileId}`);
    await expect(row).toContainText(NAME);
    // The server's catalog notices a new profile within seconds; boxes informing before that find
    // nothing due, so they are woken again until every one has converged (bounded by the timeout).
    await expect
      .poll(
        async () => {
          for (const serial of stbs) fleet!.trigger(serial, PERIODIC);
          await fleet!.idle(15_000);
          return testDb().deviceProfile.count({ where: { profileId, status: "converged" } });
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBe(stbs.length);
    // No reload: the list refreshes itself while the new profile's devices converge.
    await expect(row).toContainText(`${stbs.length} converged`, { timeout: 20_000 });
    const states = await testDb().deviceProfile.findMany({ where: { profileId } });
    expect(states.map((s) => s.status)).toEqual(stbs.map(() => "converged"));
    for (const serial of stbs) {
      const box = fleet!.device(serial)!;
      const root =
        box.get(`Device.${MONITORING}SampleEnable`) === undefined ? "InternetGatewayDevice." : "Device.";
      expect(box.get(`${root}${MONITORING}SampleEnable`)).toBe("true");
      expect(box.get(`${root}${MONITORING}SampleInterval`)).toBe("1");
    }
    await checkPage(page, "profiles-list-converged");
  });

  await test.step("the history lists version 1 with its rows", async () => {
    await profileRow(page, profileId).getByRole("link", { name: NAME }).click();
    await page.getByRole("tab", { name: /^History/ }).click();
    const history = page.getByRole("table", { name: "Version history" });
    await expect(history.getByRole("row")).toHaveCount(2);
    await history.getByText(/\d+ changes/).click();
    await expect(history.getByRole("list", { name: "Changes in version 1" })).toContainText(
      `parameter Device.${MONITORING}SampleInterval: 1`,
    );
    await checkPage(page, "profile-history");
  });
});

const profileRow = (page: Page, id: number) => page.getByTestId(`profile-${id}`);
