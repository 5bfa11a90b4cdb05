// The app server serves the build's client files itself from a list made at start-up (the adapter runs in
// middleware mode and renders pages only): files by exact path, prerendered pages by folder, nothing outside the
// client folder, a 404 page for the rest, a Chinese 400 for a malformed URL. Checked against the built app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/platform/pocketbase/process.ts';
import { appServerForFile } from '../support/app-server.ts';
import { rawRequest } from '../support/raw-http.ts';

const clientDir = join(projectRoot, 'dist', 'client');
const app = appServerForFile();

/** A request with the path exactly as given; the body as text. */
async function send(path: string, method = 'GET', headers: Record<string, string> = {}) {
  const answer = await rawRequest(app().port, path, method, headers);
  return { ...answer, body: answer.body.toString() };
}

describe('client files served from the start-up list', () => {
  it('serves a file by its exact path and a prerendered page by its folder, with HEAD and 304', async () => {
    const svg = readFileSync(join(clientDir, 'favicon.svg'), 'utf8');
    const r = await send('/favicon.svg');
    expect(r.status).toBe(200);
    expect(r.body).toBe(svg);
    const head = await send('/favicon.svg', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(svg)));
    expect((await send('/favicon.svg', 'GET', { 'if-none-match': String(r.headers.etag) })).status).toBe(304);
    const page = await send('/modules/service-mindset/?from=test');
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(join(clientDir, 'modules/service-mindset/index.html'), 'utf8'));
  });

  it('renders the 404 page for anything else, never a file outside the client folder', async () => {
    for (const path of [
      '/no-such-page',
      '/_astro/no-such-file.js',
      '/_astro/../../server/entry.mjs',
      '/%2e%2e/server/entry.mjs',
      '/_astro/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
    ]) {
      const r = await send(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toContain('页面不存在');
      expect(r.body, path).not.toMatch(/createAppHandler|"name": "hotline-academy"/);
    }
  });

  it('still renders server pages (the sign-in page) and does not serve a client file to a POST', async () => {
    const signin = await send('/signin');
    expect(signin.status).toBe(200);
    expect(signin.body).toContain('登录');
    const post = await send('/favicon.svg', 'POST', { origin: `http://127.0.0.1:${app().port}` });
    expect(post.status).not.toBe(200);
  });

  it('refuses a malformed URL with a Chinese 400 and logs it in English, without a stack trace', async () => {
    const r = await send('/learn/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(r.body).toContain('网址不正确');
    expect(r.body).not.toMatch(/at .*\.(m?js|ts):\d+/);
    const logs = app().output;
    await expect.poll(logs).toContain('MalformedUrl: malformed URL (not valid percent-encoding): /learn/%E0%A4%A');
    expect(logs()).not.toMatch(/URIError/);
  });
});
