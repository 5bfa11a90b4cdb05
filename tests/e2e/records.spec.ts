import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { demo, signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

const day = 86_400_000;
const code = () => [...randomBytes(26)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b & 31]).join('');

/** A certificate for `user`, written as the app writes one at issue (with the holder snapshot). */
async function certificateFor(user: { id: string; name: string; employeeNo: string }) {
  const admin = await e2eAdmin();
  const now = Date.now();
  const c = code();
  const record = await admin.collection('certificates').create({
    user: user.id,
    program: 'hotline-agent',
    code: c,
    issuedAt: new Date(now - day).toISOString(),
    validFrom: new Date(now - day).toISOString(),
    expiresAt: new Date(now + 300 * day).toISOString(),
    evidence: { source: 'e2e' },
    holderName: user.name,
    holderEmployeeNo: user.employeeNo,
  });
  return { id: record.id, code: c };
}

test('HR corrects a name (audited); certificates keep the name as issued; a revoked one prints with 已撤销', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const trainee = await freshTrainee('钱原名');
  const cert = await certificateFor(trainee);

  // HR: correct the name on the staff record, with a reason.
  const hrPage = await (await browser.newContext()).newPage();
  await signIn(hrPage, demo.hr.email);
  await hrPage.goto(`/hr/staff/${trainee.id}`);
  await hrPage.getByLabel('姓名').fill('钱新名');
  await hrPage.getByLabel(/修改原因/).fill('员工办理了姓名变更手续');
  await hrPage.getByRole('button', { name: '保存修改' }).click();
  await expect(hrPage.getByRole('status')).toContainText('员工档案已更新');
  await hrPage.goto('/hr/audit');
  const entry = hrPage.getByTestId('audit-table').locator('tbody tr').first();
  await expect(entry).toContainText('修改账号');
  await expect(entry).toContainText('姓名：钱原名');
  await expect(entry).toContainText('姓名：钱新名');
  await expect(entry).toContainText('员工办理了姓名变更手续');

  // The certificate and its public verification still carry the name it was issued to.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, trainee.email, trainee.password);
  await page.goto(`/learn/certificates/${cert.id}`);
  await expect(page.locator('.cert-holder')).toContainText('钱原名');
  await expect(page.getByTestId('revoked-mark')).toHaveCount(0);
  await page.goto(`/verify/${cert.code}`);
  await expect(page.locator('.verify')).toContainText('钱原名');
  await expect(page.locator('.verify')).not.toContainText('钱新名');
  // HR's certificate list shows both: as issued, and the account now.
  await hrPage.goto(`/hr/certificates?q=${encodeURIComponent(trainee.employeeNo)}`);
  const row = hrPage.getByTestId('certificates-table').locator('tbody tr');
  await expect(row).toContainText('钱原名');
  await expect(row.getByTestId('holder-now')).toContainText('钱新名');

  // HR revokes it; the trainee's pages list it as revoked with the reason, and the print view says so in print too.
  await row.getByText('撤销证书').click();
  await row.getByLabel(/撤销原因/).fill('实操考核记录有误');
  await row.getByRole('button', { name: /确认撤销/ }).click();
  await expect(hrPage.getByRole('status').first()).toContainText('证书已撤销');
  await page.goto('/learn');
  const listed = page.getByTestId('certificates');
  await expect(listed).toContainText('已撤销');
  await expect(listed.getByTestId('revoked-note')).toContainText('实操考核记录有误');
  await page.goto(`/learn/certificates/${cert.id}`);
  const mark = page.getByTestId('revoked-mark');
  await expect(mark).toContainText('已撤销');
  await expect(mark).toContainText('实操考核记录有误');
  await page.emulateMedia({ media: 'print' });
  await expect(mark).toBeVisible();
  const box = (await mark.boundingBox())!;
  const sheet = (await page.locator('.certificate').boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(sheet.width - 30);
  await page.screenshot({ path: test.info().outputPath('revoked-print.png') });
});

test('a trainer finds and adds only trainees of their own department, whatever the form post says', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const admin = await e2eAdmin();
  const tag = randomBytes(4).toString('hex');
  const outsider = await admin.collection('users').create({
    email: `other-dept-${tag}@example.com`,
    password: 'trainee-pass-2026',
    passwordConfirm: 'trainee-pass-2026',
    name: '外部门学员',
    employeeNo: `X${tag}`,
    role: 'trainee',
    department: `其他部门${tag}`,
    team: '一组',
    verified: true,
  });
  const insider = await freshTrainee('本部门学员');
  await signIn(page, demo.trainer.email);
  await page.goto('/trainer/cohorts');
  const cohortName = `范围班-${tag}`;
  await page.getByLabel('班组名称').fill(cohortName);
  await page.getByRole('button', { name: '创建班组' }).click();
  await expect(page.getByRole('status')).toContainText('班组已创建');
  const cohortId = await page
    .locator(`[data-cohort="${cohortName}"] input[name="cohort"]`)
    .first()
    .getAttribute('value');

  // The search shows no one from another department.
  await page.goto(`/trainer/cohorts?q=${encodeURIComponent(`X${tag}`)}`);
  await expect(page.getByTestId('search-results')).toHaveCount(0);
  await expect(page.getByText(`没有找到姓名或工号包含「X${tag}」的学员`)).toBeVisible();

  // Crafted posts, by id and by 工号: refused with a Chinese 404, and the cohort stays empty.
  const crafted: Record<string, string>[] = [
    { intent: 'add', cohort: cohortId!, trainee: outsider.id },
    { intent: 'add', cohort: cohortId!, employeeNo: `X${tag}` },
  ];
  for (const form of crafted) {
    const response = await page.request.post('/trainer/cohorts', { headers: { origin: baseURL! }, form });
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain('不属于您所在的部门');
  }
  expect((await admin.collection('cohorts').getOne(cohortId!)).members).toEqual([]);

  // Their own department's trainee, by 工号.
  const cohort = page.locator(`[data-cohort="${cohortName}"]`);
  await page.goto('/trainer/cohorts');
  await cohort.getByLabel('按工号添加学员').fill(insider.employeeNo);
  await cohort.getByRole('button', { name: `加入${cohortName}` }).click();
  await expect(page.getByRole('status')).toContainText('学员已加入班组');
  await expect(cohort).toContainText('本部门学员');
  const log = await admin
    .collection('audit_log')
    .getFullList({ filter: admin.filter('target = {:t}', { t: cohortId! }) });
  expect(log.map((e) => [e.action, e.details.trainee])).toEqual([['cohort.member.add', insider.id]]);
});
