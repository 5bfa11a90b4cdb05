// Request-body limits on a real HTTP server (the app's wrapper in its own process, with a stand-in app that reads
// every body): an oversized POST is refused with a Chinese 413 before it costs the server more than a few MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/platform/pocketbase/process.ts';
import { maxCallRecordingBytes } from '../../src/domain/training/call-recordings.ts';
import { maxRecordingBytes } from '../../src/domain/voice/lab.ts';
import { bodyLimitFor, defaultBodyLimit } from '../../src/platform/http/body-limits.ts';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'body-limits-'));
let child: ChildProcess;
let port: number;

/** What the server process has read from all its connections, and its memory. */
type Stats = { bytesRead: number; rss: number; handled: number };
const stats = async (): Promise<Stats> => (await fetch(`http://127.0.0.1:${port}/stats`)).json() as Promise<Stats>;

beforeAll(async () => {
  port = await findFreePort();
  const entry = join(dir, 'entry.mjs');
  // The stand-in app reads the whole body into memory, as Astro's form and JSON parsing do.
  writeFileSync(
    entry,
    `export const handler = async (req, res) => {
    if (req.url === '/stats') return res.end(JSON.stringify(globalThis.serverStats()));
    globalThis.handled = (globalThis.handled ?? 0) + 1;
    const chunks = [];
    if (req.body) chunks.push(req.body); else for await (const c of req) chunks.push(c);
    res.end('ok ' + Buffer.concat(chunks).length);
  };\n`,
  );
  const main = join(dir, 'main.ts');
  writeFileSync(
    main,
    `import { serveBuiltApp } from ${JSON.stringify(resolve('src/platform/http/server.ts'))};
    const sockets = new Set();
    let closedBytes = 0;
    globalThis.serverStats = () => ({ bytesRead: closedBytes + [...sockets].reduce((n, s) => n + s.bytesRead, 0), rss: process.memoryUsage().rss, handled: globalThis.handled ?? 0 });
    const server = await serveBuiltApp(${JSON.stringify(entry)}, '127.0.0.1', ${port}, { maxActive: 4, maxQueued: 10, maxWaitMs: 5000 });
    server.on('connection', (s) => { sockets.add(s); s.on('close', () => { closedBytes += s.bytesRead; sockets.delete(s); }); });
    console.log('ready');\n`,
  );
  child = spawn(process.execPath, [main], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  await new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
});
afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Stream up to `total` bytes to `path` (1 MB at a time, as fast as the server takes them) and stop as soon as an
 * answer arrives, as a client does. `contentLength` false sends chunked; a number sends that header (true or not).
 */
function upload(
  path: string,
  total: number,
  contentLength: number | false,
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((ok, fail) => {
    const chunk = Buffer.alloc(MB, 'a');
    let sent = 0;
    let answered = false;
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers:
        contentLength === false ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(contentLength) },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d) => (body += d))
        .on('end', () => {
          ok({ status: res.statusCode!, body, sent });
          req.destroy();
        });
    });
    req.on('error', (e) => !answered && fail(e));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request-body limits', () => {
  it('a 300 MB POST with its Content-Length gets a Chinese 413 at once, reading next to nothing', async () => {
    const before = await stats();
    const answer = await upload('/learn', 300 * MB, 300 * MB);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('提交的内容过大');
    const after = await stats();
    console.info(
      `[body-limits] 300 MB with Content-Length: read ${after.bytesRead - before.bytesRead} bytes, rss ${((after.rss - before.rss) / MB).toFixed(1)} MB`,
    );
    expect(after.bytesRead - before.bytesRead).toBeLessThan(4 * MB);
    expect(after.rss - before.rss).toBeLessThan(16 * MB);
    expect(after.handled).toBe(before.handled); // the app never saw it
  });

  it('a 300 MB chunked POST (no Content-Length) is cut off at the limit, with a 413 too', async () => {
    const before = await stats();
    const answer = await upload('/_actions/saveAnswers', 300 * MB, false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'AstroActionError', code: 'CONTENT_TOO_LARGE', status: 413 });
    expect(JSON.parse(answer.body).message).toContain('超过 1 MB');
    const after = await stats();
    console.info(
      `[body-limits] 300 MB chunked: read ${after.bytesRead - before.bytesRead} bytes, rss ${((after.rss - before.rss) / MB).toFixed(1)} MB`,
    );
    expect(after.bytesRead - before.bytesRead).toBeLessThan(defaultBodyLimit.bytes + 3 * MB);
    expect(after.rss - before.rss).toBeLessThan(16 * MB);
    expect(after.handled).toBe(before.handled);
  });

  it('a Content-Length that understates the body cannot smuggle more in', async () => {
    const answer = await upload('/learn', 300 * MB, 1000).catch((e: Error) => ({
      status: 0,
      body: e.message,
      sent: 0,
    }));
    // Node reads exactly the declared bytes as the body and refuses the rest as a malformed next request.
    expect(answer.status === 0 || answer.status === 400 || answer.body === 'ok 1000').toBe(true);
    expect((await stats()).bytesRead).toBeLessThan(40 * MB);
  });

  it('uploads have their own limits; bodies within a limit arrive whole, chunked or not', async () => {
    expect(bodyLimitFor('POST', '/api/voice/recordings').bytes).toBeGreaterThan(maxRecordingBytes);
    expect(bodyLimitFor('POST', '/trainer/listening?x=1').bytes).toBeGreaterThan(maxCallRecordingBytes);
    expect(bodyLimitFor('GET', '/trainer/listening').bytes).toBe(defaultBodyLimit.bytes);
    expect(await upload('/api/voice/recordings', 10 * MB, 10 * MB)).toMatchObject({
      status: 200,
      body: `ok ${10 * MB}`,
    });
    expect(await upload('/api/voice/recordings', 10 * MB, false)).toMatchObject({ status: 200, body: `ok ${10 * MB}` });
    const voice = await upload('/api/voice/recordings', 300 * MB, false);
    expect(voice.status).toBe(413);
    expect(JSON.parse(voice.body).message).toContain('超过 10 MB');
    const call = await upload('/trainer/listening', 300 * MB, 300 * MB);
    expect(call.status).toBe(413);
    expect(call.body).toContain('超过 20 MB');
    expect(await upload('/trainer/listening', 20 * MB, 20 * MB)).toMatchObject({ status: 200, body: `ok ${20 * MB}` });
    expect(await upload('/learn', 1 * MB, 1 * MB)).toMatchObject({ status: 200 });
    expect((await upload('/learn', 2 * MB, 2 * MB)).status).toBe(413);
  });
});
