import { createServer, request as httpRequest, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { startAppServer } from '../../src/platform/process/app-process.ts';
import { findFreePort } from '../../src/platform/pocketbase/process.ts';
import { demo } from './demo-accounts.ts';

/**
 * A proxy in front of the e2e PocketBase that fails the requests whose path matches `failing`: with a 503 answer,
 * or by dropping the connection (what the SDK reports as status 0). Everything else passes through, so signing in
 * and the session check keep working while one look-up fails.
 */
async function faultyProxy(pbPort: number) {
  const state: { failing: RegExp | null; mode: '503' | 'drop'; hits: number } = { failing: null, mode: '503', hits: 0 };
  const server: Server = createServer((req, res) => {
    if (state.failing?.test(req.url ?? '')) {
      state.hits++;
      if (state.mode === 'drop') return req.socket.destroy();
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ code: 503, message: 'injected failure', data: {} }));
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: pbPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

test('a PocketBase failure on a record look-up answers the Chinese 503 page, not 404', async ({ page }) => {
  test.setTimeout(120_000);
  const proxy = await faultyProxy(Number(process.env.E2E_PB_PORT));
  const app = await startAppServer({
    host: '127.0.0.1',
    port: await findFreePort(),
    env: { PB_URL: proxy.url, PB_ADMIN_EMAIL: 'e2e-admin@example.com', PB_ADMIN_PASSWORD: 'e2e-admin-password' },
  });
  try {
    await page.goto(`${app.url}/signin`);
    await page.getByLabel('邮箱').fill(demo.hr.email);
    await page.getByLabel('密码').fill(demo.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/hr/);
    const missing = 'zzzzzzzzzzzzzzz';

    // Control: with PocketBase answering, an unknown id is still "not found".
    let response = await page.goto(`${app.url}/hr/staff/${missing}`);
    expect(response?.status()).toBe(404);
    response = await page.goto(`${app.url}/learn/certificates/${missing}`);
    expect(response?.status()).toBe(404);

    // The staff record look-up (admin client) fails with a 503: the HR staff page says the service is unavailable.
    proxy.state.failing = new RegExp(`^/api/collections/users/records/${missing}`);
    response = await page.goto(`${app.url}/hr/staff/${missing}`);
    expect(response?.status()).toBe(503);
    await expect(page.locator('#staff-error')).toContainText('学习数据服务暂时无法连接');

    // The certificate look-up (the viewer's client) loses its connection: the 503 page, not the 404 page.
    proxy.state.failing = new RegExp(`^/api/collections/certificates/records/${missing}`);
    proxy.state.mode = 'drop';
    response = await page.goto(`${app.url}/learn/certificates/${missing}`);
    expect(response?.status()).toBe(503);
    await expect(page.locator('[data-error="BackendUnavailable"] h1')).toHaveText('服务暂时不可用');
    const body = await response!.text();
    expect(body).not.toMatch(/ClientResponseError|ECONNRESET|\n\s+at \S+ \(/);
    expect(proxy.state.hits, 'the injected failures must have been hit').toBeGreaterThanOrEqual(2);
  } finally {
    await app.stop();
    await proxy.close();
  }
});
