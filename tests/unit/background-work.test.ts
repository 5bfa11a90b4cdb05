// Per-process background work (src/platform/process/background-work.ts): each job of a list starts once per
// process, a job's off switch keeps it out, a job that is not configured or throws does not stop the others, and
// every started job has one log line. Also: the app's list names every job the middleware used to start by hand.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBackgroundWork, type BackgroundJob } from '../../src/platform/process/background-work.ts';

afterEach(() => vi.restoreAllMocks());

function job(name: string, result: string | null | Error, offSwitch?: string) {
  const start = vi.fn(() => {
    if (result instanceof Error) throw result;
    return result;
  });
  return { name, offSwitch, start } satisfies BackgroundJob;
}

describe('startBackgroundWork', () => {
  it('starts every job of a list once, however often it is called, with one log line per started job', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const jobs = [job('sweeper', 'every 2000 ms'), job('sender', '')];
    expect(startBackgroundWork(jobs, {})).toEqual(['sweeper', 'sender']);
    expect(startBackgroundWork(jobs, {})).toEqual([]);
    for (const j of jobs) expect(j.start).toHaveBeenCalledTimes(1);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      '[background] sweeper: started (every 2000 ms)',
      '[background] sender: started',
    ]);
  });

  it('keeps a job out when its off switch is off, and only then', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const off = job('scheduler', 'cron', 'NOTIFY_SCHEDULER');
    expect(startBackgroundWork([off], { NOTIFY_SCHEDULER: 'off' })).toEqual([]);
    expect(off.start).not.toHaveBeenCalled();
    const on = job('scheduler', 'cron', 'NOTIFY_SCHEDULER');
    expect(startBackgroundWork([on], { NOTIFY_SCHEDULER: 'on' })).toEqual(['scheduler']);
  });

  it('goes on past a job that is not configured or throws, and logs the failure', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const jobs = [job('unset', null), job('broken', new Error('bad cron')), job('fine', 'ok')];
    expect(startBackgroundWork(jobs, {})).toEqual(['fine']);
    expect(error).toHaveBeenCalledWith('[background] broken: not started: bad cron');
  });
});

describe('the app process list (src/background-jobs.ts)', () => {
  it('names the follow-up sweeper, the notification scheduler (NOTIFY_SCHEDULER) and the xAPI sender', async () => {
    const { backgroundJobs } = await import('../../src/background-jobs.ts');
    expect(backgroundJobs.map((j) => [j.name, j.offSwitch])).toEqual([
      ['follow-up sweeper', undefined],
      ['notification scheduler', 'NOTIFY_SCHEDULER'],
      ['xAPI statement sender', undefined],
    ]);
  });
});
