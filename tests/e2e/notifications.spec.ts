import { once } from 'node:events';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { demo, signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

/** Mail the app sent to the SMTP relay (playwright.config.ts points SMTP_URL at this server). */
const mails: { to: string[]; subject: string; text: string }[] = [];
let smtp: SMTPServer;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  smtp.listen(Number(process.env.E2E_SMTP_PORT), '127.0.0.1');
  await once(smtp.server, 'listening');
});

test.afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
});

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a trainee with an assignment due tomorrow gets the reminder in the inbox and by e-mail; marks it read', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const trainee = await freshTrainee('提醒学员');
  const admin = await e2eAdmin();
  const hr = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: demo.hr.email }));
  await admin.collection('assignments').create({
    kind: 'module',
    ref: 'service-mindset',
    trainee: trainee.id,
    dueAt: new Date(Date.now() + 20 * 3_600_000).toISOString(),
    assignedBy: hr.id,
  });
  await signIn(page, trainee.email, trainee.password);
  await page.waitForURL('**/learn');
  // The scheduler runs every few seconds in the e2e server: the bell shows both notices once it has run.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('inbox-unread')).toHaveText('2', { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('inbox-bell')).toHaveAttribute('aria-label', '消息，2 条未读');
  // While answering a quiz the bell stays but without the count (it can wait; starting an attempt does not read it).
  await page.goto('/learn/quiz/service-mindset');
  await page.getByRole('button', { name: '开始测验' }).click();
  await expect(page.locator('section.question').first()).toBeVisible();
  await expect(page.getByTestId('inbox-bell')).toHaveAttribute('aria-label', '消息');
  await expect(page.getByTestId('inbox-unread')).toHaveCount(0);

  // The e-mail reached the SMTP relay, in Chinese, with a link back to the module.
  await expect
    .poll(
      () =>
        mails
          .filter((m) => m.to.includes(trainee.email))
          .map((m) => m.subject)
          .sort(),
      { timeout: 60_000 },
    )
    .toEqual(['【热线学堂】学习任务将于 1 天后到期：单元：服务心态', '【热线学堂】新的学习任务：单元：服务心态']);
  const reminder = mails.find((m) => m.to.includes(trainee.email) && m.subject.includes('1 天后到期'))!;
  expect(reminder.text).toContain('/modules/service-mindset');

  await page.getByTestId('inbox-bell').click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();
  const items = page.getByTestId('inbox-item');
  await expect(items).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath('inbox-1280.png'), fullPage: true });
  await expect(page.getByRole('link', { name: '学习任务将于 1 天后到期：单元：服务心态' })).toHaveAttribute(
    'href',
    '/modules/service-mindset',
  );
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('button', { name: '将「学习任务将于 1 天后到期：单元：服务心态」标为已读' }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId('inbox-unread')).toHaveText('1');
  await expect(page.getByText('未读', { exact: true })).toHaveCount(1);
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(page.getByTestId('inbox-unread')).toHaveCount(0);
  await expect(page.getByTestId('inbox-bell')).toHaveAttribute('aria-label', '消息');

  // A forged id (someone else's or unknown) is refused in Chinese, nothing changes.
  const forged = await page.request.post('/inbox?_action=markNotificationsRead', {
    form: { id: 'aaaaaaaaaaaaaaa' },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(forged.status()).toBe(404);
  expect(await forged.text()).toContain('找不到这条消息');

  // Phone width: nothing wider than the screen, still accessible.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByTestId('inbox-bell')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('inbox-390.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);

  // Opt out of due reminders by e-mail.
  await page.goto('/inbox/settings');
  await page.getByLabel('学习任务即将到期（提前 7 天、1 天）').uncheck();
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByRole('status')).toHaveText('设置已保存。');
  await expect(page.getByLabel('学习任务即将到期（提前 7 天、1 天）')).not.toBeChecked();
  await expect(page.getByLabel('分配了新的学习任务')).toBeChecked();
  await page.screenshot({ path: test.info().outputPath('settings-390.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);
});

test('HR sees what was sent to whom, with delivery status', async ({ page }) => {
  const trainee = await freshTrainee('记录学员');
  const admin = await e2eAdmin();
  const hr = await admin.collection('users').getFirstListItem(admin.filter('email = {:e}', { e: demo.hr.email }));
  await admin.collection('assignments').create({
    kind: 'module',
    ref: 'voice-affinity',
    trainee: trainee.id,
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    assignedBy: hr.id,
  });
  await expect
    .poll(
      async () =>
        (
          await admin.collection('notification_deliveries').getFullList({
            filter: admin.filter('user = {:u} && status = "sent"', { u: trainee.id }),
          })
        ).length,
      { timeout: 60_000 },
    )
    .toBe(1);
  await signIn(page, demo.hr.email);
  await page.waitForURL('**/hr');
  await page.goto('/trainer/notifications');
  const row = page.getByTestId('delivery-log').getByRole('row', { name: /记录学员/ });
  await expect(row).toContainText('新的学习任务：单元：亲和语音');
  await expect(row).toContainText('电子邮件');
  await expect(row).toContainText('已发送');
  await expect(page.getByTestId('notification-log').getByRole('row', { name: /记录学员/ })).toContainText('未读');
  await page.screenshot({ path: test.info().outputPath('sent-log-1280.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.screenshot({ path: test.info().outputPath('sent-log-390.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page);
});
