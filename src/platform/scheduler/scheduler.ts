import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type PocketBase from 'pocketbase';
import { acquireLease, releaseLease } from './lease.ts';

export interface LeasedJobOptions {
  /** Lease name; one process at a time runs the job of this name. */
  name: string;
  /** croner pattern (seconds allowed), e.g. '0 * * * * *' for every minute. */
  pattern: string;
  /** How long a run may take before another process may take over (default 5 minutes). */
  ttlMs?: number;
  /** The admin client (asked again before each run: it signs in lazily). */
  admin: () => Promise<PocketBase>;
  /** The work; called only while this process holds the lease. */
  run: (admin: PocketBase, now: Date) => Promise<void>;
  /** The clock (tests inject one). */
  clock?: () => Date;
  /** A name for this process in the lease row (default host:pid:random). */
  holder?: string;
}

export interface LeasedJob {
  /** Runs once now if the lease can be had; resolves to whether it ran. */
  tick(): Promise<boolean>;
  /** Stops the timer and gives the lease up. */
  stop(): Promise<void>;
  holder: string;
}

/** A unique name for this process in lease rows. */
export function processHolderName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * A periodic job that runs in exactly one app process at a time: every tick (croner, never overlapping in one
 * process) first takes or renews the PocketBase lease, and runs only when it holds it.
 */
export function leasedJob(options: LeasedJobOptions, startTimer = true): LeasedJob {
  const ttlMs = options.ttlMs ?? 300_000;
  const clock = options.clock ?? (() => new Date());
  const holder = options.holder ?? processHolderName();
  const tick = async () => {
    const admin = await options.admin();
    const now = clock();
    if (!(await acquireLease(admin, options.name, holder, ttlMs, now.getTime()))) return false;
    await options.run(admin, now);
    return true;
  };
  const cron = startTimer
    ? new Cron(
        options.pattern,
        { protect: true, catch: (e) => console.error(`[scheduler] ${options.name}: ${e}`) },
        async () => void (await tick()),
      )
    : null;
  return {
    holder,
    tick,
    async stop() {
      cron?.stop();
      try {
        await releaseLease(await options.admin(), options.name, holder);
      } catch (e) {
        console.warn(`[scheduler] ${options.name}: could not release the lease: ${(e as Error).message}`);
      }
    },
  };
}
