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
