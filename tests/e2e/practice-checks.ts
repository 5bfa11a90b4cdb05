import { expect, type Locator, type Page } from '@playwright/test';
import { practiceDefinitions } from '../support/practice-answers.ts';

/** Scroll a practice check into view and wait until its script (a custom element, no framework) has set it up. */
export async function hydrate(check: Locator) {
  await check.scrollIntoViewIfNeeded();
  await expect(check).toHaveAttribute('data-ready', 'true');
}

/** Pass one practice check the way a learner would (trying replies, moving steps, flipping cards); graded by the server. */
export async function passPracticeCheck(check: Locator) {
  await hydrate(check);
  if (await check.locator('input[type=radio]').count()) {
    const options = check.locator('input[type=radio]');
    for (let i = 0; i < (await options.count()); i++) {
      await options.nth(i).check();
      await check.getByRole('button', { name: '提交答案' }).click();
      await expect(check.getByRole('status')).toContainText(/回答正确|还可以更好/);
      if ((await check.getByRole('status').innerText()).includes('回答正确')) return;
    }
    throw new Error('no option was right');
  }
  if (await check.locator('.reorder-list').count()) {
    // The page does not know the correct order (the server grades it); the test reads it from the lesson file.
    const definition = practiceDefinitions().get((await check.getAttribute('data-practice'))!);
    if (definition?.kind !== 'reorder-steps') throw new Error('unknown reorder check');
    const correct = definition.steps;
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
  for (let i = 0; i < (await cards.count()); i++) {
    await cards.nth(i).press('Enter');
    await expect(cards.nth(i)).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(check.getByRole('status')).toContainText('全部完成');
}

/** Pass every practice check on a lesson page (the server grades them). */
export async function passPracticeChecks(page: Page) {
  const checks = page.locator('[data-practice]');
  for (let i = 0; i < (await checks.count()); i++) await passPracticeCheck(checks.nth(i));
}

/** Scroll to the end of a lesson page. */
export async function readToEnd(page: Page) {
  await page.locator('.prev-next').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 5000);
}
