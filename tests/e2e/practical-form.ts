import type { Page } from '@playwright/test';

/** Give every criterion of the practical-assessment form the same level (0–4), by its Chinese radio label. */
export async function scoreEveryCriterion(page: Page, level: number) {
  for (const group of await page.locator('.practical-form fieldset.criterion').all())
    await group.getByLabel(`${level} 分`, { exact: true }).check();
}
