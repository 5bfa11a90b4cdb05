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
    window.addEventListener('practice:result', (e) =>
      (window as unknown as { recordPractice: (passed: boolean | null) => void }).recordPractice(
        (e as CustomEvent).detail.passed,
      ),
    ),
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
  // Find a lesson with a reorder check through the module pages' tables of contents.
  await page.goto('/modules');
  const modules = await page
    .locator('main a[href^="/modules/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')!))]);
  const index: { href: string }[] = [];
  for (const href of modules) {
    await page.goto(href);
    for (const lesson of await page
      .locator('.lesson-toc > li > a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))
      index.push({ href: lesson });
  }
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
  // The index splits Chinese into words: 首问负责 may be marked as one word or as 首问 + 负责.
  expect('首问负责').toContain(await page.locator('#search-results mark').first().innerText());
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
