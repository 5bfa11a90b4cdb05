import type PocketBase from 'pocketbase';
import { counterKey, throttle, type ThrottleRequest } from '../pocketbase/throttle.ts';

const minute = 60_000;

/**
 * Failed sign-ins in 15 minutes (policy in src/domain/identity/sign-in.ts; counters kept in PocketBase, so every app process
 * sees them): 5 per account from one address, 10 per account from all addresses together, and 500 per address — a
 * call centre signs in hundreds of agents from one office address, so that one is only a ceiling for someone trying
 * many accounts.
 */
export const signInLimits = {
  accountAtAddress: { limit: 5, windowMs: 15 * minute },
  account: { limit: 10, windowMs: 15 * minute },
  address: { limit: 500, windowMs: 15 * minute },
};

/** A limit on events per key in a fixed window, counted in PocketBase for all app processes together. */
export interface SharedLimit {
  /** Names the counter (part of its key). */
  name: string;
  limit: number;
  windowMs: number;
}

/** Public certificate look-ups per address: enough for people, useless for guessing codes. */
export const verifyLookups: SharedLimit = { name: 'verify', limit: 30, windowMs: minute };
/** Server actions per user (autosave, progress, submit): far above what the pages send. */
export const actionCalls: SharedLimit = { name: 'actions', limit: 300, windowMs: minute };

/** The counter step of one event for `key` under `limit`: the check of its window and its count. */
export function limitStep(limit: SharedLimit, key: string): ThrottleRequest {
  const window = { key: counterKey('limit', limit.name, key), windowMs: limit.windowMs };
  return { checks: [{ ...window, limit: limit.limit }], hits: [window] };
}

/** What a limit answers when its counters could not be reached: let the event through, and say so in the log. */
export function limitUnavailable(limit: SharedLimit, why: string): { allowed: boolean; retryAfterMs: number } {
  console.error(`[rate-limits] counters unavailable for ${limit.name}: ${why}`);
  return { allowed: true, retryAfterMs: 0 };
}

/**
 * Count one event for `key` under `limit` unless its window is already full (then nothing is counted and the wait is
 * returned). The check and the count are one transaction in PocketBase (src/db/hooks/throttle.pb.js), so the limit
 * holds in total however many app processes the requests reach. If the counters cannot be reached the event is let
 * through (logged): PocketBase is then down and the request fails on its own anyway.
 */
export async function hitLimit(
  admin: PocketBase | Promise<PocketBase>,
  limit: SharedLimit,
  key: string,
  now = Date.now(),
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  try {
    return await throttle(await admin, now, limitStep(limit, key));
  } catch (error) {
    return limitUnavailable(limit, (error as Error).message);
  }
}
