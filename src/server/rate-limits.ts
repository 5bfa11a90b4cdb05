import { createRateLimiter } from '../lib/rate-limit.ts';

const minute = 60_000;

/**
 * Failed sign-ins in 15 minutes (policy in src/server/sign-in.ts; counters kept in PocketBase, so every app process
 * sees them): 5 per account from one address, 10 per account from all addresses together, and 500 per address — a
 * call centre signs in hundreds of agents from one office address, so that one is only a ceiling for someone trying
 * many accounts.
 */
export const signInLimits = {
  accountAtAddress: { limit: 5, windowMs: 15 * minute },
  account: { limit: 10, windowMs: 15 * minute },
  address: { limit: 500, windowMs: 15 * minute },
};

/** Public certificate look-ups per address: enough for people, useless for guessing codes. */
export const verifyLookups = createRateLimiter({ limit: 30, windowMs: minute });
/** Server actions per user (autosave, progress, submit): far above what the pages send. */
export const actionCalls = createRateLimiter({ limit: 300, windowMs: minute });
