import type { Page } from '@playwright/test';
import { defaultDemoPassword } from '../../src/domain/identity/demo-data.ts';

export const demo = {
  trainee: { email: 'trainee@example.com', name: '李晓雨' },
  trainer: { email: 'trainer@example.com', name: '张敏' },
  hr: { email: 'hr@example.com', name: '刘芳' },
  password: defaultDemoPassword,
};

/** Sign in through the real form. */
export async function signIn(page: Page, email: string, password = demo.password) {
  await page.goto('/signin');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
