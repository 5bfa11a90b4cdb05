import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import PocketBase from 'pocketbase';
import { demo, signIn } from './demo-accounts.ts';
import { freshTrainee } from './e2e-admin.ts';

// Signing out ends every session of the account (a new token key in PocketBase), so the tests that sign out use
// their own accounts: signing out a shared demo account would sign out the tests running beside them.
test('a trainee signs in, reads a lesson and signs out', async ({ page }) => {
  const trainee = await freshTrainee('退出测试');
  await signIn(page, trainee.email, trainee.password);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByTestId('signed-in-user')).toContainText(trainee.name);
  await expect(page.getByTestId('signed-in-user')).toContainText('学员');

  await page.goto('/modules');
  await page.locator('.module-list a').first().click();
  await page.locator('.lesson-toc a').first().click();
  await expect(page.locator('article[data-lesson] h1')).toBeVisible();
  // The lesson is prerendered; the header learns who is signed in from /api/session.
  await expect(page.getByTestId('signed-in-user')).toContainText(trainee.name);
  const oldCookie = (await page.context().cookies()).find((c) => c.name === 'ha_auth')!;

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status')).toContainText('您已退出登录');
  await expect(page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator('[data-flash]')).toHaveCount(0); // the notice shows once
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/signin\?next=%2Flearn$/);

  // Someone who copied the cookie before the sign-out replays it: signed out, and its token is dead in PocketBase.
  await page.context().addCookies([oldCookie]);
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/signin\?next=%2Flearn$/);
  const pb = new PocketBase(`http://127.0.0.1:${process.env.E2E_PB_PORT}`);
  pb.authStore.save(oldCookie.value, null);
  await expect(pb.collection('users').authRefresh()).rejects.toMatchObject({ status: 401 });
});

test("「退出所有设备」 ends the account's sessions on every device at once", async ({ browser, baseURL }) => {
  const trainee = await freshTrainee('多设备测试');
  const [office, phone] = await Promise.all([browser.newContext({ baseURL }), browser.newContext({ baseURL })]);
  const [a, b] = await Promise.all([office.newPage(), phone.newPage()]);
  for (const page of [a, b]) {
    await signIn(page, trainee.email, trainee.password);
    await expect(page).toHaveURL(/\/learn$/);
  }
  await expect(a.getByRole('region', { name: '账号安全' })).toContainText('包括本机');
  await a.getByRole('button', { name: '退出所有设备' }).click();
  await expect(a).toHaveURL(/\/$/);
  await expect(a.getByRole('status')).toContainText('已退出所有设备');
  await b.goto('/learn');
  await expect(b).toHaveURL(/\/signin/);
  await Promise.all([office.close(), phone.close()]);
});

test('a crafted link cannot make the site show an official-looking notice', async ({ page }) => {
  const trainer = await freshTrainee('提示测试', 'trainer');
  await signIn(page, trainer.email, trainer.password);
  await expect(page).toHaveURL(/\/trainer$/);
  const bait = '系统通知：您的账号存在风险，请立即拨打 400-000-0000 核实身份';
  for (const path of [
    `/trainer/cohorts?done=${encodeURIComponent(bait)}`,
    '/trainer/voice-targets?saved=1',
    '/trainer/listening?saved=1',
    `/trainer/trainees/${trainer.id}?assigned=1&saved=1`,
    '/?saved=1&done=revoked',
  ]) {
    await page.goto(path);
    await expect(page.locator('[data-flash]')).toHaveCount(0);
    await expect(page.getByText(bait)).toHaveCount(0);
    await expect(
      page.locator('.alert, [role=status]').filter({ hasText: /已更新|已发布|已分配|已保存|已撤销|已创建/ }),
    ).toHaveCount(0);
  }
  // A real change shows its notice once, set by the server with the redirect.
  await page.goto('/trainer/cohorts');
  await page.getByLabel('班组名称').fill(`提示测试班 ${Date.now()}`);
  await page.getByRole('button', { name: '创建班组' }).click();
  await expect(page).toHaveURL(/\/trainer\/cohorts$/);
  await expect(page.locator('[data-flash="cohortCreated"]')).toHaveText('班组已创建。');
  await page.reload();
  await expect(page.locator('[data-flash]')).toHaveCount(0);
});

test('a trainee opening /hr gets the Chinese 403 page', async ({ page }) => {
  await signIn(page, demo.trainee.email);
  await expect(page).toHaveURL(/\/learn$/);
  const response = await page.goto('/hr');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('无权访问');
});

test('trainer and HR reach their own areas', async ({ page }) => {
  await signIn(page, demo.trainer.email);
  await expect(page).toHaveURL(/\/trainer$/);
  expect((await page.goto('/hr'))?.status()).toBe(403);
  await page.context().clearCookies();
  await signIn(page, demo.hr.email);
  await expect(page).toHaveURL(/\/hr$/);
  expect((await page.goto('/trainer'))?.status()).toBe(200);
});

test('a wrong password shows a Chinese error and keeps the user signed out', async ({ page }) => {
  // A fresh account: the failed sign-in counts towards its lockout, not towards a demo account other tests sign in with.
  const trainee = await freshTrainee('密码错误测试');
  await signIn(page, trainee.email, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('邮箱或密码不正确');
  await expect(page.getByLabel('邮箱')).toHaveValue(trainee.email);
  expect((await page.context().cookies()).some((c) => c.name === 'ha_auth')).toBe(false);
});

test('a forged auth cookie is treated as signed out', async ({ page, baseURL }) => {
  await page
    .context()
    .addCookies([
      { name: 'ha_auth', value: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngiLCJleHAiOjk5OTk5OTk5OTl9.forged', url: baseURL! },
    ]);
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/signin/);
});

test('home and sign-in pages have no serious accessibility violations', async ({ page }) => {
  for (const path of ['/', '/signin', '/modules']) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${path}: ${v.id}`)).toEqual([]);
  }
});

test('sign-in is locked after five wrong passwords, even with the right one', async ({ page }) => {
  const trainee = await freshTrainee('限流测试');
  for (let i = 0; i < 5; i++) {
    await signIn(page, trainee.email, `wrong-password-${i}`);
    await expect(page.getByRole('alert')).toContainText('邮箱或密码不正确');
  }
  const response = page.waitForResponse((r) => r.url().endsWith('/signin') && r.request().method() === 'POST');
  await signIn(page, trainee.email, trainee.password);
  expect((await response).status()).toBe(429);
  await expect(page.getByRole('alert')).toContainText('登录已暂时锁定');
  expect((await page.context().cookies()).some((c) => c.name === 'ha_auth')).toBe(false);
});
