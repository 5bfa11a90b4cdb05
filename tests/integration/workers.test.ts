// `npm start`'s app server as several worker processes on one port (node:cluster): both workers answer, a killed
// worker is replaced while the other keeps answering, SIGHUP replaces every worker without a failed request,
// and SIGTERM stops them all.
import type { ChildProcess } from 'node:child_process';
import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../../src/platform/process/child-process.ts';
import { buildApp, startAppServer } from '../support/app-server.ts';

let primary: ChildProcess;
let url: string;
let output: () => string;

beforeAll(async () => {
  await buildApp();
  ({ url, child: primary, output } = await startAppServer({ APP_WORKERS: '2', APP_RETIRE_GRACE_MS: '20000' }));
  // Healthy as soon as one worker listens; the primary says when all do.
  await until(async () => (output().includes('worker processes') ? true : undefined), 60_000);
}, 300_000);
afterAll(async () => {
  if (primary) await stopChild(primary);
});

/** One request on a fresh connection (the primary hands each connection to the next worker); who answered. */
function health(agent: Agent | false = false): Promise<{ ok: boolean; worker?: number; connection?: string }> {
  return new Promise((resolve) => {
    get(`${url}/api/health`, { agent }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d) => (body += d))
        .on('end', () => {
          const ok = res.statusCode === 200;
          resolve(
            ok
              ? { ...(JSON.parse(body) as { ok: boolean; worker: number }), connection: res.headers.connection }
              : { ok: false },
          );
        });
    }).on('error', () => resolve({ ok: false }));
  });
}

async function workersSeen(requests: number): Promise<{ pids: Set<number>; failed: number }> {
  const pids = new Set<number>();
  let failed = 0;
  for (let i = 0; i < requests; i++) {
    const r = await health();
    if (r.ok && r.worker) pids.add(r.worker);
    else failed++;
  }
  return { pids, failed };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${timeoutMs} ms:\n${output()}`);
}

describe('app workers', () => {
  it('serves from two worker processes, none of them the primary', async () => {
    const { pids, failed } = await workersSeen(10);
    expect(failed).toBe(0);
    expect(pids.size).toBe(2);
    expect(pids.has(primary.pid!)).toBe(false);
    expect(output()).toContain('2 worker processes');
  });

  it('replaces a killed worker while the other keeps answering', async () => {
    const before = (await workersSeen(6)).pids;
    const [victim, survivor] = [...before];
    process.kill(victim!, 'SIGKILL');
    // Once the primary has seen the exit, every request succeeds while the new worker starts.
    await until(async () => (output().includes(`App worker ${victim} stopped`) ? true : undefined), 10_000);
    const during = await workersSeen(20);
    expect(during.failed).toBe(0);
    expect(during.pids.has(victim!)).toBe(false);
    expect(during.pids.has(survivor!)).toBe(true);
    const replaced = await until(async () => {
      const { pids } = await workersSeen(4);
      return pids.size === 2 ? pids : undefined;
    }, 30_000);
    expect(replaced.has(victim!)).toBe(false);
  });

  it('restarts every worker one at a time on SIGHUP without a failed request, kept-alive connections included', async () => {
    const before = (await workersSeen(6)).pids;
    // A client that keeps its connection, as nginx does with the app: it must never find it closed under a request.
    const keptAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await health(keptAlive);
    primary.kill('SIGHUP');
    let failed = 0;
    const closedBy = new Set<number>();
    await until(async () => {
      const [fresh, reused] = await Promise.all([health(), health(keptAlive)]);
      if (!fresh.ok) failed++;
      if (!reused.ok) failed++;
      // The retiring worker answers on the kept connection, saying it will close it; the next request gets a new one.
      if (reused.connection === 'close') closedBy.add(reused.worker!);
      return output().includes('All app workers restarted.') ? true : undefined;
    }, 60_000);
    keptAlive.destroy();
    expect(failed).toBe(0);
    expect(closedBy.has(first.worker!)).toBe(true);
    const after = (await workersSeen(6)).pids;
    expect(after.size).toBe(2);
    for (const pid of before) expect(after.has(pid)).toBe(false);
  }, 90_000);
});
