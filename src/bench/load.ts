import { summarize, type LoadResult } from '../platform/util/latency-stats.ts';

/**
 * Closed-model load: `concurrency` workers, each sending `task(worker, i)` back to back, until `total`
 * tasks have run or `forMs` has passed. Latency is per task; a task that throws or returns false counts as an error.
 */
export async function runLoad(
  concurrency: number,
  total: number,
  task: (worker: number, i: number) => Promise<boolean>,
  forMs = Infinity,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const end = started + forMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total && performance.now() < end) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(worker, i).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  return summarize(latencies, errors, (performance.now() - started) / 1000);
}
