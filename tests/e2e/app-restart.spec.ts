import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from '../../src/platform/process/app-process.ts';
import { findFreePort } from '../../src/platform/pocketbase/process.ts';
import { answer, freshTrainee } from './e2e-admin.ts';

/** A second app server on the e2e PocketBase, which this test may kill and start again. */
async function appServer(port: number): Promise<AppServer> {
  return startAppServer({
    host: '127.0.0.1',
    port,
    env: {
      PB_URL: `http://127.0.0.1:${process.env.E2E_PB_PORT}`,
      PB_ADMIN_EMAIL: 'e2e-admin@example.com',
      PB_ADMIN_PASSWORD: 'e2e-admin-password',
    },
  });
}

test('restarting the app server during an exam keeps the answers and the remaining time', async ({ page }) => {
  test.setTimeout(120_000);
  const trainee = await freshTrainee('重启测试');
  const port = await findFreePort();
  let app = await appServer(port);
  try {
    await page.goto(`${app.url}/signin`);
    await page.getByLabel('邮箱').fill(trainee.email);
    await page.getByLabel('密码').fill(trainee.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${app.url}/learn/exam/hotline-agent`);
    await page.getByRole('button', { name: '开始考试' }).click();
    await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
    const first = page.locator('section.question').first();
    // Wait for the autosave to reach the server: killing the app with the save still pending lets the old page's
    // debounced save race the reload (the page would render before that save lands).
    const savedOnServer = page.waitForResponse((r) => r.url().includes('/_actions/saveAnswers') && r.ok());
    await answer(first);
    await savedOnServer;
    await expect(page.locator('[data-save-state]')).toHaveAttribute('data-save-state', 'saved');
    await expect(page.getByText('已答 1 / 35 题')).toBeVisible();
    const remainingBefore = await page.getByRole('timer').innerText();

    app.process.kill('SIGKILL');
    await new Promise((r) => app.process.once('exit', r));
    app = await appServer(port);

    await page.reload();
    await expect(page.getByText('已答 1 / 35 题')).toBeVisible();
    // The deadline lives with the attempt on the server, so the clock carries on where it was.
    const toSeconds = (t: string) => {
      const [m, s] = t
        .match(/(\d\d):(\d\d)/)!
        .slice(1)
        .map(Number);
      return m! * 60 + s!;
    };
    const remainingAfter = await page.getByRole('timer').innerText();
    expect(toSeconds(remainingBefore) - toSeconds(remainingAfter)).toBeGreaterThanOrEqual(0);
    expect(toSeconds(remainingBefore) - toSeconds(remainingAfter)).toBeLessThan(30);
  } finally {
    await app.stop();
  }
});

test('an unexpected server failure shows a Chinese error page, not a stack trace', async ({ request }) => {
  // An app server whose PocketBase is gone: pages that need the database fail.
  const app = await startAppServer({
    host: '127.0.0.1',
    port: await findFreePort(),
    env: {
      PB_URL: `http://127.0.0.1:${await findFreePort()}`,
      PB_ADMIN_EMAIL: 'e2e-admin@example.com',
      PB_ADMIN_PASSWORD: 'e2e-admin-password',
    },
  });
  try {
    const response = await request.get(`${app.url}/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(response.status()).toBe(500);
    const body = await response.text();
    expect(body).toContain('系统出了点问题');
    expect(body).not.toMatch(/\n\s+at \S+ \(|ClientResponseError|ECONNREFUSED/);
  } finally {
    await app.stop();
  }
});
