import { expect, test, type Page } from "@playwright/test";
import { ROLE_PERMISSIONS } from "../lib/permissions";
import { hashPassword } from "../server/auth/password";
import { ROLES } from "../lib/operators/schemas";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";

// A zone away from UTC, so a filter read in one zone and a table shown in another would disagree.
const TIME_ZONE = "Europe/Berlin";
test.use({ timezoneId: TIME_ZONE });

/** "2026-01-15T10:30" in TIME_ZONE: what a datetime-local field holds for that instant there. */
function localInput(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  })
    .format(at)
    .replace(" ", "T");
}

// This file sorts before login-and-devices.spec.ts, which counts the built-in "admin" account's
// sign-ins: so this journey never touches "admin" and signs in as an admin of its own, seeded below.
const RUN = Date.now().toString(36);
const ADMIN = `e2e-admin-${RUN}`;
const ADMIN_PASSWORD = "e2e-admin-pass-1";
const AGENT = `agent-${RUN}`;
const AGENT_PASSWORD = "agent-pass-12345";
const IMPORT_NAME = `ACME STB ${RUN}`;

const ACME_XML = `<?xml version="1.0" encoding="UTF-8"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-8" spec="urn:acme-com:x-acme-1-0">
  <model name="X_ACME_Device:1.0">
    <object name="Device.X_ACME_Settings." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="PowerMode" access="readWrite">
        <syntax><string><enumeration value="Eco"/><enumeration value="Normal"/></string></syntax>
      </parameter>
      <parameter name="FanSpeed" access="readWrite">
        <syntax><unsignedInt><range minInclusive="0" maxInclusive="100"/><units value="percent"/></unsignedInt></syntax>
      </parameter>
    </object>
  </model>
</dm:document>`;

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
}

test.beforeAll(async () => {
  await testDb().operator.create({
    data: {
      username: ADMIN,
      name: "E2E Admin",
      role: "admin",
      passwordHash: await hashPassword(ADMIN_PASSWORD, { N: 1024, r: 8, p: 1 }),
    },
  });
});

test.afterAll(async () => {
  await closeTestDb();
});

test("an admin manages an operator; disabling them refuses their next request; all of it is audited", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);

  await test.step("create a help-desk operator, with a validation message for a weak password", async () => {
    await page.getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin\/operators$/);
    await expect(page.getByRole("heading", { name: "Operators" })).toBeVisible();
    await page.getByRole("button", { name: "New operator" }).click();
    const form = page.getByRole("form", { name: "New operator" });
    await form.getByLabel("Username").fill(AGENT);
    await form.getByLabel("Full name").fill("Agent Smith");
    await form.getByLabel("Role").selectOption("helpdesk");
    await form.getByLabel("Initial password").fill("short");
    await form.getByRole("button", { name: "Create operator" }).click();
    await expect(form.getByText("Use at least 12 characters")).toBeVisible();
    await form.getByLabel("Initial password").fill(AGENT_PASSWORD);
    await form.getByRole("button", { name: "Create operator" }).click();
    await expect(page.getByRole("status")).toHaveText(`Operator ${AGENT} created.`);
    const table = page.getByRole("table", { name: "Operators" });
    await expect(table.getByRole("row").filter({ hasText: AGENT })).toContainText("Enabled");
    await expect(table.getByLabel(`Role of ${AGENT}`)).toHaveValue("helpdesk");

    const row = await testDb().operator.findUniqueOrThrow({ where: { username: AGENT } });
    expect(row).toMatchObject({ role: "helpdesk", name: "Agent Smith", disabled: false });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
  });
  await checkPage(page, "admin-operators");

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await test.step("the new operator signs in and sees no Admin link", async () => {
    await signIn(agent, AGENT, AGENT_PASSWORD);
    await expect(agent.getByTestId("operator-role")).toHaveText("Help desk");
    await expect(
      agent.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Devices" }),
    ).toBeVisible();
    await expect(agent.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await agent.goto("/admin/operators");
    await expect(agent.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    expect((await agent.request.get("/api/trpc/operators.list")).status()).toBe(403);
  });

  await test.step("the admin disables them; their next request is refused", async () => {
    await page.getByRole("button", { name: `Disable ${AGENT}` }).click();
    await page.getByRole("button", { name: "Confirm disable" }).click();
    await expect(page.getByRole("row").filter({ hasText: AGENT })).toContainText("Disabled");
    expect((await testDb().operator.findUniqueOrThrow({ where: { username: AGENT } })).disabled).toBe(true);

    expect((await agent.request.get("/api/trpc/session.me")).status()).toBe(401);
    await agent.goto("/devices");
    await expect(agent).toHaveURL(/\/login\?next=%2Fdevices$/);
  });
  await agentContext.close();

  await test.step("the audit log shows those actions with before and after", async () => {
    await page
      .getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Audit log" })
      .click();
    await page.getByLabel("Action").fill("operator.");
    await page.getByLabel("Search", { exact: true }).fill(AGENT);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/action=operator\./);
    const rows = page.getByRole("table", { name: "Audit log" }).getByRole("row");
    const disable = rows.filter({ hasText: "operator.disable" });
    await expect(disable).toContainText(ADMIN);
    await expect(disable).toContainText(`operator:${AGENT}`);
    await expect(disable.getByLabel("before: false")).toBeVisible();
    await expect(disable.getByLabel("after: true")).toBeVisible();
    await expect(rows.filter({ hasText: "operator.create" })).toContainText("helpdesk");
    await expect(rows).toHaveCount(3); // header + create + disable
    await expect(page.getByText(`Time zone: ${TIME_ZONE}`).first()).toBeVisible();
    await expect(disable.getByRole("cell").first()).toContainText("CET");
    await checkPage(page, "admin-audit");

    const audit = await testDb().auditLog.findFirstOrThrow({
      where: { action: "operator.disable", target: `operator:${AGENT}` },
      include: { operator: true },
    });
    expect(audit.operator?.username).toBe(ADMIN);
    expect(audit.before).toMatchObject({ disabled: false });
    expect(audit.after).toMatchObject({ disabled: true });

    // "From" is read in the zone the table shows: the minute of the disable keeps it listed, one
    // minute later drops it (read as UTC, both would be an hour off and list nothing).
    // Each Apply navigates and remounts the filters: wait for the URL before the next fill.
    const applyFrom = async (at: Date) => {
      await page.getByLabel("From").fill(localInput(at));
      await page.getByRole("button", { name: "Apply filters" }).click();
      await expect(page).toHaveURL(new RegExp(`from=${encodeURIComponent(localInput(at))}`));
    };
    await applyFrom(audit.at);
    await expect(rows.filter({ hasText: "operator.disable" })).toHaveCount(1);
    await applyFrom(new Date(audit.at.getTime() + 60_000));
    await expect(rows.filter({ hasText: "operator.disable" })).toHaveCount(0);
  });

  await test.step("a role change waits for confirmation; an arrow key alone changes nothing", async () => {
    await page
      .getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Operators" })
      .click();
    const role = page.getByLabel(`Role of ${AGENT}`);
    await role.focus();
    await page.keyboard.press("ArrowDown");
    const dialog = page.getByRole("dialog", { name: `Change the role of ${AGENT}?` });
    await expect(dialog).toContainText("from Help desk to");
    await expectNoDialogViolations(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(role).toHaveValue("helpdesk");
    await expect(role).toBeFocused();
    expect((await testDb().operator.findUniqueOrThrow({ where: { username: AGENT } })).role).toBe("helpdesk");

    await role.selectOption("noc");
    await dialog.getByRole("button", { name: "Change role" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(role).toHaveValue("noc");
    expect((await testDb().operator.findUniqueOrThrow({ where: { username: AGENT } })).role).toBe("noc");
  });

  await test.step("the Roles page renders the permission table the server enforces", async () => {
    await page
      .getByRole("navigation", { name: "Admin sections" })
      .getByRole("link", { name: "Roles" })
      .click();
    await expect(page.getByRole("heading", { name: "Roles" })).toBeVisible();
    // One row per permission (its name as row header), one cell per role in ROLES order.
    for (const permission of ["devices.bulk", "operators.manage", "devices.reboot"] as const) {
      const row = page.getByRole("row").filter({ has: page.getByText(permission, { exact: true }) });
      await expect(row.getByRole("cell")).toHaveText(
        ROLES.map((r) => (ROLE_PERMISSIONS[r].includes(permission) ? "✓Allowed" : "—Not allowed")),
      );
    }
    await checkPage(page, "admin-roles");
  });

  await test.step("a hidden column stays hidden after a reload (kept in this browser)", async () => {
    const viewer = page.getByRole("columnheader", { name: "Viewer" });
    await expect(viewer).toBeVisible();
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Viewer" }).uncheck();
    await expect(viewer).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem("vantage:columns:roles"))).toBe('{"viewer":false}');
    await page.reload();
    await expect(page.getByRole("columnheader", { name: "Help desk" })).toBeVisible();
    await expect(viewer).toHaveCount(0);
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Viewer" }).check();
    await expect(viewer).toBeVisible();
    await page.locator("summary", { hasText: "Columns" }).click();
  });

  await test.step("an unknown address says not found, with the navigation", async () => {
    const response = await page.goto("/admin/no-such-section");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Devices" }),
    ).toBeVisible();
    await checkPage(page, "not-found");
  });
});

/** axe on the page while a dialog is open (the rest of the page is inert then). */
async function expectNoDialogViolations(page: Page) {
  await expectNoSeriousViolations(page);
}

test("an admin imports a vendor data model and looks up one of its paths", async ({ page }) => {
  await signIn(page, ADMIN, ADMIN_PASSWORD);
  await page.goto("/admin/data-models");
  const form = page.getByRole("form", { name: "Import a vendor data model" });

  await test.step("hostile XML is refused with a clear message", async () => {
    await form.getByLabel("Data model XML file").setInputFiles({
      name: "evil.xml",
      mimeType: "application/xml",
      buffer: Buffer.from('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'),
    });
    await expect(form.getByText(/DOCTYPE declarations are refused/)).toBeVisible();
    await expect(form.getByRole("button", { name: "Import" })).toBeDisabled();
  });

  await test.step("the import name follows the last chosen file until one is typed", async () => {
    await expect(form.getByLabel("Import name")).toHaveValue("evil");
    await form.getByLabel("Data model XML file").setInputFiles({
      name: "acme-draft.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(ACME_XML),
    });
    await expect(form.getByLabel("Import name")).toHaveValue("acme-draft");
    await checkPage(page, "admin-data-models-preview");
  });

  await test.step("preview, import and list", async () => {
    // The name is checked by the procedure's own rule before anything is sent.
    await form.getByLabel("Import name").fill("  ");
    await form.getByRole("button", { name: "Import" }).click();
    await expect(form.getByLabel("Import name")).toHaveAccessibleDescription(/Give the import a name/);
    expect(await testDb().dataModelImport.count({ where: { name: "acme-draft" } })).toBe(0);
    await form.getByLabel("Import name").fill(IMPORT_NAME);
    await form.getByLabel("Data model XML file").setInputFiles({
      name: "acme.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(ACME_XML),
    });
    const preview = form.getByRole("region", { name: "What this import adds" });
    await expect(preview).toContainText("X_ACME_Device:1.0: 1 objects, 2 parameters");
    await expect(preview).toContainText("Device.X_ACME_Settings.FanSpeed");
    await form.getByRole("button", { name: "Import" }).click();
    await expect(form.getByRole("status")).toHaveText(`Imported “${IMPORT_NAME}”.`);
    await expect(page.getByRole("table", { name: "Imported data models" })).toContainText(IMPORT_NAME);

    const row = await testDb().dataModelImport.findUniqueOrThrow({ where: { name: IMPORT_NAME } });
    expect(row.parameterCount).toBe(2);
    expect(
      await testDb().auditLog.count({
        where: { action: "datamodel.import", target: `datamodel:${IMPORT_NAME}` },
      }),
    ).toBe(1);
  });

  await test.step("look up an imported path", async () => {
    await page.getByLabel("Parameter or object path").fill("Device.X_ACME_Settings.FanSpeed");
    await page.getByRole("button", { name: "Look up" }).click();
    const facts = page.getByLabel("Path facts");
    await expect(facts).toContainText("X_ACME_Device:1.0");
    await expect(facts).toContainText("unsignedInt");
    await expect(facts).toContainText("read-write");
    await expect(facts).toContainText("0 … 100");
    await expect(facts).toContainText("percent");
    await checkPage(page, "admin-data-models");
  });
});

test("five wrong passwords lock an account; an admin's password reset unlocks it", async ({
  page,
  browser,
}) => {
  const username = `locked-${RUN}`;
  await testDb().operator.create({
    data: {
      username,
      role: "viewer",
      passwordHash: await hashPassword("right-pass-1234", { N: 1024, r: 8, p: 1 }),
    },
  });
  const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  async function attempt(password: string) {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  await test.step("lock", async () => {
    await page.goto("/login");
    for (let i = 1; i <= 4; i++) {
      await attempt(`wrong-${i}`);
      await expect(alert).toHaveText("Wrong username or password.");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await attempt("wrong-5");
    await expect(alert).toHaveText(/locked for 5 minutes/);
    await attempt("right-pass-1234");
    await expect(alert).toHaveText(/locked for 5 minutes/);
    await expect(page).toHaveURL(/\/login$/);
    const row = await testDb().operator.findUniqueOrThrow({ where: { username } });
    expect(row.failedLogins).toBe(5);
    expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  let generated = "";
  await test.step("an admin resets the password; it is shown once", async () => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN, ADMIN_PASSWORD);
    await admin.goto("/admin/operators");
    await expect(admin.getByRole("row").filter({ hasText: username })).toContainText("Locked");
    await admin.getByRole("button", { name: `Reset password of ${username}` }).click();
    const dialog = admin.getByRole("dialog", { name: `Reset password of ${username}` });
    await dialog.getByRole("button", { name: "Reset password" }).click();
    generated = (await dialog.getByLabel("New password").textContent()) ?? "";
    expect(generated).toHaveLength(24);
    await admin.screenshot({ path: test.info().outputPath("admin-reset-password.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(admin.getByRole("row").filter({ hasText: username })).toContainText("Enabled");
    await adminContext.close();
    const audit = await testDb().auditLog.findFirstOrThrow({
      where: { action: "operator.password_reset", target: `operator:${username}` },
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(generated);
  });

  await test.step("the operator signs in with the new password", async () => {
    await attempt(generated);
    await expect(page).toHaveURL(/\/devices$/);
  });
});
