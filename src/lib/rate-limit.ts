/**
 * Fixed-window counters kept in memory by the app server (PocketBase 0.22 has no rate limiter of its own).
 * `hit` counts an event for `key` and says whether it is still within `limit` per `windowMs`.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 50_000;
  const prune = (now: number) => {
    for (const [key, w] of windows) if (now - w.start >= options.windowMs) windows.delete(key);
  };
  return {
    /** Count one event now; `allowed` is false once the limit is exceeded, with the wait until the window resets. */
    hit(key: string, now: number): { allowed: boolean; retryAfterMs: number } {
      if (windows.size >= maxKeys) prune(now);
      let w = windows.get(key);
      if (!w || now - w.start >= options.windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return { allowed: w.count <= options.limit, retryAfterMs: w.count <= options.limit ? 0 : w.start + options.windowMs - now };
    },
    /** Whether `key` is over the limit now, without counting. */
    blocked(key: string, now: number): { blocked: boolean; retryAfterMs: number } {
      const w = windows.get(key);
      if (!w || now - w.start >= options.windowMs || w.count < options.limit) return { blocked: false, retryAfterMs: 0 };
      return { blocked: true, retryAfterMs: w.start + options.windowMs - now };
    },
    reset(key: string) {
      windows.delete(key);
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
