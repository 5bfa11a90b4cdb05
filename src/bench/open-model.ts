import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, summarize, type LoadResult } from '../lib/latency-stats.ts';
import type { TraineeSchedule } from './exam-day-schedule.ts';

export type ExamStep = 'start' | 'autosave' | 'submit';

export interface StepResult extends LoadResult {
  /** How late requests left the client compared with the schedule (a trainee waits for their previous step). */
  lagP95: number;
  /** Requests never sent because the trainee's start failed. */
  skipped: number;
  /** The first few error messages, to say what went wrong. */
  sampleErrors: string[];
}

export interface ExamSteps<S> {
  start(trainee: number): Promise<S>;
  autosave(session: S): Promise<void>;
  submit(session: S): Promise<void>;
}

/**
 * Replay the schedule: each trainee's requests go out at their scheduled times (or as soon as the trainee's
 * previous request has answered, if that is later). Latency is measured from sending to the answer.
 */
export async function replayExamDay<S>(schedule: readonly TraineeSchedule[], steps: ExamSteps<S>): Promise<Record<ExamStep, StepResult>> {
  const stats = { start: newStats(), autosave: newStats(), submit: newStats() };
  const t0 = performance.now();
  const timed = async <T>(step: ExamStep, at: number, run: () => Promise<T>): Promise<T | undefined> => {
    const wait = t0 + at - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    stats[step].lags.push(Math.max(0, sent - t0 - at));
    try {
      const result = await run();
      stats[step].latencies.push(performance.now() - sent);
      return result;
    } catch (error) {
      stats[step].errors++;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (stats[step].messages.length < 3) stats[step].messages.push(`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
      return undefined;
    }
  };
  await Promise.all(
    schedule.map(async (s, trainee) => {
      const session = await timed('start', s.start, () => steps.start(trainee));
      if (session === undefined) {
        stats.autosave.skipped += s.autosaves.length;
        stats.submit.skipped++;
        return;
      }
      for (const at of s.autosaves) await timed('autosave', at, () => steps.autosave(session));
      await timed('submit', s.submit, () => steps.submit(session));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const result = (s: ReturnType<typeof newStats>): StepResult => ({
    ...summarize(s.latencies, s.errors, seconds),
    lagP95: Math.round(percentile(s.lags, 95)),
    skipped: s.skipped,
    sampleErrors: s.messages,
  });
  return { start: result(stats.start), autosave: result(stats.autosave), submit: result(stats.submit) };
}

function newStats() {
  return { latencies: [] as number[], lags: [] as number[], errors: 0, skipped: 0, messages: [] as string[] };
}
