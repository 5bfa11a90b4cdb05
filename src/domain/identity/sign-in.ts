import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { AppErrorName } from '../../platform/errors/index.ts';
import { signInSchema } from './sign-in-schema.ts';
import type { StaffUser } from './schema.ts';
import { authWithPassword } from './repo.ts';
import { signInLimits } from '../../platform/http/rate-limits.ts';
import { counterKey, throttle } from '../../platform/pocketbase/throttle.ts';

export type SignInResult =
  | { ok: true; user: StaffUser; token: string; next: string | undefined }
  | { ok: false; error: AppErrorName; retryAfterMs: number };

/**
 * Sign-in throttling. A password check for an account is counted as a failure BEFORE PocketBase is asked, and given
 * back when the password was right: however many wrong passwords for one account arrive at once, in however many app
 * processes, no more reach PocketBase than its limits allow (the check and the count are one transaction). Keys,
 * from narrow to wide: account + address (a guesser is stopped without locking the colleagues behind the same office
 * address), the account from every address (a guesser with many addresses), and the address alone (many accounts
 * from one address). The address counts only failures already known: counting sign-ins still in flight would refuse
 * an office whose hundreds of agents sign in at once behind one address (bcrypt admits about 7 a second), and a
 * burst can only overshoot it by what admission control lets run at once.
 */
async function reserveAttempt(admin: PocketBase, account: string, address: string, now: number) {
  const pair = {
    key: counterKey('account+address', account, address),
    windowMs: signInLimits.accountAtAddress.windowMs,
  };
  const wide = { key: counterKey('account', account), windowMs: signInLimits.account.windowMs };
  const from = { key: counterKey('address', address), windowMs: signInLimits.address.windowMs };
  const verdict = await throttle(admin, now, {
    checks: [
      { ...pair, limit: signInLimits.accountAtAddress.limit },
      { ...wide, limit: signInLimits.account.limit },
      { ...from, limit: signInLimits.address.limit },
    ],
    hits: [pair, wide],
  });
  if (!verdict.allowed) return { allowed: false as const, retryAfterMs: verdict.retryAfterMs };
  return {
    allowed: true as const,
    /** The password was right: this check was no failure, and this account may start afresh from this address. */
    succeeded: () => throttle(admin, now, { resets: [pair.key], refunds: [wide] }),
    /** The password was wrong. */
    failed: () => throttle(admin, now, { hits: [from] }),
    /** The check never happened (PocketBase unreachable): give it back. */
    notChecked: () => throttle(admin, now, { refunds: [pair, wide] }),
  };
}

/**
 * Check a sign-in form with PocketBase, within the throttling above. `pb` is the request's anonymous client, `admin`
 * the server's admin client (for the counters; a promise is fine); `address` the client's network address. Logs
 * refusals; never throws, for a user's mistake or an unreachable PocketBase.
 */
export async function signIn(
  pb: PocketBase,
  admin: PocketBase | Promise<PocketBase>,
  form: Record<string, unknown>,
  address: string,
  now = Date.now(),
): Promise<SignInResult> {
  const input = signInSchema.safeParse(form);
  if (!input.success) return { ok: false, error: 'InvalidSignInInput', retryAfterMs: 0 };
  const account = input.data.email.trim().toLowerCase();
  let attempt: Awaited<ReturnType<typeof reserveAttempt>>;
  try {
    attempt = await reserveAttempt(await admin, account, address, now);
  } catch (e) {
    console.error(`[signin] throttle counters unavailable for ${account}: ${(e as Error).message}`);
    return { ok: false, error: 'BackendUnavailable', retryAfterMs: 0 };
  }
  if (!attempt.allowed) {
    console.warn(`[signin] throttled ${account} from ${address} for ${Math.ceil(attempt.retryAfterMs / 1000)} s`);
    return { ok: false, error: 'TooManySignIns', retryAfterMs: attempt.retryAfterMs };
  }
  try {
    const { user, token } = await authWithPassword(pb, input.data.email, input.data.password);
    await attempt
      .succeeded()
      .catch((e: Error) => console.error(`[signin] could not clear the counters of ${account}: ${e.message}`));
    return { ok: true, user, token, next: input.data.next };
  } catch (e) {
    if (e instanceof ClientResponseError && e.status === 400) {
      await attempt
        .failed()
        .catch((e: Error) => console.error(`[signin] could not count a failure from ${address}: ${e.message}`));
      return { ok: false, error: 'InvalidCredentials', retryAfterMs: 0 };
    }
    await attempt
      .notChecked()
      .catch((e: Error) => console.error(`[signin] could not give back the check of ${account}: ${e.message}`));
    console.error(`[signin] sign-in failed for ${account}: ${(e as Error).message}`);
    return { ok: false, error: 'BackendUnavailable', retryAfterMs: 0 };
  }
}
