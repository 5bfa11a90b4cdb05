// The app server's admission control, on a real HTTP server with a stand-in app that takes 300 ms per request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/platform/pocketbase/process.ts';
import { serveBuiltApp } from '../../src/platform/http/server.ts';

let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'admission-'));

beforeAll(async () => {
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, `export const handler = (req, res) => setTimeout(() => res.end('ok ' + req.url), 300);\n`);
  const port = await findFreePort();
  server = await serveBuiltApp(entry, '127.0.0.1', port, { maxActive: 1, maxQueued: 1, maxWaitMs: 5000 });
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admission control', () => {
  it('runs one, queues one and turns the third away with a Chinese page and Retry-After', async () => {
    const answers = await Promise.all([fetch(`${url}/learn`), fetch(`${url}/learn/quiz/x`), fetch(`${url}/hr`)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 503]);
    const c = answers.find((r) => r.status === 503)!;
    expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    const page = await c.text();
    expect(page).toContain('当前访问人数较多');
    expect(page).toContain('http-equiv="refresh"');
    expect(c.headers.get('x-content-type-options')).toBe('nosniff'); // security headers on busy answers too
  });

  it('answers an action the action client understands, and never resends a form post', async () => {
    const busy = fetch(`${url}/learn`);
    const queued = fetch(`${url}/learn`);
    await new Promise((r) => setTimeout(r, 100)); // both are in before the next two arrive
    const [action, form] = await Promise.all([
      fetch(`${url}/_actions/saveAnswers`, { method: 'POST', body: '{}' }),
      fetch(`${url}/learn/exam/hotline-agent`, { method: 'POST' }),
    ]);
    await Promise.all([busy, queued]);
    expect(action.status).toBe(503);
    expect(await action.json()).toMatchObject({ type: 'AstroActionError', code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(form.status).toBe(503);
    expect(await form.text()).not.toContain('http-equiv="refresh"');
  });

  it('never queues the health check', async () => {
    const slow = [fetch(`${url}/learn`), fetch(`${url}/learn`)];
    const started = performance.now();
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(450); // served alongside, not after the two slow ones (600 ms)
    await Promise.all(slow);
  });

  it('lets saving and submitting answers in before pages that waited longer', async () => {
    const entry = join(dir, 'entry.mjs');
    const port = await findFreePort();
    const roomy = await serveBuiltApp(entry, '127.0.0.1', port, { maxActive: 1, maxQueued: 5, maxWaitMs: 5000 });
    try {
      const base = `http://127.0.0.1:${port}`;
      const done: string[] = [];
      const track = (path: string, init?: RequestInit) =>
        fetch(`${base}${path}`, init).then(async (r) => done.push(`${r.status} ${await r.text()}`));
      const running = track('/learn');
      await new Promise((r) => setTimeout(r, 50));
      const page = track('/learn/exam/hotline-agent');
      await new Promise((r) => setTimeout(r, 50));
      const save = track('/_actions/saveAnswers', { method: 'POST', body: '{}' });
      await Promise.all([running, page, save]);
      expect(done).toEqual(['200 ok /learn', '200 ok /_actions/saveAnswers', '200 ok /learn/exam/hotline-agent']);
    } finally {
      roomy.close();
    }
  });
});
