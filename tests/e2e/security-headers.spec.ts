import { expect, test } from '@playwright/test';
import { securityHeaders } from '../../src/platform/http/security-headers.ts';

test('every response carries the security headers, prerendered pages and assets included', async ({
  request,
  page,
}) => {
  await page.goto('/modules');
  const asset = await page
    .locator('link[rel=stylesheet], script[src]')
    .first()
    .evaluate((el) => (el as HTMLLinkElement).href || (el as HTMLScriptElement).src);
  for (const path of [
    '/',
    '/modules',
    '/signin',
    '/api/health',
    '/favicon.svg',
    new URL(asset).pathname,
    '/no-such-page',
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    for (const [name, value] of Object.entries(securityHeaders)) {
      // Server-rendered pages get Astro's full policy (with script hashes) in place of the static one.
      if (name === 'Content-Security-Policy')
        expect(response.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
      else expect(response.headers()[name.toLowerCase()], `${path} ${name}`).toBe(value);
    }
  }
});

test('pages carry a Content-Security-Policy without unsafe-inline scripts', async ({ page }) => {
  for (const path of ['/', '/modules/service-mindset/01-why-service-matters', '/signin']) {
    const response = await page.goto(path);
    const meta = page.locator('meta[http-equiv="content-security-policy"]');
    const csp = (await meta.count())
      ? await meta.getAttribute('content')
      : response!.headers()['content-security-policy']!;
    expect(csp, path).toContain("default-src 'self'");
    const scriptSrc = csp!.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc).toContain("'sha256-");
    expect(scriptSrc).not.toContain('unsafe-inline');
  }
});

test('a state-changing request from another origin is refused', async ({ request }) => {
  const response = await request.post('/signin', {
    headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    data: 'email=trainee%40example.com&password=hotline-demo-2026',
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie'] ?? '').not.toContain('ha_auth');
});
