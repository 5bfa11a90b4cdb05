/**
 * A bounded map whose entries expire `ttlMs` after they were set. When full, the oldest entry goes first
 * (Map keeps insertion order). The clock is a parameter so the rules can be tested without waiting.
 */
export function expiringCache<V>({ ttlMs, maxEntries }: { ttlMs: number; maxEntries: number }) {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key: string, now: number): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key: string, value: V, now: number): void {
      entries.delete(key);
      entries.set(key, { value, until: now + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(key: string): void {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
