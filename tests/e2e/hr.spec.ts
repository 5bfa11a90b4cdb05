import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { demo, signIn } from './demo-accounts.ts';
import { e2eAdmin } from './e2e-admin.ts';

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const code = () => [...randomBytes(26)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b & 31]).join('');

/** Trainees of a department of their own, with certificates and an overdue assignment, made through the PocketBase admin. */
async function hrFixture() {
  const admin = await e2eAdmin();
  const tag = randomBytes(4).toString('hex');
  const department = `端到端部${tag}`;
  const hr = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: demo.hr.email }));
  const make = async (name: string, team: string, i: number) =>
    admin.collection('users').create({
      email: `hr-e2e-${tag}-${i}@example.com`,
      password: 'trainee-pass-2026',
      passwordConfirm: 'trainee-pass-2026',
      name,
      employeeNo: `H${tag}${i}`,
      role: 'trainee',
      department,
      team,
      verified: true,
    });
  const valid = await make('秦有效', '一组', 1);
  const expiring = await make('尤将到', '一组', 2);
  const none = await make('许未认', '二组', 3);
  const now = Date.now();
  const cert = (user: string, validFrom: number, expiresAt: number) =>
    admin.collection('certificates').create({
      user,
      program: 'hotline-agent',
      code: code(),
      issuedAt: iso(validFrom),
      validFrom: iso(validFrom),
      expiresAt: iso(expiresAt),
      evidence: { source: 'e2e' },
    });
  await cert(valid.id, now - 30 * day, now + 300 * day);
  const soon = await cert(expiring.id, now - 340 * day, now + 20 * day);
  await admin
    .collection('assignments')
    .create({ kind: 'module', ref: 'service-mindset', trainee: none.id, dueAt: iso(now - 2 * day), assignedBy: hr.id });
  return { department, tag, expiringCertificate: soon.id };
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('HR sees counts and the staff table, filters, exports .xlsx and .csv, and revokes a certificate', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { department, tag } = await hrFixture();
  await signIn(page, demo.hr.email);
  await expect(page).toHaveURL(/\/hr$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('人力看板');
  await expect(page.getByTestId('hr-cards')).toContainText('30天内到期');
  await expect(page.getByTestId('hr-staff-table')).toBeVisible();
  // The chart island loads ECharts on its own and draws on a canvas; the table next to it holds the same numbers.
  await expect(page.getByTestId('hr-chart').locator('canvas')).toBeVisible({ timeout: 15_000 });
  expect((await page.getByTestId('hr-chart').boundingBox())?.height).toBeGreaterThanOrEqual(150);
  await expect(page.getByTestId('hr-group-table')).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Filter to the fixture's department and one program, through the form.
  await page.getByLabel('部门', { exact: true }).selectOption(department);
  await page.getByLabel('认证项目', { exact: true }).selectOption({ label: '热线客服代表上岗认证' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/department=/);
  const cards = page.getByTestId('hr-cards');
  await expect(cards.locator('[data-stat="certified"]')).toHaveText('2');
  await expect(cards.locator('[data-stat="expiring"]')).toHaveText('1');
  await expect(cards.locator('[data-stat="none"]')).toHaveText('1');
  await expect(cards.locator('[data-stat="overdue"]')).toHaveText('1');
  const table = page.getByTestId('hr-staff-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('hr-total')).toContainText('共 3 条');

  // 30天内到期 only.
  await page.getByLabel('状态', { exact: true }).selectOption('expiring');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('尤将到');
  await expect(table).toContainText('即将到期');

  // Sorting by a column header link keeps the filter.
  await page.getByLabel('状态', { exact: true }).selectOption('');
  await page.getByRole('button', { name: '筛选' }).click();
  await table.getByRole('link', { name: /^逾期任务/ }).click();
  await table.getByRole('link', { name: /^逾期任务/ }).click();
  await expect(page).toHaveURL(/sort=-overdue/);
  await expect(table.locator('tbody tr').first()).toContainText('许未认');
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('逾期任务');

  // Export what is on screen (all pages of the filter) and read the workbook back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^认证台账-\d{8}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as never);
  const sheet = workbook.worksheets[0]!;
  expect((sheet.getRow(1).values as unknown[]).slice(1, 7)).toEqual([
    '姓名',
    '工号',
    '部门',
    '班组',
    '认证项目',
    '状态',
  ]);
  expect(sheet.rowCount).toBe(4);
  expect(sheet.getRow(2).getCell(1).value).toBe('许未认');
  expect(sheet.getRow(2).getCell(11).value).toBe(1);
  const names = [2, 3, 4].map((r) => String(sheet.getRow(r).getCell(1).value)).sort();
  expect(names).toEqual(['尤将到', '秦有效', '许未认'].sort());

  const csvHref = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  const csv = await page.request.get(csvHref!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('姓名,工号,部门,班组,认证项目,状态');

  // Revoke the expiring certificate with a reason; it is logged.
  await page.goto(`/hr/certificates?q=${encodeURIComponent(`H${tag}2`)}`);
  await expectNoSeriousAxeViolations(page);
  const row = page.getByTestId('certificates-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await row.getByText('撤销证书').click();
  await row.getByLabel(/撤销原因/).fill('考试成绩录入有误，证书错误颁发。');
  await row.getByRole('button', { name: /确认撤销/ }).click();
  await expect(page.getByRole('status').first()).toContainText('证书已撤销');
  await expect(row).toContainText('已撤销');
  await expect(row).toContainText('考试成绩录入有误');

  await page.goto('/hr/audit');
  const audit = page.getByTestId('audit-table');
  // Other spec files write audit entries at the same time: find the revocation rather than assume it is on top.
  const revocation = audit.locator('tbody tr', { hasText: '撤销证书' }).filter({ hasText: '尤将到' }).first();
  await expect(revocation).toContainText('撤销证书');
  await expect(revocation).toContainText('尤将到');
  await expect(revocation).toContainText(demo.hr.name);
  await expectNoSeriousAxeViolations(page);
});

test('the export is for HR only', async ({ page }) => {
  await signIn(page, demo.trainer.email);
  await expect(page).toHaveURL(/\/trainer$/);
  const response = await page.request.get('/hr/export?format=xlsx');
  expect(response.status()).toBe(403);
  expect(response.headers()['content-type'] ?? '').not.toContain('spreadsheet');
});
