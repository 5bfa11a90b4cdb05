import { describe, expect, it } from 'vitest';
import { expiringCache } from '../../src/platform/util/expiring-cache.ts';

describe('expiringCache', () => {
  it('returns a value until its time is up, then forgets it', () => {
    const cache = expiringCache<string>({ ttlMs: 1000, maxEntries: 10 });
    cache.set('a', 'x', 5000);
    expect(cache.get('a', 5000)).toBe('x');
    expect(cache.get('a', 5999)).toBe('x');
    expect(cache.get('a', 6000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('setting again restarts the clock', () => {
    const cache = expiringCache<number>({ ttlMs: 1000, maxEntries: 10 });
    cache.set('a', 1, 0);
    cache.set('a', 2, 900);
    expect(cache.get('a', 1500)).toBe(2);
  });

  it('drops the oldest entries beyond the bound', () => {
    const cache = expiringCache<number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('a', 3, 1); // refreshed: now the newest
    cache.set('c', 4, 2);
    expect(cache.get('b', 3)).toBeUndefined();
    expect(cache.get('a', 3)).toBe(3);
    expect(cache.get('c', 3)).toBe(4);
  });

  it('delete forgets at once', () => {
    const cache = expiringCache<number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.delete('a');
    expect(cache.get('a', 1)).toBeUndefined();
  });
});
