// The client address the throttles count by, on the built app: X-Forwarded-For is believed only from a configured
// proxy (APP_TRUSTED_PROXIES). Certificate look-ups are limited to 30 a minute per address (src/platform/http/rate-limits.ts).
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../../src/platform/process/child-process.ts';
import { buildApp, startAppServer } from '../support/app-server.ts';
import { verifyLookups } from '../../src/platform/http/rate-limits.ts';

const children: ChildProcess[] = [];

async function startApp(trustedProxies: string): Promise<string> {
  const app = await startAppServer({ APP_WORKERS: '1', APP_TRUSTED_PROXIES: trustedProxies });
  children.push(app.child);
  return app.url;
}

let direct: string;
let behindProxy: string;
beforeAll(async () => {
  await buildApp();
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
