import { expect, type Locator, type Page } from '@playwright/test';

/** Scroll a practice check into view (islands hydrate when visible) and wait until it is interactive. */
export async function hydrate(check: Locator) {
  await check.scrollIntoViewIfNeeded();
  await expect(check.locator('xpath=ancestor::astro-island[1]')).not.toHaveAttribute('ssr', /.*/);
}

/** Pass one practice check the way a learner would (trying replies, moving steps, flipping cards). */
export async function passPracticeCheck(check: Locator) {
  await hydrate(check);
  if (await check.locator('input[type=radio]').count()) {
    const options = check.locator('input[type=radio]');
    for (let i = 0; i < (await options.count()); i++) {
      await options.nth(i).check();
      await check.getByRole('button', { name: '提交答案' }).click();
      if ((await check.getByRole('status').innerText()).includes('回答正确')) return;
    }
    throw new Error('no option was right');
  }
  if (await check.locator('.reorder-list').count()) {
    // The island's serialized props list the steps in the correct order.
    const props = await check.locator('xpath=ancestor::astro-island[1]').getAttribute('props');
    const correct = (JSON.parse(props!).steps[1] as [number, string][]).map((s) => s[1]);
    for (let target = 0; target < correct.length; target++) {
      let at = (await check.locator('.step-text').allInnerTexts()).indexOf(correct[target]!);
      while (at > target) {
        await check.getByRole('button', { name: `上移：${correct[target]}` }).click();
        at--;
      }
    }
    await check.getByRole('button', { name: '检查顺序' }).click();
    await expect(check.getByRole('status')).toContainText('顺序完全正确');
    return;
  }
  const cards = check.locator('.flip-card');
  for (let i = 0; i < (await cards.count()); i++) await cards.nth(i).press('Enter');
  await expect(check.getByRole('status')).toContainText('全部完成');
}

/** Pass every practice check on a lesson page and scroll to its end. */
export async function studyLesson(page: Page) {
  const checks = page.locator('[data-practice]');
  for (let i = 0; i < (await checks.count()); i++) await passPracticeCheck(checks.nth(i));
  await page.locator('.prev-next').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 5000);
}
