import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { demo, signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { axeTags } from './axe-tags.ts';

const day = 86_400_000;
/** yyyy-mm-dd in China time, `days` from now. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * day).toISOString().slice(0, 10);

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  expect(
    results.violations.map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** A trainer of their own with a cohort holding a fresh trainee. */
async function trainerWithCohort(tag: string) {
  const admin = await e2eAdmin();
  const trainer = await freshTrainee(`任务老师${tag}`, 'trainer');
  const trainee = await freshTrainee(`任务学员${tag}`);
  const cohortName = `任务班-${trainee.employeeNo}`;
  const cohort = await admin
    .collection('cohorts')
    .create({ name: cohortName, trainer: trainer.id, department: '客户服务中心', members: [trainee.id] });
  return { admin, trainer, trainee, cohortName, cohortId: cohort.id };
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`assignments: past dates refused, duplicates offer an update, edit and delete are audited, 备注 reaches the trainee (${viewport.width} px)`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const { admin, trainer, trainee, cohortName, cohortId } = await trainerWithCohort(String(viewport.width));
    const page = await (await browser.newContext({ viewport })).newPage();
    await signIn(page, trainer.email, trainer.password);
    await page.goto('/trainer/cohorts');
    const cohort = page.locator(`[data-cohort="${cohortName}"]`);
    const assign = async (module: string, due: string, note: string) => {
      await cohort.getByLabel('内容').selectOption({ label: module });
      await cohort.getByLabel('截止日期').first().fill(due);
      await cohort.getByLabel(/^备注/).first().fill(note);
      await cohort.getByRole('button', { name: '分配给全班' }).click();
    };

    // A due date in the past: the browser's own check is lifted to reach the server, which refuses in Chinese.
    await cohort
      .locator('input[name="dueDate"]')
      .first()
      .evaluate((el) => el.removeAttribute('min'));
    await assign('第 1 单元 · 服务心态', chinaDay(-2), '');
    await expect(page.getByRole('alert')).toContainText('截止日期不能早于今天');
    expect(
      await admin.collection('assignments').getFullList({ filter: admin.filter('cohort = {:c}', { c: cohortId }) }),
    ).toHaveLength(0);
    await axeClean(page);

    await assign('第 1 单元 · 服务心态', chinaDay(20), '先完成第 1 课');
    await expect(page.getByRole('status')).toContainText('学习任务已分配');
    await expect(cohort.getByTestId('assignment-list')).toContainText('备注：先完成第 1 课');

    // The same module again: nothing new is created; the page offers to update the existing one.
    await assign('第 1 单元 · 服务心态', chinaDay(25), '改为月底前完成');
    const offer = page.getByTestId('duplicate-assignment');
    await expect(offer).toContainText('已经分配给班组');
    await expect(offer).toContainText('先完成第 1 课');
    await shot(page, `duplicate-offer-${viewport.width}`);
    await axeClean(page);
    await offer.getByRole('button', { name: '更新已有任务' }).click();
    await expect(page.getByRole('status')).toContainText('学习任务已更新');
    const list = await admin
      .collection('assignments')
      .getFullList({ filter: admin.filter('cohort = {:c}', { c: cohortId }) });
    expect(list).toHaveLength(1);
    expect(list[0]!.note).toBe('改为月底前完成');
    expect(String(list[0]!.dueAt)).toContain(chinaDay(25));

    // The trainee sees the 备注 on their dashboard.
    const learner = await (await browser.newContext({ viewport })).newPage();
    await signIn(learner, trainee.email, trainee.password);
    await learner.goto('/learn');
    await expect(learner.getByTestId('assignments')).toContainText('改为月底前完成');
    await shot(learner, `learn-assignments-${viewport.width}`);
    await axeClean(learner);

    // Edit, then delete, from the list.
    await page.goto('/trainer/cohorts');
    const item = cohort.locator(`[data-assignment="${list[0]!.id}"]`);
    await item.getByText('修改 / 删除').click();
    await item.getByLabel(/^备注/).fill('第 3 课重点练习');
    await item.getByRole('button', { name: '保存修改' }).click();
    await expect(page.getByRole('status')).toContainText('学习任务已更新');
    await expect(cohort.getByTestId('assignment-list')).toContainText('第 3 课重点练习');
    await shot(page, `cohorts-${viewport.width}`);
    await axeClean(page);
    await item.getByText('修改 / 删除').click();
    await item.getByRole('button', { name: '删除这项任务' }).click();
    await expect(page.getByRole('status')).toContainText('学习任务已删除');
    await expect(cohort.getByTestId('assignment-list')).toHaveCount(0);

    const log = await admin
      .collection('audit_log')
      .getFullList({ filter: admin.filter('target = {:t}', { t: list[0]!.id }), sort: 'created' });
    expect(log.map((e) => e.action)).toEqual([
      'assignment.create',
      'assignment.update',
      'assignment.update',
      'assignment.delete',
    ]);

    // HR reads every action in Chinese: no raw keys in the audit log.
    const hr = await (await browser.newContext({ viewport })).newPage();
    await signIn(hr, demo.hr.email);
    await hr.goto('/hr/audit');
    const actions = await hr.locator('[data-audit] td[data-action]').allInnerTexts();
    expect(actions).toEqual(expect.arrayContaining(['删除学习任务', '修改学习任务', '分配学习任务']));
    for (const text of await hr.getByTestId('audit-table').locator('tbody').allInnerTexts())
      expect(text).not.toMatch(/\b[a-z]+\.[a-zA-Z-]+\b/);
    // Dates never wrap.
    for (const cell of await hr.locator('[data-audit] td:first-child').all()) {
      const { height, line } = await cell.evaluate((td) => ({
        height: td.querySelector('time')!.getBoundingClientRect().height,
        line: Number.parseFloat(getComputedStyle(td).lineHeight) || 24,
      }));
      expect(height).toBeLessThan(line * 1.6);
    }
    await shot(hr, `hr-audit-${viewport.width}`);
    await axeClean(hr);
  });
}

test('a trainee page puts recordings and the rubric first and groups long attempt lists; HR sees the same cohort names', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { admin, trainer, trainee, cohortName } = await trainerWithCohort('详情');
  // 12 attempts of one quiz and 3 of another.
  const at = (i: number) => new Date(Date.now() - i * 3_600_000).toISOString();
  for (let i = 0; i < 15; i++) {
    await admin.collection('attempts').create({
      user: trainee.id,
      quiz: i < 12 ? 'quiz-service-mindset' : 'quiz-voice-affinity',
      kind: 'module',
      attemptNo: i < 12 ? 12 - i : 15 - i,
      status: 'submitted',
      startedAt: at(i + 1),
      submittedAt: at(i),
      score: 50 + i,
      passed: i === 3,
      late: false,
      questionIds: ['sm-001'],
    });
  }
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    const page = await (await browser.newContext({ viewport })).newPage();
    await signIn(page, trainer.email, trainer.password);
    await page.goto(`/trainer/trainees/${trainee.id}`);
    const order = await page.locator('main section[id]').evaluateAll((s) => s.map((x) => x.id));
    expect(order.slice(0, 3)).toEqual(['voice', 'calls', 'practical']);
    const groups = page.getByTestId('attempt-groups').locator('> li');
    await expect(groups).toHaveCount(2);
    await expect(groups.first()).toContainText('12 次');
    await expect(groups.first().locator('tbody tr').first()).toBeHidden();
    await groups.first().locator('summary').click();
    await expect(groups.first().locator('tbody tr')).toHaveCount(12);
    await shot(page, `trainee-${viewport.width}`);
    await axeClean(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  }
  const hr = await (await browser.newContext()).newPage();
  await signIn(hr, demo.hr.email);
  await hr.goto(`/hr/staff/${trainee.id}`);
  await expect(hr.getByTestId('staff-cohorts')).toContainText(`「${cohortName}」`);
  await shot(hr, 'hr-staff-1280');
  await axeClean(hr);
  // A rename shows on both sides.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, trainer.email, trainer.password);
  await page.goto('/trainer/cohorts');
  await page.locator(`[data-cohort="${cohortName}"]`).getByLabel('新名称').fill(`${cohortName}（改）`);
  await page.locator(`[data-cohort="${cohortName}"]`).getByRole('button', { name: '改名' }).click();
  await expect(page.getByRole('status')).toContainText('班组已改名');
  await hr.reload();
  await expect(hr.getByTestId('staff-cohorts')).toContainText(`「${cohortName}（改）」`);
});

test('the progress matrix exports to .xlsx; item statistics say 样本不足; the upload form keeps what was typed', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { trainer, trainee } = await trainerWithCohort('导出');
  const page = await (await browser.newContext()).newPage();
  await signIn(page, trainer.email, trainer.password);
  await page.goto('/trainer');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('matrix-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^学习进度-\d{8}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as never);
  const sheet = workbook.getWorksheet('学习进度')!;
  expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
  expect(sheet.getRow(1).getCell(4).value).toBe('服务心态·状态');
  const rows = sheet
    .getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));
  expect(rows).toHaveLength(1);
  expect(rows[0]!.slice(0, 2)).toEqual([trainee.name, trainee.employeeNo]);
  expect(rows[0]![3]).toBe('未开始');
  await shot(page, 'matrix-1280');
  await axeClean(page);

  await page.goto('/trainer/quizzes/quiz-service-mindset/stats');
  await expect(page.getByText(/作答少于 \d+ 次的题目/)).toBeVisible();
  // Few responses: nothing is flagged as too easy, too hard or faulty.
  await expect(page.locator('[data-flag="warnings"]')).toHaveCount(0);
  await shot(page, 'stats-1280');
  await axeClean(page);

  await page.goto('/trainer/listening');
  await page.getByLabel('练习标题').fill('保留内容测试');
  await page
    .getByLabel('录音文件')
    .setInputFiles({ name: 'call.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('not audio at all') });
  await page.getByLabel(/^文字稿/).fill('坐席：您好，很高兴为您服务。');
  await page.getByLabel(/需要标出的时刻/).fill('0:01-0:03 开场白');
  await page.getByLabel('选项（每行一个，第一行是最佳回应，页面会打乱顺序）').fill('好的回应\n差的回应');
  await page.locator('input[name="cohorts"]').first().check();
  await page.getByRole('button', { name: '上传并发布' }).click();
  await expect(page.getByRole('alert')).toContainText('不是可识别的音频');
  await expect(page.getByLabel('练习标题')).toHaveValue('保留内容测试');
  await expect(page.getByLabel(/^文字稿/)).toHaveValue('坐席：您好，很高兴为您服务。');
  await expect(page.getByLabel(/需要标出的时刻/)).toHaveValue('0:01-0:03 开场白');
  await expect(page.getByLabel('选项（每行一个，第一行是最佳回应，页面会打乱顺序）')).toHaveValue('好的回应\n差的回应');
  await expect(page.locator('input[name="cohorts"]').first()).toBeChecked();
  await expect(page.getByTestId('refill-hint')).toContainText('请重新选择录音文件');
  await expect(page.getByLabel('录音时长（秒）')).toHaveCount(0);
  await shot(page, 'listening-1280');
  await axeClean(page);
  for (const path of ['/trainer', '/trainer/listening', '/hr/certificates']) {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(
      phone,
      path.startsWith('/hr') ? demo.hr.email : trainer.email,
      path.startsWith('/hr') ? demo.password : trainer.password,
    );
    await phone.goto(path);
    await shot(phone, `${path.replaceAll('/', '-').slice(1)}-390`);
    await axeClean(phone);
  }
});
