import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/lib/rate-limit.ts';

describe('rate limiter', () => {
  it('allows up to the limit per window and says how long to wait', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 });
    expect([1, 2, 3].map(() => limiter.hit('a', 0).allowed)).toEqual([true, true, true]);
    expect(limiter.hit('a', 400)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(limiter.blocked('a', 500)).toEqual({ blocked: true, retryAfterMs: 500 });
    expect(limiter.hit('b', 400).allowed).toBe(true);
    expect(limiter.hit('a', 1000).allowed).toBe(true);
  });
  it('forgets a key on reset and prunes old windows when full', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 2 });
    limiter.hit('a', 0);
    limiter.hit('a', 0);
    limiter.reset('a');
    expect(limiter.hit('a', 0).allowed).toBe(true);
    limiter.hit('b', 0);
    limiter.hit('c', 5000); // prunes a and b
    expect(limiter.blocked('a', 5000).blocked).toBe(false);
  });
});
