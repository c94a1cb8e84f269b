// Accessibility check for e2e journeys: axe-core in the page, serious and critical findings fail.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const FAILING = new Set(["serious", "critical"]);

/**
 * Runs axe (WCAG 2.x A/AA rules) on the page as it is now and fails with each serious or critical
 * violation's rule id and the selectors of its nodes, so the report says what to fix and where.
 */
export async function expectNoSeriousViolations(page: Page, options: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const failing = violations
    .filter((v) => v.impact && FAILING.has(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(failing, `axe violations on ${page.url()}`).toEqual([]);
}
