import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { hydrate, passPracticeCheck } from './practice-checks.ts';
import { moduleSlugs } from '../../src/domain/course/module-schema.ts';

/**
 * Pass the first practice check on the page: the server grades it. A visitor who is not signed in gets the grade
 * and feedback, and nothing is recorded (the result event carries no pass).
 */
async function completeFirstPracticeCheck(page: Page) {
  const results: (boolean | null)[] = [];
  await page.exposeFunction('recordPractice', (passed: boolean | null) => results.push(passed));
  await page.evaluate(() =>
    window.addEventListener('practice:result', (e) => (window as any).recordPractice((e as CustomEvent).detail.passed)),
  );
  await passPracticeCheck(page.locator('[data-practice]').first());
  await expect.poll(() => results.length).toBeGreaterThan(0);
  expect(results.every((r) => r === null)).toBe(true);
}

for (const slug of moduleSlugs) {
  test(`module ${slug}: the first lesson renders and its practice check works`, async ({ page }) => {
    await page.goto(`/modules/${slug}`);
    const lessons = page.locator('.lesson-toc > li > a');
    expect(await lessons.count()).toBeGreaterThanOrEqual(4);
    await lessons.first().click();
    await expect(page.locator('article[data-lesson] h1')).toBeVisible();
    await expect(page.locator('.scenario')).not.toHaveCount(0);
    await expect(page.locator('.key-points')).not.toHaveCount(0);
    await completeFirstPracticeCheck(page);
    await expect(page.getByRole('link', { name: /下一课/ })).toBeVisible();
  });
}

test('a reorder practice check can be solved with the keyboard-operable move buttons', async ({ page }) => {
  // Find a lesson with a reorder check through the search index.
  const index = (await (await page.request.get('/search-index.json')).json()) as { href: string }[];
  let found = false;
  for (const { href } of index) {
    await page.goto(href);
    if (await page.locator('.reorder-list').count()) {
      found = true;
      break;
    }
  }
  expect(found).toBe(true);
  await passPracticeCheck(page.locator('[data-practice]:has(.reorder-list)').first());
});

test('search finds lessons for a Chinese query', async ({ page }) => {
  await page.goto('/search');
  await page.getByLabel('关键词').fill('首问负责');
  await expect(page.getByRole('status')).toContainText('找到');
  const first = page.locator('#search-results li a').first();
  await expect(first).toBeVisible();
  await expect(page.locator('#search-results mark').first()).toHaveText('首问负责');
  await first.click();
  await expect(page.locator('article[data-lesson]')).toContainText('首问负责');
});

test('lesson and search pages have no serious accessibility violations', async ({ page }) => {
  await page.goto('/modules/complaint-handling');
  await page.locator('.lesson-toc > li > a').first().click();
  await hydrate(page.locator('[data-practice]').first());
  for (const url of [page.url(), '/search?q=7A']) {
    await page.goto(url);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${url}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  }
});
