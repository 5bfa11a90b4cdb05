import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { practiceCheckIds } from '../../src/domain/course/content-check.ts';
import { readCourseFiles } from '../../src/domain/course/files.ts';
import { demo, signIn } from './demo-accounts.ts';
import { answerAllCorrectly, e2eAdmin, freshTrainee } from './e2e-admin.ts';
import { lessonSchema, minStudySeconds } from '../../src/domain/course/lesson-schema.ts';
import { passPracticeChecks, readToEnd } from './practice-checks.ts';
import { scoreEveryCriterion } from './practical-form.ts';

const program = {
  id: 'complaint-specialist',
  title: '投诉处理专员认证',
  modules: ['complaint-psychology', 'complaint-handling'],
  exam: 'complaint-specialist',
};
const lessons = readCourseFiles(process.cwd()).lessons.filter((l) => program.modules.includes(l.folder));

async function noSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${page.url()}: ${v.id}`),
  ).toEqual([]);
}

async function passQuiz(page: Page, url: string, startLabel: RegExp) {
  await page.goto(url);
  await page.getByRole('button', { name: startLabel }).click();
  // An exam first states its terms; the clock starts on 确认开始考试.
  if (url.startsWith('/learn/exam/')) await page.getByRole('button', { name: '确认开始考试' }).click();
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  const attemptId = await page.locator('[data-attempt]').getAttribute('data-attempt');
  await answerAllCorrectly(page, attemptId!);
  await page.getByRole('button', { name: '提交答卷' }).click();
  await expect(page).toHaveURL(/\/learn\/attempts\//);
  await expect(page.locator('.result .status')).toHaveText('通过');
}

test('trainer assigns, trainee studies (offline too) and passes, trainer assesses, the certificate is issued and verified', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const trainee = await freshTrainee('赵新雨');
  const cohortName = `专员认证班-${trainee.employeeNo}`;

  // Trainer: cohort, member, assignment.
  const trainerPage = await (await browser.newContext()).newPage();
  await signIn(trainerPage, demo.trainer.email);
  await trainerPage.goto('/trainer/cohorts');
  await trainerPage.getByLabel('班组名称').fill(cohortName);
  await trainerPage.getByRole('button', { name: '创建班组' }).click();
  await expect(trainerPage.getByRole('status')).toContainText('班组已创建');
  await trainerPage.getByLabel('姓名或工号').fill(trainee.employeeNo);
  await trainerPage.getByRole('button', { name: '查找' }).click();
  const results = trainerPage.getByTestId('search-results');
  await results.getByRole('combobox').selectOption({ label: cohortName });
  await results.getByRole('button', { name: /加入所选班组/ }).click();
  const cohort = trainerPage.locator(`[data-cohort="${cohortName}"]`);
  await expect(cohort).toContainText(trainee.name);
  await cohort.getByLabel('内容').selectOption(`program:${program.id}`);
  await cohort.getByRole('button', { name: '分配给全班' }).click();
  await expect(trainerPage.getByRole('status')).toContainText('学习任务已分配');
  await noSeriousAxeViolations(trainerPage);

  // Trainee: sees the assignment at once.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, trainee.email, trainee.password);
  await expect(page.getByTestId('assignments')).toContainText(`认证：${program.title}`);
  await expect(page.getByTestId('assignments')).toContainText('未开始');
  await noSeriousAxeViolations(page);

  // A lesson page says how much study time the server still wants.
  const first = lessons[0]!;
  const firstId = `${first.folder}/${first.slug}`;
  const firstMinimum = minStudySeconds(lessonSchema.parse(first.frontmatter));
  const second = lessons[1]!;
  const secondId = `${second.folder}/${second.slug}`;
  await page.goto(`/modules/${second.folder}/${second.slug}`);
  await expect(page.locator('[data-study-needed]')).toHaveText(
    `还需学习约 ${Math.ceil(minStudySeconds(lessonSchema.parse(second.frontmatter)) / 60)} 分钟`,
  );

  // Study the first lesson through the page. Minutes of real study cannot pass in this test (the server's clock
  // is exercised in tests/integration/study-time.test.ts), so its study time is seeded before the page opens;
  // reading and practice go through the page, and practice is graded by the server, so it needs the network.
  const admin = await e2eAdmin();
  await admin.collection('lesson_progress').create({
    user: trainee.id,
    lesson: firstId,
    module: first.folder,
    startedAt: new Date().toISOString(),
    seconds: firstMinimum,
    position: 0,
  });
  await page.goto(`/modules/${first.folder}/${first.slug}`);
  await expect(page.locator('[data-sync-state]')).toHaveAttribute('data-sync-state', 'synced');
  await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
  await passPracticeChecks(page);
  await expect(page.locator('[data-study-needed]')).toHaveText('学习时长已达标');
  await expect(page.locator('.lesson-tracker')).not.toContainText('本课已完成');
  // Offline for the rest: reading to the end waits in the browser, then syncs and completes the lesson.
  await context.setOffline(true);
  await readToEnd(page);
  await expect(page.locator('[data-sync-state]')).toHaveAttribute('data-sync-state', 'offline', { timeout: 15_000 });
  await expect(page.getByRole('status').filter({ hasText: '待同步' })).toBeVisible();
  await context.setOffline(false);
  await expect(page.locator('[data-sync-state]')).toHaveAttribute('data-sync-state', 'synced', { timeout: 15_000 });
  await expect(page.locator('.lesson-tracker')).toContainText('本课已完成');
  const record = await admin
    .collection('lesson_progress')
    .getFirstListItem(`user = "${trainee.id}" && lesson = "${firstId}"`);
  expect(record.completedAt).not.toBe('');
  expect(Object.keys(record.practice).sort()).toEqual([...new Set(practiceCheckIds(first.body))].sort());

  // The browser cannot complete the other lessons: made-up events are refused or count for nothing.
  const forged = await page.request.post('/_actions/recordProgress', {
    data: {
      events: [
        { id: crypto.randomUUID(), lesson: secondId, type: 'view', position: 1 },
        ...practiceCheckIds(second.body).map((checkId) => ({
          id: crypto.randomUUID(),
          lesson: secondId,
          type: 'practice',
          checkId,
          passed: true,
        })),
      ],
    },
  });
  expect(forged.status()).toBe(400);
  const claimed = await page.request.post('/_actions/recordProgress', {
    data: {
      events: [
        { id: crypto.randomUUID(), lesson: secondId, type: 'view', position: 1 },
        ...Array.from({ length: 60 }, () => ({
          id: crypto.randomUUID(),
          lesson: secondId,
          type: 'heartbeat',
          seconds: 120,
        })),
      ],
    },
  });
  expect(claimed.status()).toBe(200);
  expect(
    (await admin.collection('lesson_progress').getFirstListItem(`user = "${trainee.id}" && lesson = "${secondId}"`))
      .completedAt,
  ).toBe('');

  // The lessons not under test here are seeded as studied (each with its minimum study time).
  const now = new Date().toISOString();
  for (const lesson of lessons.slice(1)) {
    const id = `${lesson.folder}/${lesson.slug}`;
    const data = lessonSchema.parse(lesson.frontmatter);
    const studied = {
      user: trainee.id,
      lesson: id,
      module: lesson.folder,
      startedAt: now,
      completedAt: now,
      seconds: minStudySeconds(data),
      position: 1,
      reachedEnd: true,
      practice: Object.fromEntries(data.practice.map((c) => [c.id, true])),
    };
    const existing = await admin
      .collection('lesson_progress')
      .getList(1, 1, { filter: `user = "${trainee.id}" && lesson = "${id}"` });
    if (existing.items[0]) await admin.collection('lesson_progress').update(existing.items[0].id, studied);
    else await admin.collection('lesson_progress').create(studied);
  }

  for (const module of program.modules) await passQuiz(page, `/learn/quiz/${module}`, /开始测验/);
  await passQuiz(page, `/learn/exam/${program.exam}`, /开始考试/);
  await page.goto('/learn');
  await expect(page.getByTestId('certificates')).toHaveCount(0);
  for (const module of program.modules)
    await expect(page.locator(`[data-module="${module}"] [data-status]`)).toHaveText('已完成');

  // The program's required simulated calls, passed: written as the call service records a passed run (playing a
  // call in the browser is tests/e2e/calls.spec.ts; passing them through the service, tests/integration/).
  const required = JSON.parse(readFileSync(`content/certifications/${program.id}.json`, 'utf8')) as {
    requiredCalls?: string[];
  };
  const points = { courtesy: 2, empathy: 2, compliance: 2, accuracy: 2, efficiency: 2 };
  for (const id of required.requiredCalls ?? []) {
    const call = JSON.parse(readFileSync(`content/calls/${id}.json`, 'utf8')) as {
      endings: Record<string, { pass: boolean }>;
    };
    const ending = Object.entries(call.endings).find(([, e]) => e.pass)![0];
    const at = new Date().toISOString();
    await admin.collection('call_runs').create({
      user: trainee.id,
      call: id,
      status: 'ended',
      state: { node: ending, mood: 'calm', flags: [], points, turn: 5 },
      turns: [],
      ending,
      scores: { points, modelPoints: points, ratio: 1, passed: true },
      passed: true,
      startedAt: at,
      endedAt: at,
      version: 1,
    });
  }

  // Trainer: the matrix shows the trainee; record the practical assessment.
  await trainerPage.goto('/trainer');
  const row = trainerPage.locator(`[data-trainee="${trainee.employeeNo}"]`);
  await expect(row).toContainText('已完成');
  await noSeriousAxeViolations(trainerPage);
  await row.getByRole('link', { name: trainee.name }).click();
  await trainerPage
    .getByRole('navigation', { name: '选择评分表' })
    .getByRole('link', { name: '投诉处理流程评分表（模拟通话版）' })
    .click();
  await trainerPage.getByLabel('认证项目').selectOption(program.id);
  await trainerPage.getByLabel('演练案例').selectOption({ label: '反复故障，要求找领导' });
  await scoreEveryCriterion(trainerPage, 4);
  await trainerPage.getByLabel('评语').fill('开场问候规范，安抚情绪到位。');
  await trainerPage.getByRole('button', { name: '保存考核成绩' }).click();
  await expect(trainerPage.getByRole('status')).toContainText('实操考核成绩已保存');
  await noSeriousAxeViolations(trainerPage);

  // The trainer sees the study time the certificate's evidence recorded, per module.
  await trainerPage.reload();
  const evidence = trainerPage.locator('[data-study-evidence]');
  await expect(evidence).toContainText('投诉心理');
  const expectedMinutes = Math.floor(
    lessons.reduce((sum, l) => sum + minStudySeconds(lessonSchema.parse(l.frontmatter)), 0) / 60,
  );
  // The first lesson may hold a few more seconds than its minimum (the page kept sending heartbeats).
  const recorded = Number(await evidence.locator('[data-study-minutes]').getAttribute('data-study-minutes'));
  expect(recorded).toBeGreaterThanOrEqual(expectedMinutes);
  expect(recorded).toBeLessThanOrEqual(expectedMinutes + 3);

  // Trainee: the certificate is there, and the assignment is done.
  await page.goto('/learn');
  const certificates = page.getByTestId('certificates');
  await expect(certificates).toContainText(program.title);
  await expect(certificates).toContainText('有效');
  await expect(certificates).toContainText(/还有 7\d\d 天到期/);
  await expect(page.getByTestId('assignments')).toContainText('已完成');
  await certificates.getByRole('link', { name: '查看和打印证书' }).click();
  await expect(page.locator('.cert-holder')).toContainText(trainee.name);
  await expect(page.locator('.cert-qr svg')).toBeVisible();
  const verifyUrl = await page.locator('.cert-qr a').getAttribute('href');
  await noSeriousAxeViolations(page);

  // Anyone with the link: the public verify page confirms it, showing only a masked 工号.
  const anonymous = await (await browser.newContext()).newPage();
  await anonymous.goto(verifyUrl!);
  await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('证书核验');
  await expect(anonymous.locator('.verify')).toContainText('有效');
  await expect(anonymous.locator('.verify')).toContainText(trainee.name);
  await expect(anonymous.locator('.verify')).toContainText(program.title);
  await expect(anonymous.locator('.verify')).not.toContainText(trainee.employeeNo);
  await expect(anonymous.locator('.verify')).not.toContainText(trainee.email);
  await noSeriousAxeViolations(anonymous);
  expect((await anonymous.goto('/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA'))?.status()).toBe(404);

  // HR: the certificate shows in the dashboard, and in the Excel file exported from it.
  const hrPage = await (await browser.newContext()).newPage();
  await signIn(hrPage, demo.hr.email);
  await hrPage.goto(`/hr?q=${trainee.employeeNo}&program=${program.id}`);
  const staff = hrPage.getByTestId('hr-staff-table');
  await expect(staff.locator('tbody tr')).toHaveCount(1);
  await expect(staff).toContainText(trainee.name);
  await expect(staff).toContainText('有效');
  const [download] = await Promise.all([hrPage.waitForEvent('download'), hrPage.getByTestId('export-xlsx').click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as never);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.rowCount).toBe(2);
  const exported = (sheet.getRow(2).values as unknown[]).map(String);
  expect(exported).toEqual(expect.arrayContaining([trainee.name, trainee.employeeNo, program.title, '有效']));

  // HR's certificate list shows the study time recorded in the certificate's evidence.
  await hrPage.goto(`/hr/certificates?q=${trainee.employeeNo}`);
  await expect(hrPage.getByTestId('certificates-table').locator('[data-study-minutes]')).toHaveAttribute(
    'data-study-minutes',
    String(recorded),
  );
});

test('a trainer assigns a module to one trainee of their cohort, who sees it at once', async ({ browser }) => {
  const trainee = await freshTrainee('单独分配');
  const trainer = await freshTrainee('单独分配老师', 'trainer');
  await (
    await e2eAdmin()
  )
    .collection('cohorts')
    .create({ name: '单独分配班', trainer: trainer.id, members: [trainee.id] });
  const trainerPage = await (await browser.newContext()).newPage();
  await signIn(trainerPage, trainer.email, trainer.password);
  await trainerPage.goto(`/trainer/trainees/${trainee.id}`);
  await trainerPage.getByLabel('内容', { exact: true }).selectOption('module:stress-management');
  await trainerPage.getByRole('button', { name: '分配给该学员' }).click();
  await expect(trainerPage.getByRole('status').filter({ hasText: '学习任务已分配' })).toBeVisible();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, trainee.email, trainee.password);
  await expect(page.getByTestId('assignments')).toContainText('压力与情绪管理');
  await expect(page.getByTestId('assignments')).toContainText('未开始');
});
