import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedBytes, cachedBytesSync, fixtureCacheDir, fixtureKey } from '../support/fixture-cache.ts';
import { renderSpeech } from '../support/synthetic-audio.ts';

describe('rendered test fixtures cached by content', () => {
  const inputs = { test: 'fixture-cache', nonce: `${process.pid}-${Date.now()}` };
  afterEach(() => {
    delete process.env.TEST_FIXTURE_CACHE;
    rmSync(join(fixtureCacheDir, fixtureKey('selftest', inputs)), { force: true });
  });

  it('computes once per content, and again for other content', async () => {
    let computed = 0;
    const compute = () => new Uint8Array([++computed, 2, 3]);
    expect([...cachedBytesSync('selftest', inputs, compute)]).toEqual([1, 2, 3]);
    expect(existsSync(join(fixtureCacheDir, fixtureKey('selftest', inputs)))).toBe(true);
    expect([...cachedBytesSync('selftest', inputs, compute)]).toEqual([1, 2, 3]);
    expect([...(await cachedBytes('selftest', inputs, async () => compute()))]).toEqual([1, 2, 3]);
    expect(computed).toBe(1);
    expect(fixtureKey('selftest', { ...inputs, nonce: 'other' })).not.toBe(fixtureKey('selftest', inputs));
    process.env.TEST_FIXTURE_CACHE = 'off';
    expect([...cachedBytesSync('selftest', inputs, compute)]).toEqual([2, 2, 3]);
  });

  it('gives back exactly the eSpeak rendering it stored', async () => {
    const options = { wpm: 160, pitch: 40 };
    await renderSpeech('您好，请问有什么可以帮您？', options); // stores it, unless an earlier run did
    const cached = await renderSpeech('您好，请问有什么可以帮您？', options); // read from the cache
    process.env.TEST_FIXTURE_CACHE = 'off';
    const fresh = await renderSpeech('您好，请问有什么可以帮您？', options);
    expect(cached.sampleRate).toBe(fresh.sampleRate);
    expect(cached.phonemes).toBe(fresh.phonemes);
    expect(cached.samples.length).toBeGreaterThan(10_000);
    expect(Buffer.from(cached.samples.buffer).equals(Buffer.from(fresh.samples.buffer))).toBe(true);
  }, 30_000);
});
