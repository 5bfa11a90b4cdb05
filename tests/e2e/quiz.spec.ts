import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from './demo-accounts.ts';
import { answer, freshTrainee } from './e2e-admin.ts';

const saved = (page: Page) =>
  expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved', { timeout: 10_000 });

test('a module quiz: start, answer, reload and resume, submit, review', async ({ page }) => {
  const trainee = await freshTrainee('测验学员');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn');
  await page.locator('[data-quiz="quiz-phone-communication"]').click();
  await page.getByRole('button', { name: /开始测验|再做一次/ }).click();
  const questions = page.locator('section.question');
  await expect(questions).toHaveCount(10);
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);

  for (let i = 0; i < 3; i++) await answer(questions.nth(i));
  await saved(page);
  await expect(page.getByText('已答 3 / 10 题')).toBeVisible();
  const firstAnswers = await questions.nth(0).locator('input:checked, select, input[type=text]').count();

  await page.reload();
  await expect(page.getByText('已答 3 / 10 题')).toBeVisible();
  expect(await questions.nth(0).locator('input:checked, select, input[type=text]').count()).toBe(firstAnswers);

  await page.getByRole('button', { name: '提交答卷' }).click();
  await expect(page.getByRole('alert')).toContainText('还有 7 题未作答');
  await page.getByRole('button', { name: '确定提交' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\/[a-z0-9]{15}(#result)?$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('成绩');
  await expect(page.locator('[data-review]')).toHaveCount(10);
  await expect(page.locator('[data-review]').last()).toContainText('未作答');
  await expect(page.locator('.explanation').first()).not.toBeEmpty();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The history lists the attempt; going back starts a fresh one on request.
  await page.getByRole('link', { name: /返回测验页面/ }).click();
  await expect(page.getByRole('table')).toContainText('第 1 次');
});

test('the certification exam: timer, autosave, resume after reload, answers withheld after a failed attempt', async ({
  page,
}) => {
  const trainee = await freshTrainee('考试学员');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/exam/hotline-agent');
  await expect(page.getByText('最多 3 次')).toBeVisible();
  await page.getByRole('button', { name: '开始考试' }).click();
  await page.getByRole('button', { name: '确认开始考试' }).click();
  await expect(page.locator('section.question')).toHaveCount(35);
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await expect(page.getByRole('timer')).toContainText(/剩余时间 4[45]:\d\d/);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await answer(page.locator('section.question').first());
  await saved(page);
  await page.reload();
  await expect(page.getByText('已答 1 / 35 题')).toBeVisible();

  await page.getByRole('button', { name: '提交答卷' }).click();
  await page.getByRole('button', { name: '确定提交' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\//);
  await expect(page.getByText('未通过')).toBeVisible();
  await expect(page.locator('table.breakdown tbody tr')).toHaveCount(7);
  await expect(page.locator('[data-review]')).toHaveCount(0);
  await expect(page.getByText('正确答案与解析将在您通过考试或用完全部考试机会后公布')).toBeVisible();

  await page.goto('/learn/exam/hotline-agent');
  await expect(page.getByText('暂时不能再考')).toBeVisible();
  await expect(page.getByRole('button', { name: /开始考试|再做一次/ })).toHaveCount(0);
});

test('answers survive a lost connection and are sent when it returns', async ({ page, context }) => {
  const trainee = await freshTrainee('断网学员');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/quiz/stress-management');
  await page.getByRole('button', { name: /开始测验|再做一次/ }).click();
  const questions = page.locator('section.question');
  await expect(questions).toHaveCount(10);
  // The quiz must be interactive before the network goes (its script cannot load offline).
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await context.setOffline(true);
  await answer(questions.nth(0));
  await answer(questions.nth(1));
  await expect(page.getByRole('status').filter({ hasText: '网络连接中断' })).toBeVisible({ timeout: 10_000 });
  await context.setOffline(false);
  await saved(page);
  await page.reload();
  await expect(page.getByText('已答 2 / 10 题')).toBeVisible();
});

test('when the server is busy, answers wait and the submission retries by itself', async ({ page }) => {
  const trainee = await freshTrainee('繁忙测试');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/quiz/service-etiquette');
  await page.getByRole('button', { name: /开始测验/ }).click();
  const questions = page.locator('section.question');
  await expect(questions).toHaveCount(10);
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);

  // The app server's admission control answers actions it cannot take in time like this (src/platform/http/server.ts).
  const busy = {
    status: 503,
    headers: { 'retry-after': '1' },
    contentType: 'application/json',
    body: JSON.stringify({
      type: 'AstroActionError',
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      message: '系统正在排队处理大家的请求，请等几秒后再试。',
    }),
  };
  await page.route(/\/_actions\/saveAnswers/, (route) => route.fulfill(busy));
  await answer(questions.nth(0));
  await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'busy', { timeout: 10_000 });
  await expect(page.locator('[data-save-state]')).toContainText('当前作答人数较多');
  await page.unroute(/\/_actions\/saveAnswers/);
  await saved(page); // the runner's retry gets through once the server has room

  let refused = 0;
  await page.route(/\/_actions\/submitAttempt/, (route) => (refused++ < 2 ? route.fulfill(busy) : route.continue()));
  await page.getByRole('button', { name: '提交答卷' }).click();
  await page.getByRole('button', { name: '确定提交' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '正在自动重新提交' })).toBeVisible();
  await expect(page).toHaveURL(/\/learn\/attempts\/[a-z0-9]{15}(#result)?$/, { timeout: 30_000 });
  expect(refused).toBe(3);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('成绩');
});

test('trainers see item statistics for a quiz', async ({ page }) => {
  await signIn(page, demo.trainer.email);
  await page.goto('/trainer/quizzes');
  await page.getByRole('link', { name: '热线客服代表上岗认证考试' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('题目分析');
  await expect(page.getByText('内部一致性系数')).toBeVisible();
  // Exposure: every exam-pool item the exam can draw has a row with how many sittings showed it.
  await expect(page.getByRole('columnheader', { name: '曝光次数' })).toBeVisible();
  expect(await page.locator('[data-exposure]').count()).toBeGreaterThanOrEqual(35);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect((await page.goto('/trainer/quizzes/quiz-nope/stats'))?.status()).toBe(404);
});

test('an open quiz without JavaScript says why nothing can be answered', async ({ page, browser }) => {
  const trainee = await freshTrainee('无脚本学员');
  await signIn(page, trainee.email, trainee.password);
  await page.goto('/learn/quiz/service-mindset');
  await page.getByRole('button', { name: /开始测验|再做一次/ }).click();
  await expect(page.locator('section.question')).toHaveCount(10);
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto('/learn/quiz/service-mindset');
  await expect(plain.getByRole('alert')).toHaveText('作答需要浏览器开启 JavaScript，请开启后刷新本页。');
  await expect(plain.locator('section.question')).toHaveCount(0);
  await noScript.close();
});
