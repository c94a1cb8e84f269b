// Accessibility check for e2e journeys: axe-core in the page, serious and critical findings fail.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const FAILING = new Set(["serious", "critical"]);

/**
 * Runs axe (WCAG 2.x A/AA rules) on the page as it is now and fails with each serious or critical
 * violation's rule id and the selectors of its nodes, so the report says what to fix and where.
 */
export async function expectNoSeriousViolations(page: Page, options: { exclude?: string[] } = {}) {
  // Colours are judged in their settled state: a button that just became enabled is otherwise sampled
  // halfway through its colour transition (a contrast failure the user never sees).
  await page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }",
  });
  // After a client navigation Next streams the new page's <title> in a moment later: judge the page once
  // it has one (a page that never gets one still fails here, with the title in the message).
  await expect(page).toHaveTitle(/\S/);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const failing = violations
    .filter((v) => v.impact && FAILING.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(failing, `axe violations on ${page.url()}`).toEqual([]);
}

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * Full-page screenshots at 1440×900 and 390×844 into the test's output (test-results/), then the
 * viewport it had. The page's own content (<main>) must not be wider than the viewport: tables
 * scroll inside their own box instead; the top bar's links stay inside it and off the operator's name.
 */
export async function screenshotBothSizes(page: Page, name: string) {
  const before = page.viewportSize();
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.screenshot({ path: test.info().outputPath(`${name}-${v.name}.png`), fullPage: true });
    const width = await page.evaluate(() => document.querySelector("main")?.scrollWidth ?? 0);
    expect(width, `${name} is ${width}px wide at ${v.width}px`).toBeLessThanOrEqual(v.width);
    // The top bar wraps instead: no navigation item may end past the right edge or overlap the operator.
    const bar = await page.evaluate(() => {
      const header = document.querySelector("header");
      const links = [...(header?.querySelectorAll("nav a") ?? [])].map((a) => a.getBoundingClientRect());
      const who = header?.querySelector('[aria-label="Signed-in operator"]')?.getBoundingClientRect();
      const overlaps = who
        ? links.filter(
            (r) => r.left < who.right && r.right > who.left && r.top < who.bottom && r.bottom > who.top,
          )
        : [];
      return { right: Math.max(0, ...links.map((r) => r.right)), overlaps: overlaps.length };
    });
    expect(bar.right, `${name}: a navigation link ends at ${bar.right}px`).toBeLessThanOrEqual(v.width);
    expect(bar.overlaps, `${name}: navigation links overlapping the operator`).toBe(0);
  }
  if (before) await page.setViewportSize(before);
}

/** What every page check in the journeys does: axe, then the two screenshots. */
export async function checkPage(page: Page, name: string) {
  await expectNoSeriousViolations(page);
  await screenshotBothSizes(page, name);
}
