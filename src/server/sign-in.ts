import PocketBase, { ClientResponseError } from 'pocketbase';
import type { AppErrorName } from '../lib/errors.ts';
import { signInSchema } from '../schemas/sign-in.ts';
import { staffUserSchema, type StaffUser } from '../schemas/user.ts';
import { signInLimits } from './rate-limits.ts';

export type SignInResult =
  | { ok: true; user: StaffUser; token: string; next: string | undefined }
  | { ok: false; error: AppErrorName; retryAfterMs: number };

/**
 * Sign-in throttling. Every password check is counted as a failure BEFORE PocketBase is asked, and given back
 * when the password was right: however many wrong passwords arrive at once, no more reach PocketBase than the
 * limits allow (the check and the count happen in one synchronous step). Keys, from narrow to wide:
 * account + address (a guesser is stopped without locking the colleagues behind the same office address),
 * the account from every address (a guesser with many addresses), the address alone (many accounts from one
 * address; far above what an office signs in).
 */
function reserveAttempt(account: string, address: string, now: number) {
  const keyed = [
    [signInLimits.accountAtAddress, `${account}\n${address}`],
    [signInLimits.account, account],
    [signInLimits.address, address],
  ] as const;
  const blocked = keyed.map(([limiter, key]) => limiter.blocked(key, now)).filter((b) => b.blocked);
  if (blocked.length > 0) return { allowed: false as const, retryAfterMs: Math.max(...blocked.map((b) => b.retryAfterMs)) };
  for (const [limiter, key] of keyed) limiter.hit(key, now);
  return {
    allowed: true as const,
    /** The password was right: this check was no failure, and this account may start afresh from this address. */
    succeeded() {
      signInLimits.accountAtAddress.reset(keyed[0][1]);
      signInLimits.account.refund(account, now);
      signInLimits.address.refund(address, now);
    },
    /** The check never happened (PocketBase unreachable): give it back. */
    notChecked() {
      for (const [limiter, key] of keyed) limiter.refund(key, now);
    },
  };
}

/**
 * Check a sign-in form with PocketBase, within the throttling above. `pb` is the request's anonymous client;
 * `address` the client's network address. Logs refusals; never throws for a user's mistake.
 */
export async function signIn(pb: PocketBase, form: Record<string, unknown>, address: string, now = Date.now()): Promise<SignInResult> {
  const input = signInSchema.safeParse(form);
  if (!input.success) return { ok: false, error: 'InvalidSignInInput', retryAfterMs: 0 };
  const account = input.data.email.trim().toLowerCase();
  const attempt = reserveAttempt(account, address, now);
  if (!attempt.allowed) {
    console.warn(`[signin] throttled ${account} from ${address} for ${Math.ceil(attempt.retryAfterMs / 1000)} s`);
    return { ok: false, error: 'TooManySignIns', retryAfterMs: attempt.retryAfterMs };
  }
  try {
    const { record, token } = await pb.collection('users').authWithPassword(input.data.email, input.data.password, { requestKey: null });
    const user = staffUserSchema.parse(record);
    attempt.succeeded();
    return { ok: true, user, token, next: input.data.next };
  } catch (e) {
    if (e instanceof ClientResponseError && e.status === 400) return { ok: false, error: 'InvalidCredentials', retryAfterMs: 0 };
    attempt.notChecked();
    console.error(`[signin] sign-in failed for ${account}: ${(e as Error).message}`);
    return { ok: false, error: 'BackendUnavailable', retryAfterMs: 0 };
  }
}
