// The client address the throttles count by, on the built app: X-Forwarded-For is believed only from a configured
// proxy (APP_TRUSTED_PROXIES). Certificate look-ups are limited to 30 a minute per address (src/platform/http/rate-limits.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../../src/platform/process/app-process.ts';
import { captureOutput, stopChild, waitUntilHealthy } from '../../src/platform/process/child-process.ts';
import { findFreePort, projectRoot } from '../../src/platform/pocketbase/process.ts';
import { verifyLookups } from '../../src/platform/http/rate-limits.ts';

const node = join(projectRoot, 'node_modules', 'node', 'bin', 'node');
const children: ChildProcess[] = [];

async function startApp(trustedProxies: string): Promise<string> {
  const port = await findFreePort();
  const child = spawn(node, [join(projectRoot, 'src', 'cli', 'serve.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_WORKERS: '1',
      APP_TRUSTED_PROXIES: trustedProxies,
      PB_URL: inject('pbUrl'),
      PB_ADMIN_EMAIL: inject('adminEmail'),
      PB_ADMIN_PASSWORD: inject('adminPassword'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(child, `${url}/api/health`, 'The app server', 60_000, captureOutput(child));
  return url;
}

let direct: string;
let behindProxy: string;
beforeAll(async () => {
  await buildSite({ node, onlyIfStale: true });
  [direct, behindProxy] = await Promise.all([startApp(''), startApp('127.0.0.1')]);
}, 300_000);
afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Statuses of `n` certificate look-ups, each with the X-Forwarded-For that `forwardedFor(i)` gives. */
async function lookups(url: string, n: number, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/verify/NOSUCHCODE${i}`, { headers: { 'x-forwarded-for': forwardedFor(i) } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe('client address for throttling', () => {
  const n = verifyLookups.limit + 1;

  it('cannot be chosen by the client when there is no trusted proxy: a new forged address per request is still limited', async () => {
    const statuses = await lookups(direct, n, () => randomAddress());
    expect(statuses).toContain(429);
  });

  it('is the forwarded address from a trusted proxy: different clients are counted apart', async () => {
    const statuses = await lookups(behindProxy, n, () => randomAddress());
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([404]));
  });

  it('from a trusted proxy, is the address the proxy appended, not what the client put before it', async () => {
    const client = randomAddress();
    const statuses = await lookups(behindProxy, n, () => `${randomAddress()}, ${client}`);
    expect(statuses.at(-1)).toBe(429);
  });
});
