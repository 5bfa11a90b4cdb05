import { createHash } from 'node:crypto';
import type PocketBase from 'pocketbase';

export type ThrottleWindow = { key: string; windowMs: number };
export type ThrottleRequest = {
  checks?: (ThrottleWindow & { limit: number })[];
  hits?: ThrottleWindow[];
  refunds?: ThrottleWindow[];
  resets?: string[];
};

/**
 * One atomic step on the fixed-window counters PocketBase keeps for every app process (hook route in
 * src/db/hooks/throttle.pb.js): if a check's window is full nothing changes and the wait is returned; otherwise hits,
 * refunds and resets apply.
 */
export async function throttle(
  admin: PocketBase,
  now: number,
  request: ThrottleRequest,
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  return admin.send('/api/academy/throttle', { method: 'POST', body: { now, ...request }, requestKey: null });
}

/** Counter keys are hashes: the table holds no e-mail address, user id or network address in the clear. */
export const counterKey = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url');
