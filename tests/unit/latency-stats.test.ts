import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../src/platform/util/latency-stats.ts';

describe('latency statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
  it('summarises throughput over the measured time, errors excluded', () => {
    expect(summarize([10, 20, 30, 40], 1, 2)).toEqual({
      requests: 5,
      errors: 1,
      seconds: 2,
      perSecond: 2,
      p50: 20,
      p95: 40,
      p99: 40,
    });
  });
});
