import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { signIn } from './demo-accounts.ts';
import { freshTrainee } from './e2e-admin.ts';

const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(' ')}`);
/** The page does not scroll sideways (wide tables scroll inside their own box). */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test('a trainer imports a Moodle GIFT file with problems, fixes an item, publishes it, and a learner draws it', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const tag = randomBytes(3).toString('hex');
  const trainer = await freshTrainee('题库老师', 'trainer');
  const page = await (await browser.newContext()).newPage();
  await signIn(page, trainer.email, trainer.password);
  await page.goto('/trainer/questions');
  await expect(page.getByRole('heading', { name: '导入 Moodle 题库' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Upload: the preview lists every item with its line, and every unsupported one with its line and reason.
  const gift = readFileSync('tests/unit/fixtures/gift/moodle-complaints.gift');
  await page.getByLabel(/^题库文件/).setInputFiles({ name: '投诉处理题库.gift', mimeType: 'text/plain', buffer: gift });
  await page.getByLabel('分类对应不上课程的题目归入模块').selectOption('complaint-handling');
  await page.getByRole('button', { name: '预览' }).click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('第 66 行');
  await expect(problems.getByRole('row', { name: /第 66 行/ })).toContainText(
    '问答题（空答案块）需要人工评分，本系统不支持',
  );
  await expect(problems.getByRole('row', { name: /第 68 行/ })).toContainText('数值题');
  await expect(problems.getByRole('row', { name: /第 70 行/ })).toContainText('说明文字');
  const items = page.getByTestId('import-items');
  await expect(items.getByRole('row')).toHaveCount(11);
  await expect(items.getByRole('row', { name: /第 13 行/ })).toContainText('缺少解析');
  await expect(items.getByRole('row', { name: /第 51 行/ })).toContainText('通配答案 * 的反馈已并入解析');
  await expect(items.getByRole('row', { name: /第 72 行/ })).toContainText('原题含图片');
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await fitsWidth(page)).toBe(true);
  await page.screenshot({ path: 'test-results/question-bank-preview-390.png' });
  await items.screenshot({ path: 'test-results/question-bank-items-390.png' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: 'test-results/question-bank-preview-1280.png', fullPage: true });

  // The unmapped category gets a lesson; then everything becomes drafts.
  await page.getByLabel('$course$/top/默认/历年考题').selectOption('complaint-handling/01-standards-and-principles');
  await page.getByRole('button', { name: /导入为草稿/ }).click();
  await expect(page.getByRole('status')).toContainText('题目已导入为草稿');
  const drafts = page.getByTestId('draft-list');
  await expect(drafts.getByRole('row', { name: /第 13 行/ })).toContainText('缺少解析');

  // Fix the item without an explanation: the editor shows what is missing and the item-writing warnings live.
  await drafts.getByRole('link', { name: '编辑 第 13 行 Q02 缺解析' }).click();
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await expect(page.getByTestId('draft-problems')).toContainText('缺少解析');
  await expect(page.getByTestId('draft-warnings')).toContainText('正确答案是最长的选项');
  const prompt = `客户说「你们就是骗钱」（${tag}），坐席应先怎么做？`;
  await page.getByLabel(/^题干/).fill(prompt);
  await page
    .getByLabel(/^解析/)
    .fill('客户在发泄情绪时先让他说完并复述不满，客户感到被听见，情绪降下来后再解释资费才有用。');
  await page.getByLabel('选项 2', { exact: true }).fill('马上向客户解释资费规则和扣费依据');
  await page.getByLabel('选项 3', { exact: true }).fill('提醒客户注意用语，否则无法继续服务');
  await expect(page.getByText('检查通过，可以发布。')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/question-bank-editor-1280.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await fitsWidth(page)).toBe(true);
  await page.screenshot({ path: 'test-results/question-bank-editor-390.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('发布到').selectOption('practice');
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('题目已发布');
  const published = page.getByTestId('published-list');
  await expect(published.getByRole('row', { name: new RegExp(tag) })).toContainText('练习题库');
  const questionId = (
    await published
      .getByRole('row', { name: new RegExp(tag) })
      .getByRole('cell')
      .first()
      .innerText()
  ).trim();
  expect(questionId).toMatch(/^ch-1\d{3}$/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await fitsWidth(page)).toBe(true);
  await page.getByTestId('draft-list').screenshot({ path: 'test-results/question-bank-drafts-390.png' });
  await published.screenshot({ path: 'test-results/question-bank-published-390.png' });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A learner takes the complaint-handling module quiz until the draw includes the new item (10 of its practice pool).
  const learner = await freshTrainee('题库学员');
  const learnerPage = await (await browser.newContext()).newPage();
  await signIn(learnerPage, learner.email, learner.password);
  let drawn = false;
  for (let round = 0; round < 30 && !drawn; round++) {
    await learnerPage.goto('/learn/quiz/complaint-handling');
    await learnerPage.getByRole('button', { name: /开始测验|再做一次/ }).click();
    await expect(learnerPage.locator('section.question')).toHaveCount(10);
    drawn = (await learnerPage.locator('section.question', { hasText: tag }).count()) === 1;
    if (drawn) break;
    await expect(learnerPage.locator('astro-island[ssr]')).toHaveCount(0);
    await learnerPage.getByRole('button', { name: '提交答卷' }).click();
    await learnerPage.getByRole('button', { name: '确定提交' }).click();
    await expect(learnerPage).toHaveURL(/\/learn\/attempts\//);
  }
  expect(drawn).toBe(true);
  // Answered and reviewed like any practice item: the review shows its explanation.
  await expect(learnerPage.locator('astro-island[ssr]')).toHaveCount(0);
  const item = learnerPage.locator('section.question', { hasText: tag });
  await item.getByLabel('先让客户把话说完，再复述他的不满').check();
  await expect(learnerPage.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved', {
    timeout: 10_000,
  });
  await learnerPage.getByRole('button', { name: '提交答卷' }).click();
  await learnerPage.getByRole('button', { name: '确定提交' }).click();
  await expect(learnerPage).toHaveURL(/\/learn\/attempts\//);
  await expect(learnerPage.locator('[data-review]', { hasText: tag })).toContainText('情绪降下来后再解释资费才有用');

  // Exports carry it; a trainee may not export or use the bank actions.
  const exported = await page.request.get('/trainer/questions/export?format=xml');
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toContain(tag);
  expect((await learnerPage.request.get('/trainer/questions/export?format=gift')).status()).not.toBe(200);
  const forged = await learnerPage.request.post('/_actions/checkQuestionDraft', {
    data: { question: { type: 'single' } },
  });
  expect(forged.status()).toBe(403);
  void questionId;
});
