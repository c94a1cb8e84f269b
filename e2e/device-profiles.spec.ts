// A device's profiles on its page: a profile (inserted in the database as the service stores it) applies
// to one simulated set-top box and converges at the box's next periodic inform; the Profiles tab shows
// it converged, the tree marks the value it owns and the editor says the profile will set it back;
// "Apply now" (admin) starts a fresh attempt (checked in the database); a help-desk agent sees the tab
// but cannot apply.
import { expect, test, type Page } from "@playwright/test";
import { startFleet, type Fleet } from "../sim";
import { checkPage } from "./support/a11y";
import { ADMIN_PASSWORD, ADMIN_USERNAME, CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn } from "./support/operators";

const RUN = Date.now().toString(36);
const TAG = `e2e-profiles-${RUN}`;
const PROFILE = `STB inform interval ${RUN}`;
const PATH = "Device.ManagementServer.PeriodicInformInterval";
const PERIODIC = [{ eventCode: "2 PERIODIC", commandKey: "" }];

let fleet: Fleet | undefined;
let serial: string;
let deviceId: number;
let profileId: number;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  // Seed 7931: a gateway and a set-top box; serials unlike other specs' fleets (they share the database).
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 2,
    seed: 7931,
    stbRatio: 1,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 200,
    evolveEveryMs: 0,
    retryScale: 0.2,
  });
  // A household: its gateway and a set-top box; the profile is for the box.
  const stb = fleet.devices.find((d) => d.identity.kind === "stb");
  if (!stb) throw new Error("seed 7931 has no set-top box");
  serial = stb.serial;
  await expect
    .poll(
      async () => (await testDb().device.findFirst({ where: { serialNumber: serial } }))?.fullReadAt ?? null,
      { timeout: 60_000 },
    )
    .not.toBeNull();
  await fleet.idle(20_000);
  // The tag selects this one box, whatever other specs left in the shared database.
  const found = await testDb().device.findFirstOrThrow({ where: { serialNumber: serial } });
  deviceId = found.id;
  await testDb().device.update({ where: { id: deviceId }, data: { tags: { push: TAG } } });
  const definition = {
    precondition: { kinds: ["STB"], tags: [TAG] },
    triggers: ["periodic", "boot"],
    parameters: [{ path: PATH, value: "1234" }],
  };
  const profile = await testDb().profile.create({
    data: {
      name: PROFILE,
      enabled: true,
      priority: 100,
      version: 1,
      definition,
      createdBy: ADMIN_USERNAME,
      updatedBy: ADMIN_USERNAME,
      versions: {
        create: { version: 1, definition, enabled: true, priority: 100, createdBy: ADMIN_USERNAME },
      },
    },
  });
  profileId = profile.id;
});

test.afterAll(async () => {
  await fleet?.stop();
  await testDb().profile.deleteMany({ where: { name: PROFILE } });
  await testDb().device.deleteMany({
    where: { serialNumber: { in: fleet?.devices.map((d) => d.serial) ?? [] } },
  });
  await closeTestDb();
});

const state = () =>
  testDb().deviceProfile.findUnique({ where: { deviceId_profileId: { deviceId, profileId } } });

async function openProfilesTab(page: Page) {
  await page.goto(`/devices/${deviceId}?tab=profiles`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(serial);
  await expect(page.getByRole("tab", { name: /^Profiles/ })).toHaveAttribute("aria-selected", "true");
  return page.getByRole("table", { name: "Profiles" }).getByTestId(`profile-row-${profileId}`);
}

test("the Profiles tab, the owned value in the tree, and Apply now", async ({ page, browser }) => {
  await test.step("the box's next periodic inform converges the profile", async () => {
    // The server's profile catalog notices a new row within seconds; until then an inform finds
    // nothing due, so the box informs again (bounded by the poll's timeout).
    await expect
      .poll(
        async () => {
          fleet!.trigger(serial, PERIODIC);
          await fleet!.idle(15_000);
          return (await state())?.status;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe("converged");
    expect(fleet!.device(serial)?.get(PATH)).toBe("1234");
    expect((await state())?.ownedPaths).toEqual([PATH]);
  });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN_USERNAME);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices/);

  await test.step("the tab lists the profile converged, with its link and version", async () => {
    const row = await openProfilesTab(page);
    await expect(row).toContainText("converged");
    await expect(row).toContainText("v1");
    await expect(row.getByRole("link", { name: PROFILE })).toHaveAttribute("href", `/profiles/${profileId}`);
    await checkPage(page, "device-profiles-tab");
  });

  await test.step("the tree marks the owned value; its editor says the profile sets it back", async () => {
    const tree = page.getByRole("tree", { name: "Parameters" });
    for (const path of ["Device.", "Device.ManagementServer."])
      await page.getByRole("button", { name: `Expand ${path}`, exact: true }).click();
    const owned = tree.getByTestId(`owned-${PATH}`);
    await expect(owned).toHaveText("profile");
    await owned.hover();
    await expect(page.getByRole("tooltip").filter({ hasText: PROFILE })).toHaveText(
      `Set by the profile ${PROFILE}`,
    );
    // Another value of the same object is not the profile's.
    await expect(tree.getByTestId("owned-Device.ManagementServer.URL")).toHaveCount(0);
    await page.getByRole("button", { name: `Edit ${PATH}`, exact: true }).click();
    await expect(tree.getByTestId(`owned-note-${PATH}`)).toContainText(
      `the profile ${PROFILE} will set it back to \u201c1234\u201d at its next evaluation`,
    );
    await expect(page.getByRole("form", { name: `Change ${PATH}` })).toBeVisible();
    await checkPage(page, "device-profiles-owned-value");
  });

  await test.step("Apply now starts a fresh attempt for this device", async () => {
    // Stopped first: a woken box would converge again within a second, and the pending state the
    // click writes is what this step asserts (the wake-up then fails quietly; the state waits).
    await fleet!.stop();
    fleet = undefined;
    const before = new Date();
    const row = page.getByRole("table", { name: "Profiles" }).getByTestId(`profile-row-${profileId}`);
    await row.getByRole("button", { name: `Apply ${PROFILE} now` }).click();
    const dialog = page.getByRole("dialog", { name: `Apply ${PROFILE} now?` });
    await dialog.getByRole("button", { name: "Apply now" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${PROFILE}: queued;` })).toBeVisible();
    const s = await state();
    expect(s?.status).toBe("pending");
    expect(s?.failures).toBe(0);
    expect(s?.attemptAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    const device = await testDb().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.profilesDueAt).not.toBeNull();
    const audit = await testDb().auditLog.findFirst({
      where: { action: "profile.apply", target: PROFILE, deviceId },
    });
    expect(audit).not.toBeNull();
    await expect(row).toContainText("pending");
    await checkPage(page, "device-profiles-applied");
  });

  await test.step("a help-desk agent sees the tab but cannot apply", async () => {
    const agent = await createOperator("helpdesk", RUN);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const other = await context.newPage();
    await signIn(other, agent);
    const row = await openProfilesTab(other);
    await expect(row).toContainText(PROFILE);
    await expect(other.getByRole("button", { name: /^Apply .* now$/ })).toHaveCount(0);
    await expect(other.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
    await checkPage(other, "device-profiles-tab-helpdesk");
    await context.close();
  });
});
