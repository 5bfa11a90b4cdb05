import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Starlight's tag set: WCAG 2.0/2.1/2.2 A and AA and axe's best practices. */
export const axeTags = ['wcag2a', 'wcag21a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Run axe on the page as it is now and expect no violation at all (any impact). */
export async function expectAxeClean(page: Page, what = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const found = results.violations.map(
    (v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

/** The two screens every trainee page is checked on. */
export const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Run axe with its default rules and expect no serious or critical violation (the call pages' bar). */
export async function expectNoSeriousAxe(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.target}`),
  ).toEqual([]);
}

/** The page fits the viewport's width: nothing scrolls sideways. */
export async function expectNoSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
}
