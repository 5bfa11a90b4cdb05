import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { demo, signIn } from './demo-accounts.ts';
import { freshTrainee } from './e2e-admin.ts';

test('a trainee signs in, reads a lesson and signs out', async ({ page }) => {
  await signIn(page, demo.trainee.email);
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByTestId('signed-in-user')).toContainText(demo.trainee.name);
  await expect(page.getByTestId('signed-in-user')).toContainText('学员');

  await page.goto('/modules');
  await page.locator('.module-list a').first().click();
  await page.locator('.lesson-toc a').first().click();
  await expect(page.locator('article[data-lesson] h1')).toBeVisible();
  // The lesson is prerendered; the header learns who is signed in from /api/session.
  await expect(page.getByTestId('signed-in-user')).toContainText(demo.trainee.name);

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: '登录', exact: true })).toBeVisible();
  await page.goto('/learn');
  await expect(page).toHaveURL(/\/signin\?next=%2Flearn$/);
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
  await signIn(page, demo.trainee.email, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('邮箱或密码不正确');
  await expect(page.getByLabel('邮箱')).toHaveValue(demo.trainee.email);
  expect((await page.context().cookies()).some((c) => c.name === 'ha_auth')).toBe(false);
});

test('a forged auth cookie is treated as signed out', async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: 'ha_auth', value: 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngiLCJleHAiOjk5OTk5OTk5OTl9.forged', url: baseURL! }]);
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
