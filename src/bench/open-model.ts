import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, summarize, type LoadResult } from '../platform/util/latency-stats.ts';
import type { TraineeSchedule } from './exam-day-schedule.ts';

export type ExamStep = 'start' | 'autosave' | 'submit';

export interface StepResult extends LoadResult {
  /** How late requests left the client compared with the schedule (a trainee waits for their previous step). */
  lagP95: number;
  /** Requests never sent because the trainee's start failed. */
  skipped: number;
  /** Requests still waiting for an answer, or not yet sent, when the replay stopped (counted in errors too). */
  unfinished: number;
  /** The first few error messages, to say what went wrong. */
  sampleErrors: string[];
}

export interface ExamSteps<S> {
  start(trainee: number, signal: AbortSignal): Promise<S>;
  autosave(session: S, signal: AbortSignal): Promise<void>;
  submit(session: S, signal: AbortSignal): Promise<void>;
}

/**
 * Replay the schedule: each trainee's requests go out at their scheduled times (or as soon as the trainee's
 * previous request has answered, if that is later). Latency is measured from sending to the answer. After
 * `stopAfterMs` the replay stops: what has not been answered by then counts as an unfinished error.
 */
export async function replayExamDay<S>(
  schedule: readonly TraineeSchedule[],
  steps: ExamSteps<S>,
  stopAfterMs = Infinity,
): Promise<Record<ExamStep, StepResult>> {
  const stats = { start: newStats(), autosave: newStats(), submit: newStats() };
  const t0 = performance.now();
  const stop = new AbortController();
  const stopTimer = Number.isFinite(stopAfterMs)
    ? setTimeout(() => stop.abort(new Error('the replay stopped')), stopAfterMs)
    : undefined;
  const timed = async <T>(step: ExamStep, at: number, run: () => Promise<T>): Promise<T | undefined> => {
    const wait = t0 + at - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    const failed = (message: string) => {
      stats[step].errors++;
      if (stats[step].messages.length < 3) stats[step].messages.push(message);
      return undefined;
    };
    if (stop.signal.aborted) {
      stats[step].unfinished++;
      return failed('not sent: the replay stopped');
    }
    const sent = performance.now();
    stats[step].lags.push(Math.max(0, sent - t0 - at));
    try {
      const result = await run();
      stats[step].latencies.push(performance.now() - sent);
      return result;
    } catch (error) {
      if (stop.signal.aborted) stats[step].unfinished++;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return failed(`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
    }
  };
  await Promise.all(
    schedule.map(async (s, trainee) => {
      const session = await timed('start', s.start, () => steps.start(trainee, stop.signal));
      if (session === undefined) {
        stats.autosave.skipped += s.autosaves.length;
        stats.submit.skipped++;
        return;
      }
      for (const at of s.autosaves) await timed('autosave', at, () => steps.autosave(session, stop.signal));
      await timed('submit', s.submit, () => steps.submit(session, stop.signal));
    }),
  );
  clearTimeout(stopTimer);
  const seconds = (performance.now() - t0) / 1000;
  const result = (s: ReturnType<typeof newStats>): StepResult => ({
    ...summarize(s.latencies, s.errors, seconds),
    lagP95: Math.round(percentile(s.lags, 95)),
    skipped: s.skipped,
    unfinished: s.unfinished,
    sampleErrors: s.messages,
  });
  return { start: result(stats.start), autosave: result(stats.autosave), submit: result(stats.submit) };
}

function newStats() {
  return {
    latencies: [] as number[],
    lags: [] as number[],
    errors: 0,
    skipped: 0,
    unfinished: 0,
    messages: [] as string[],
  };
}
