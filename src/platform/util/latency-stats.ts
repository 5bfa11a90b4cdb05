/** Percentile (nearest-rank) of latencies in ms; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarize(latencies: readonly number[], errors: number, seconds: number): LoadResult {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: latencies.length + errors,
    errors,
    seconds: round(seconds),
    perSecond: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
  };
}
