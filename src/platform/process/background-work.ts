// Per-process background work (sweeps, schedulers, senders): every job of a list started once per app process,
// each switchable off per process, one log line a job. The app's list is src/background-jobs.ts; the middleware
// starts it on the process's first request that is not prerendered, so nothing runs while the build prerenders.

export interface BackgroundJob {
  /** The job's name in the log. */
  name: string;
  /** The environment variable that, set to `off`, keeps this process from running the job (others may still). */
  offSwitch?: string;
  /**
   * Start the job in this process. Returns what the log line says about it (its schedule, its target), or `null`
   * when its settings leave it off (not configured, or invalid: the job itself logs why).
   */
  start(): string | null;
}

const started = new WeakSet<readonly BackgroundJob[]>();

/**
 * Start every job of `jobs` once per process (later calls with the same list do nothing); a job that throws is
 * logged and the others still start. Returns the names of the jobs started by this call.
 */
export function startBackgroundWork(
  jobs: readonly BackgroundJob[],
  env: Record<string, string | undefined> = process.env,
): string[] {
  if (started.has(jobs)) return [];
  started.add(jobs);
  const running: string[] = [];
  for (const job of jobs) {
    if (job.offSwitch && env[job.offSwitch] === 'off') {
      console.log(`[background] ${job.name}: off in this process (${job.offSwitch}=off)`);
      continue;
    }
    try {
      const detail = job.start();
      if (detail === null) continue;
      running.push(job.name);
      console.log(`[background] ${job.name}: started${detail ? ` (${detail})` : ''}`);
    } catch (error) {
      console.error(`[background] ${job.name}: not started: ${(error as Error).message}`);
    }
  }
  return running;
}
