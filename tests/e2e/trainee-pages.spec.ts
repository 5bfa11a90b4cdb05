import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { expectAxeClean, viewports } from './axe.ts';
import { signIn } from './demo-accounts.ts';
import { e2eAdmin, freshTrainee } from './e2e-admin.ts';

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** A 130-bit verification code in the certificates' own alphabet. */
const code = () => [...randomBytes(26)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b & 31]).join('');

async function signedInTrainee(page: Page, name: string) {
  const trainee = await freshTrainee(name);
  await signIn(page, trainee.email, trainee.password);
  await expect(page).toHaveURL(/\/learn/);
  return trainee;
}

/** The page itself never scrolls sideways (wide content scrolls inside its own box). */
async function expectNoPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const vp of viewports) {
  test.describe(vp.name, () => {
    test.beforeEach(({ page }) => page.setViewportSize(vp));

    test('开始考试 states the terms first; the clock starts only on confirmation', async ({ page }) => {
      const trainee = await signedInTrainee(page, `确认考试${vp.name}`);
      const admin = await e2eAdmin();
      const attempts = () => admin.collection('attempts').getFullList({ filter: `user = "${trainee.id}"` });
      await page.goto('/learn/exam/hotline-agent');
      await page.getByRole('button', { name: '开始考试' }).click();
      const confirm = page.locator('[data-exam-confirm]');
      await expect(page.getByRole('heading', { name: '开始前请确认' })).toBeFocused();
      await expect(confirm.locator('[data-confirm="time"]')).toContainText('45 分钟');
      await expect(confirm.locator('[data-confirm="attempts"]')).toContainText(
        '本次之后还剩 2 次（共 3 次，已用 0 次）',
      );
      await expect(confirm.locator('[data-confirm="wait"]')).toContainText('24 小时');
      await expect(confirm.locator('[data-confirm="missing"]')).toContainText('尚未完成');
      await expect(confirm.locator('[data-confirm="missing"]')).toContainText('第 1 单元');
      await expect(confirm.locator('[data-confirm="missing"]')).toContainText('实操考核');
      await expect(page.locator('nav[aria-label="面包屑"]')).toContainText('认证考试');
      expect(await attempts()).toHaveLength(0);
      await expectNoPageOverflow(page);
      await expectAxeClean(page);

      // A start without the confirmation (a forged or old form) is refused and starts nothing.
      const forged = await page.request.post('/learn/exam/hotline-agent?_action=startQuiz', {
        form: { quiz: 'exam-hotline-agent' },
        headers: { origin: new URL(page.url()).origin },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(400);
      expect(await forged.text()).toContain('请先阅读并确认考试须知');
      expect(await attempts()).toHaveLength(0);
      // A malformed form and a recording exercise the trainee was never given are refused too, in Chinese.
      const post = (form: Record<string, string>) =>
        page.request.post('/learn/exam/hotline-agent?_action=startQuiz', {
          form,
          headers: { origin: new URL(page.url()).origin },
          maxRedirects: 0,
        });
      const malformed = await post({ quiz: '../../x', confirmed: 'yes' });
      expect(malformed.status()).toBe(400);
      expect(await malformed.text()).toContain('提交的数据无法识别');
      const foreign = await post({ quiz: 'quiz-upload-aaaaaaaaaaaaaaa' });
      expect(foreign.status()).toBe(404);
      expect(await foreign.text()).toContain('找不到这个测验或考试');
      expect(await attempts()).toHaveLength(0);

      // The exam comes back in answer to the form's POST (no redirect, no second load); the address is then the
      // page's plain one, so a reload is a GET of the same attempt, not the form sent again.
      const [started] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('_action=startQuiz')),
        page.getByRole('button', { name: '确认开始考试' }).click(),
      ]);
      expect(started.status()).toBe(200);
      await expect(page).toHaveURL(/\/learn\/exam\/hotline-agent$/);
      await expect(page.locator('section.question')).toHaveCount(35);
      await expect(page.getByRole('timer')).toContainText(/剩余时间 4[45]:\d\d/);
      expect(await attempts()).toHaveLength(1);
      const firstQuestion = await page.locator('section.question').first().textContent();
      const reloaded = await page.reload();
      expect(reloaded?.request().method()).toBe('GET');
      await expect(page.locator('section.question')).toHaveCount(35);
      expect(await page.locator('section.question').first().textContent()).toBe(firstQuestion);
      expect(await attempts()).toHaveLength(1);
    });

    test('我的证书 lists valid, expiring, expired and revoked certificates', async ({ page }) => {
      const trainee = await signedInTrainee(page, `证书学员${vp.name}`);
      const admin = await e2eAdmin();
      const now = Date.now();
      const cert = (program: string, follows: string, from: number, to: number, extra: Record<string, unknown> = {}) =>
        admin.collection('certificates').create({
          user: trainee.id,
          program,
          follows,
          code: code(),
          issuedAt: iso(from),
          validFrom: iso(from),
          expiresAt: iso(to),
          evidence: { source: 'e2e' },
          holderName: trainee.name,
          holderEmployeeNo: trainee.employeeNo,
          ...extra,
        });
      const expired = await cert('hotline-agent', 'first', now - 800 * day, now - 435 * day);
      const revoked = await cert('hotline-agent', expired.id, now - 430 * day, now - 65 * day + 400 * day, {
        revokedAt: iso(now - 10 * day),
        revokedReason: '考试记录有误，需重新考核',
      });
      await cert('hotline-agent', revoked.id, now - 5 * day, now + 360 * day);
      await cert('complaint-specialist', 'first', now - 700 * day, now + 20 * day);

      await page.goto('/learn');
      if (vp.name === 'phone') await page.getByRole('button', { name: '菜单' }).click();
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的证书' }).click();
      await expect(page).toHaveURL(/\/learn\/certificates$/);
      const rows = page.locator('[data-testid="my-certificates"] tbody tr');
      await expect(rows).toHaveCount(4);
      for (const status of ['valid', 'expiring', 'expired', 'revoked'])
        await expect(page.locator(`tr[data-status="${status}"]`)).toHaveCount(1);
      await expect(page.locator('tr[data-status="revoked"]')).toContainText('撤销原因：考试记录有误，需重新考核');
      await expect(page.locator('tr[data-status="expiring"]')).toContainText('即将到期');
      await expect(page.locator('tr[data-status="expired"]')).toContainText('已过期');
      await expectNoPageOverflow(page);
      if (vp.name === 'phone') {
        const box = page.locator('.table-scroll');
        expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      }
      await expectAxeClean(page);
    });

    test('the header shows the same navigation on every page; on a phone it folds into 菜单', async ({ page }) => {
      await signedInTrainee(page, `导航学员${vp.name}`);
      const nav = page.getByRole('navigation', { name: '主导航' });
      const menu = page.getByRole('button', { name: '菜单' });
      const expected = ['课程', '搜索', '我的学习', '听力练习', '语音练习', '模拟来电', '我的证书'];
      for (const url of ['/learn', '/modules', '/modules/complaint-handling', '/learn/voice', '/search']) {
        await page.goto(url);
        await expect(page.getByTestId('signed-in-user')).toBeAttached();
        if (vp.name === 'phone') {
          await expect(nav).toBeHidden();
          await expect(menu).toHaveAttribute('aria-expanded', 'false');
          await menu.focus();
          await page.keyboard.press('Enter');
          await expect(menu).toHaveAttribute('aria-expanded', 'true');
        } else {
          await expect(menu).toBeHidden();
        }
        await expect(nav.getByRole('link')).toHaveText(expected);
        await expect(nav.locator('a[aria-current="page"]')).toHaveCount(1);
        if (vp.name === 'phone') {
          await page.keyboard.press('Escape');
          await expect(menu).toHaveAttribute('aria-expanded', 'false');
          await expect(menu).toBeFocused();
          await expect(nav).toBeHidden();
        }
        await expectNoPageOverflow(page);
      }
      await page.goto('/learn');
      if (vp.name === 'phone') await menu.click();
      await expectAxeClean(page);
    });
  });
}
