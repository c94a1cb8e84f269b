// API tokens in the console: an admin creates a token, sees it exactly once (with a copy button), the
// list shows its prefix, role and "never used"; the database holds only its hash; its identity cannot
// sign in; revoking it (confirmed) shows it revoked and disables the identity. A help-desk agent is
// refused the page. Checked on the page and in the database.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { checkPage, expectNoSeriousViolations } from "./support/a11y";
import { closeTestDb, testDb } from "./support/db";
import { createOperator, signIn, type TestOperator } from "./support/operators";

const RUN = Date.now().toString(36);
const NAME = `Billing OSS ${RUN}`;

let admin: TestOperator;
let helpdesk: TestOperator;

test.beforeAll(async () => {
  admin = await createOperator("admin", `tokens-${RUN}`);
  helpdesk = await createOperator("helpdesk", `tokens-${RUN}`);
});

test.afterAll(async () => {
  await closeTestDb();
});

test("admin creates a token shown once, lists it, and revokes it", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, admin);
  await page.goto("/admin/operators");
  await page
    .getByRole("navigation", { name: "Admin sections" })
    .getByRole("link", { name: "API tokens" })
    .click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

  let token = "";
  await test.step("create: the form shows the role's scopes, then the token once", async () => {
    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API token" });
    await dialog.getByLabel("Name").fill(NAME);
    await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Help desk" });
    const scopes = dialog.getByRole("list", { name: "Scopes of this role" });
    await expect(scopes).toContainText("devices.reboot");
    await expect(scopes).not.toContainText("operators.manage");
    await dialog.getByLabel("Expires after (days)").fill("0");
    await dialog.getByLabel("Rate limit (requests per minute)").fill("120");
    await dialog.getByRole("button", { name: "Create token" }).click();
    await expect(dialog.getByText("At least 1 day")).toBeVisible();
    await dialog.getByLabel("Expires after (days)").fill("30");
    await dialog.getByRole("button", { name: "Create token" }).click();
    const shown = dialog.getByLabel("New API token");
    await expect(shown).toHaveText(/^vtk_[A-Za-z0-9_-]{43}$/);
    token = (await shown.textContent()) ?? "";
    await expect(dialog.getByRole("alert")).toContainText("will not be shown again");
    await expectNoSeriousViolations(page);
    await dialog.getByRole("button", { name: "Copy token" }).click();
    await expect(dialog.getByText("Copied to the clipboard.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    // Gone from the page: the list never carries it.
    expect(await page.content()).not.toContain(token);
  });

  const prefix = token.slice(4, 12);
  const row = page.getByRole("row").filter({ hasText: NAME });
  await test.step("the list shows prefix, role, state and never used", async () => {
    await expect(row).toContainText(`vtk_${prefix}…`);
    await expect(row).toContainText("Help desk");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("never used");
    await expect(row).toContainText("120/min");
    await checkPage(page, "admin-api-tokens");
  });

  await test.step("the database keeps the hash, never the token", async () => {
    const stored = await testDb().apiToken.findUniqueOrThrow({
      where: { prefix },
      include: { operator: true },
    });
    expect(stored.name).toBe(NAME);
    expect(stored.hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored.hash).not.toContain(token);
    expect(stored.operator).toMatchObject({ kind: "api", role: "helpdesk", disabled: false });
    const audit = await testDb().auditLog.findFirstOrThrow({
      where: { action: "api_token.create", target: `api_token:${prefix}` },
    });
    expect(JSON.stringify(audit.after)).not.toContain(token);
    expect(JSON.stringify(audit.after)).not.toContain(stored.hash);

    // The token's identity cannot sign in to the console.
    const other = await browser.newPage();
    await other.goto("/login");
    await other.getByLabel("Username").fill(stored.operator.username);
    await other.getByLabel("Password").fill("!api-token");
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other.getByText("Wrong username or password.")).toBeVisible();
    await other.close();
  });

  await test.step("revoke after confirming", async () => {
    await row.getByRole("button", { name: `Revoke ${NAME}` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke ${NAME}?` });
    await expect(confirm).toContainText(`vtk_${prefix}…`);
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: `Revoke ${NAME}` })).toHaveCount(0);
    const stored = await testDb().apiToken.findUniqueOrThrow({
      where: { prefix },
      include: { operator: true },
    });
    expect(stored.revokedAt).not.toBeNull();
    expect(stored.operator.disabled).toBe(true);
  });
});

test("a help-desk agent is refused the page and not offered it", async ({ page }) => {
  await signIn(page, helpdesk);
  await page.goto("/admin/api-tokens");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
});
