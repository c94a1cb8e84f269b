// Issue 7 §1: a known device that has its own ACS credentials is impersonated with the shared ones and
// `0 BOOTSTRAP`. The ACS refuses it (403, nothing written) and lists an identity conflict; an operator
// finds it in the fleet list and on the device page, rejects it (still refused, a new attempt opens a
// new conflict), then accepts one (the device's own credentials are cleared and the shared-credential
// BOOTSTRAP is admitted). Help desk sees conflicts but cannot decide them.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startFleet, type Fleet } from "../sim";
import { ADMIN_PASSWORD, ADMIN_USERNAME, CPE_PASSWORD, CPE_USERNAME, CWMP_URL } from "./support/constants";
import { informOf, sendInform, type CpeIdentity } from "./support/cwmp-client";
import { checkPage } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const ADMIN: TestOperator = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };

let fleet: Fleet;
let serial: string;
let deviceId: number;
let identity: CpeIdentity;
let helpdesk: TestOperator;
let fleetStopped = false;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  // Seed 7702: one set-top box (TR-181, like the Inform the impostor sends), serial unlike other specs'.
  fleet = await startFleet({
    acsUrl: CWMP_URL,
    devices: 1,
    seed: 7702,
    stbRatio: 1,
    username: CPE_USERNAME,
    password: CPE_PASSWORD,
    crHost: "127.0.0.1",
    crPort: 0,
    startSpreadMs: 100,
    evolveEveryMs: 0,
    retryScale: 0.2,
  });
  serial = fleet.devices[0]!.serial;
  helpdesk = await createOperator("helpdesk", RUN);
});

test.afterAll(async () => {
  if (!fleetStopped) await fleet?.stop();
  await testDb().device.deleteMany({ where: { serialNumber: serial } });
  await testDb().operator.deleteMany({ where: { username: helpdesk?.username } });
  await closeTestDb();
});

const conflictsOf = () => testDb().identityConflict.findMany({ where: { deviceId }, orderBy: { id: "asc" } });
const impostor = () => sendInform(informOf(identity, ["0 BOOTSTRAP"]), CPE_USERNAME, CPE_PASSWORD);

async function decide(page: Page, conflictId: number, word: "Accept" | "Reject", confirm: string) {
  await page.getByRole("button", { name: `${word} conflict #${conflictId}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: new RegExp(`^${word}: .*\\(${serial}\\)$`) });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: confirm }).click();
}

async function asHelpdesk(browser: Browser, conflictId: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signIn(page, helpdesk);
    await page.goto("/identity-conflicts");
    const row = page.getByTestId(`conflict-${conflictId}`);
    await expect(row).toContainText(serial);
    await expect(row).toContainText("awaiting a decision");
    await expect(page.getByRole("button", { name: /^(Accept|Reject) conflict/ })).toHaveCount(0);
    await page.goto(`/devices/${deviceId}`);
    const banner = page.getByRole("region", { name: "Identity conflict" });
    await expect(banner).toContainText("An administrator or the NOC decides");
    await expect(banner.getByRole("button")).toHaveCount(0);
  } finally {
    await context.close();
  }
}

test("an impersonating BOOTSTRAP is refused, listed, rejected, and an accepted one re-admits the device", async ({
  page,
  browser,
}) => {
  await test.step("the simulated box bootstraps and confirms its own ACS credentials", async () => {
    // Confirmation needs a session with the provisioned credentials: ask the box for sessions until then.
    await expect
      .poll(
        async () => {
          const d = await testDb().device.findFirst({ where: { serialNumber: serial } });
          if (d && !d.cwmpCredentialsConfirmedAt) fleet.trigger(serial);
          return d?.cwmpCredentialsConfirmedAt ?? null;
        },
        { timeout: 90_000, intervals: [2_000] },
      )
      .not.toBeNull();
    const d = await testDb().device.findFirstOrThrow({ where: { serialNumber: serial } });
    deviceId = d.id;
    identity = {
      manufacturer: d.manufacturer,
      oui: d.oui,
      productClass: d.productClass,
      serialNumber: serial,
    };
    expect(d.cwmpUsername).toBeTruthy();
    // The real box goes quiet, so its own sessions don't interleave with the impostor's below.
    fleetStopped = true;
    await fleet.stop();
  });

  let first = 0;
  await test.step("BOOTSTRAP with the shared credentials: 403, nothing written, one open conflict", async () => {
    const read = () =>
      testDb().device.findUniqueOrThrow({ where: { id: deviceId }, include: { lastInform: true } });
    const before = await read();
    expect((await impostor()).status).toBe(403);
    expect((await impostor()).status).toBe(403);
    const after = await read();
    expect(after.lastInform?.informedAt).toEqual(before.lastInform?.informedAt);
    expect(after.softwareVersion).toBe(before.softwareVersion);
    expect(after.connectionRequestUrl).toBe(before.connectionRequestUrl);
    const conflicts = await conflictsOf();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ state: "open", attempts: 2, eventCodes: ["0 BOOTSTRAP"] });
    first = conflicts[0]!.id;
  });

  await test.step("admin finds it in the fleet list and on the device page", async () => {
    await signIn(page, ADMIN);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Identity conflicts" })
      .click();
    await expect(page).toHaveURL(/\/identity-conflicts$/);
    const row = page.getByTestId(`conflict-${first}`);
    await expect(row).toContainText("0 BOOTSTRAP");
    await expect(row).toContainText("127.0.0.1");
    await expect(row.getByRole("cell").nth(5)).toHaveText("2");
    await checkPage(page, "identity-conflicts");
    await row.getByRole("link", { name: serial }).click();
    await expect(page).toHaveURL(new RegExp(`/devices/${deviceId}$`));
    const banner = page.getByRole("region", { name: "Identity conflict" });
    await expect(banner).toContainText("2 attempts");
    await expect(banner).toContainText("127.0.0.1");
    await expect(page.getByTestId("acs-credentials")).toContainText("own (confirmed");
    await checkPage(page, "device-identity-conflict");
  });

  await test.step("reject: recorded with who decided, the banner goes, the impostor stays refused", async () => {
    await decide(page, first, "Reject", "Reject and keep refusing");
    await expect(page.getByRole("status").filter({ hasText: `Conflict #${first} rejected` })).toBeVisible();
    await expect(page.getByRole("region", { name: "Identity conflict" })).toHaveCount(0);
    const rejected = await testDb().identityConflict.findUniqueOrThrow({ where: { id: first } });
    expect(rejected).toMatchObject({ state: "rejected", decidedBy: ADMIN_USERNAME });
    expect(rejected.decidedAt).not.toBeNull();
    const d = await testDb().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(d.cwmpUsername).toBeTruthy();
    expect(d.cwmpCredentialsConfirmedAt).not.toBeNull();
    expect((await impostor()).status).toBe(403);
    const conflicts = await conflictsOf();
    expect(conflicts.map((c) => c.state)).toEqual(["rejected", "open"]);
  });

  const second = (await conflictsOf())[1]!.id;

  await test.step("help desk sees the new conflict but has no Accept or Reject", async () => {
    await asHelpdesk(browser, second);
  });

  await test.step("accept: the device's own credentials are cleared", async () => {
    await page.reload();
    const banner = page.getByRole("region", { name: "Identity conflict" });
    await expect(banner).toContainText("1 attempt");
    await decide(page, second, "Accept", "Accept and re-provision");
    await expect(page.getByRole("status").filter({ hasText: `Conflict #${second} accepted` })).toBeVisible();
    await expect(banner).toHaveCount(0);
    const accepted = await testDb().identityConflict.findUniqueOrThrow({ where: { id: second } });
    expect(accepted).toMatchObject({ state: "accepted", decidedBy: ADMIN_USERNAME });
    const d = await testDb().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(d).toMatchObject({ cwmpUsername: null, cwmpHa1: null, cwmpCredentialsConfirmedAt: null });
    await expect(page.getByTestId("acs-credentials")).toHaveText("shared");
  });

  await test.step("the decisions show in the fleet list's accepted and rejected tabs", async () => {
    await page.goto("/identity-conflicts");
    await page.getByRole("tab", { name: "Accepted" }).click();
    await expect(page.getByTestId(`conflict-${second}`)).toContainText(ADMIN_USERNAME);
    await page.getByRole("tab", { name: "Rejected" }).click();
    await expect(page.getByTestId(`conflict-${first}`)).toContainText(ADMIN_USERNAME);
  });

  await test.step("a long list pages with Load more (older rows come after the newest 50)", async () => {
    const old = Date.now() - 86_400_000;
    await testDb().identityConflict.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        deviceId,
        state: "rejected" as const,
        reason: `seeded older attempt ${i}`,
        remoteAddress: "127.0.0.2",
        firstAt: new Date(old - i * 60_000),
        lastAt: new Date(old - i * 60_000),
        decidedBy: "seed",
        decidedAt: new Date(old),
      })),
    });
    const total = await testDb().identityConflict.count({ where: { state: "rejected" } });
    await page.reload();
    await page.getByRole("tab", { name: "Rejected" }).click();
    const rows = page.getByRole("table", { name: "Identity conflicts" }).locator("tbody tr");
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toContainText(serial);
    await expect(page.getByText("seeded older attempt 54")).toHaveCount(0);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(rows).toHaveCount(total);
    await expect(rows.last()).toContainText("seeded older attempt 54");
    await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  });

  await test.step("the shared-credential BOOTSTRAP is admitted now", async () => {
    const reply = await impostor();
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("InformResponse");
    expect(await testDb().identityConflict.count({ where: { deviceId, state: "open" } })).toBe(0);
  });
});
