import PocketBase, { ClientResponseError } from 'pocketbase';
import type { AppErrorName } from '../lib/errors.ts';
import { signInSchema } from '../schemas/sign-in.ts';
import { staffUserSchema, type StaffUser } from '../schemas/user.ts';
import { signInLimits } from './rate-limits.ts';

export type SignInResult =
  | { ok: true; user: StaffUser; token: string; next: string | undefined }
  | { ok: false; error: AppErrorName; retryAfterMs: number };

/**
 * Sign-in throttling. A password check for an account is counted as a failure BEFORE PocketBase is asked, and given
 * back when the password was right: however many wrong passwords for one account arrive at once, no more reach
 * PocketBase than its limits allow (the check and the count happen in one synchronous step). Keys, from narrow to
 * wide: account + address (a guesser is stopped without locking the colleagues behind the same office address), the
 * account from every address (a guesser with many addresses), and the address alone (many accounts from one
 * address). The address counts only failures already known: counting sign-ins still in flight would refuse an office
 * whose hundreds of agents sign in at once behind one address (bcrypt admits about 7 a second), and a burst can only
 * overshoot it by what admission control lets run at once.
 */
function reserveAttempt(account: string, address: string, now: number) {
  const pairKey = `${account}\n${address}`;
  const blocked = [
    signInLimits.accountAtAddress.blocked(pairKey, now),
    signInLimits.account.blocked(account, now),
    signInLimits.address.blocked(address, now),
  ].filter((b) => b.blocked);
  if (blocked.length > 0) return { allowed: false as const, retryAfterMs: Math.max(...blocked.map((b) => b.retryAfterMs)) };
  signInLimits.accountAtAddress.hit(pairKey, now);
  signInLimits.account.hit(account, now);
  return {
    allowed: true as const,
    /** The password was right: this check was no failure, and this account may start afresh from this address. */
    succeeded() {
      signInLimits.accountAtAddress.reset(pairKey);
      signInLimits.account.refund(account, now);
    },
    /** The password was wrong. */
    failed() {
      signInLimits.address.hit(address, now);
    },
    /** The check never happened (PocketBase unreachable): give it back. */
    notChecked() {
      signInLimits.accountAtAddress.refund(pairKey, now);
      signInLimits.account.refund(account, now);
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
    if (e instanceof ClientResponseError && e.status === 400) {
      attempt.failed();
      return { ok: false, error: 'InvalidCredentials', retryAfterMs: 0 };
    }
    attempt.notChecked();
    console.error(`[signin] sign-in failed for ${account}: ${(e as Error).message}`);
    return { ok: false, error: 'BackendUnavailable', retryAfterMs: 0 };
  }
}
