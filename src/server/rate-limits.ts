import { createRateLimiter } from '../lib/rate-limit.ts';

const minute = 60_000;

/** Failed sign-ins: 5 per account and 100 per address in 15 minutes (a call centre signs in from few addresses). */
export const signInFailuresByAccount = createRateLimiter({ limit: 5, windowMs: 15 * minute });
export const signInFailuresByAddress = createRateLimiter({ limit: 100, windowMs: 15 * minute });
/** Public certificate look-ups per address: enough for people, useless for guessing codes. */
export const verifyLookups = createRateLimiter({ limit: 30, windowMs: minute });
/** Server actions per user (autosave, progress, submit): far above what the pages send. */
export const actionCalls = createRateLimiter({ limit: 300, windowMs: minute });
