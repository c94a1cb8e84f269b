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
 * scroll inside their own box instead. (The top bar is the layout's, checked apart.)
 */
export async function screenshotBothSizes(page: Page, name: string) {
  const before = page.viewportSize();
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.screenshot({ path: test.info().outputPath(`${name}-${v.name}.png`), fullPage: true });
    const width = await page.evaluate(() => document.querySelector("main")?.scrollWidth ?? 0);
    expect(width, `${name} is ${width}px wide at ${v.width}px`).toBeLessThanOrEqual(v.width);
  }
  if (before) await page.setViewportSize(before);
}

/** What every page check in the journeys does: axe, then the two screenshots. */
export async function checkPage(page: Page, name: string) {
  await expectNoSeriousViolations(page);
  await screenshotBothSizes(page, name);
}
