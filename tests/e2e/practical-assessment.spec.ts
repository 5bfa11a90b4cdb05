import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { scoreEveryCriterion } from './practical-form.ts';

test('a trainer scores a live role-play by keyboard; the server fails a critical error and passes a clean sheet', async ({
  page,
}) => {
  const admin = await e2eAdmin();
  const trainee = await freshTrainee('演练学员');
  const trainer = await freshTrainee('演练考官', 'trainer');
  await admin.collection('cohorts').create({ name: '演练考核班', trainer: trainer.id, members: [trainee.id] });
  // An assessment recorded on the old 15-item sheet before the rubric changed.
  await admin.collection('practical_assessments').create({
    trainee: trainee.id,
    assessor: trainer.id,
    program: 'hotline-agent',
    kind: 'call-review',
    rubric: 'affinity',
    scores: { 'courtesy.process': 5 },
    percent: 86.7,
    comments: '旧版评分记录',
    assessedAt: '2026-10-01T08:00:00Z',
  });

  await signIn(page, trainer.email, trainer.password);
  await page.goto(`/trainer/trainees/${trainee.id}`);
  const section = page.locator('#practical');
  const old = section.locator('[data-practicals] tbody tr');
  await expect(old).toHaveCount(1);
  await expect(old).toContainText('旧版评分表（15 项，每项 0–5 分）');
  await expect(old).toContainText('86.7%');
  await expect(old).toContainText('旧版评分记录');

  // Chinese labels; the affinity sheet is the default: 8 criteria in 3 dimensions, anchors with example phrases.
  await expect(
    page.getByRole('heading', { name: '录入新的实操考核（10000号亲和力评分表（模拟通话版））' }),
  ).toBeVisible();
  await expect(section.locator('fieldset.criterion')).toHaveCount(8);
  const first = page.getByRole('group', { name: '流程全面、用语规范' });
  await expect(first).toContainText('您好，中国电信10000号，工号1234为您服务');
  await expect(page.getByRole('group', { name: '解答准确、有把握' })).not.toContainText('不依赖他人');

  // The role-play case: its brief for the trainer, picked from the list.
  await page.getByText('查看标准演练案例').click();
  await expect(section.locator('[data-case="affinity-abusive-caller"]')).toContainText('你们电信都是干什么吃的？');

  // Keyboard only: choose program and case, give every criterion 4 (Space picks 0, → moves up), tick 「挂断客户电话」, submit.
  await page.getByLabel('认证项目').focus();
  await page.keyboard.press('Tab'); // 考核方式: 模拟演练 by default
  await page.keyboard.press('Tab'); // 证据：模拟来电录音: none to link for a live role-play
  await page.keyboard.press('Tab'); // 演练案例
  await expect(page.getByLabel('演练案例')).toBeFocused();
  await page.getByLabel('演练案例').selectOption({ label: '一开口就骂人的客户' });
  await page.getByRole('group', { name: '流程全面、用语规范' }).getByLabel('0 分', { exact: true }).focus();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Space');
    for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
  }
  for (const group of await section.locator('fieldset.criterion').all())
    await expect(group.getByLabel('4 分', { exact: true })).toBeChecked();
  await expect(page.getByLabel('越权或没有依据的承诺')).toBeFocused();
  await page.getByLabel('挂断客户电话').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('评语').fill('客户骂人时直接挂断。');
  await page.getByRole('button', { name: '保存考核成绩' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('实操考核成绩已保存');
  const newest = section.locator('[data-practicals] tbody tr').first();
  await expect(newest).toContainText('100%');
  await expect(newest).toContainText('未通过');
  await expect(newest).toContainText('出现严重错误：挂断客户电话');
  await expect(newest).toContainText('案例：一开口就骂人的客户');

  // A role-play without its case is refused in Chinese, and what was entered stays.
  await scoreEveryCriterion(page, 3);
  await page.getByRole('button', { name: '保存考核成绩' }).click();
  await expect(page.getByRole('alert')).toHaveText('模拟演练请选择所用的标准演练案例。');
  await expect(page.getByRole('group', { name: '情绪控制' }).getByLabel('3 分', { exact: true })).toBeChecked();

  // A clean sheet passes.
  await page.getByLabel('演练案例').selectOption({ label: '客户问一项坐席没把握的新政策' });
  await scoreEveryCriterion(page, 4);
  await page.getByRole('button', { name: '保存考核成绩' }).click();
  await expect(page.getByRole('status')).toContainText('实操考核成绩已保存');
  await expect(section.locator('[data-practicals] tbody tr').first()).toContainText('通过');
  await expect(section.locator('[data-practicals] tbody tr').first()).not.toContainText('未通过');
  await expect(section.locator('[data-practicals] tbody tr')).toHaveCount(3);

  // The complaint-process sheet: only the 投诉处理专员认证 and its cases.
  await page
    .getByRole('navigation', { name: '选择评分表' })
    .getByRole('link', { name: '投诉处理流程评分表（模拟通话版）' })
    .click();
  await expect(page.getByLabel('认证项目').locator('option')).toHaveText([
    '投诉处理专员认证（需达到 80%）',
    '不计入认证（合格线 80%）',
  ]);
  await expect(page.getByLabel('演练案例').locator('option')).toHaveCount(4);
  await expect(page.getByRole('group', { name: '与客户确认方案和时限' })).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
    [],
  );
});
