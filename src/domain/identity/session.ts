import type { AstroCookies } from 'astro';
import type PocketBase from 'pocketbase';
import { ClientResponseError, getTokenPayload } from 'pocketbase';
import type { StaffUser } from './schema.ts';
import { checkSession, type BudgetAnswer } from './repo.ts';
import { limitStep, type SharedLimit } from '../../platform/http/rate-limits.ts';

/** httpOnly cookie holding the user's PocketBase auth token. */
export const authCookieName = 'ha_auth';
/** PocketBase 0.22 issues auth tokens for 14 days by default; the cookie lives as long. */
const tokenLifetimeSeconds = 14 * 24 * 60 * 60;

// Every request asks PocketBase whether its token is still good (checkSession, as an auth-refresh would). A
// 30-second cache of confirmed tokens used to save that round trip, but it lives in one process: after a sign-out
// another app process (or this one, for requests already in flight) would have kept accepting the old cookie. No
// cache, no such window.

export function writeAuthCookie(cookies: AstroCookies, token: string, secure: boolean) {
  cookies.set(authCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: tokenLifetimeSeconds,
  });
}

/** True when a token has used up half of its lifetime (or cannot be read), so the cookie should be renewed. */
export function needsRenewal(token: string, now = Date.now()): boolean {
  const exp = Number(getTokenPayload(token).exp);
  return !exp || exp * 1000 - now < (tokenLifetimeSeconds * 1000) / 2;
}

/** Forget the auth cookie in this browser. Signing out also needs endSessions, which kills the token itself. */
export function clearAuthCookie(cookies: AstroCookies) {
  cookies.delete(authCookieName, { path: '/' });
}

/**
 * End every session of a user, on every device: PocketBase gives the account a new token key (hook route in
 * src/db/hooks/sessions.pb.js), so it refuses every token issued before — the app's cookies and any copy of the
 * token used against PocketBase directly. PocketBase 0.22 signs all of an account's tokens with that one key, so
 * there is no way to end a single device's session alone.
 */
export async function endSessions(admin: PocketBase, userId: string): Promise<void> {
  await admin.send(`/api/academy/users/${encodeURIComponent(userId)}/end-sessions`, {
    method: 'POST',
    requestKey: null,
  });
}

/**
 * `renewed`: the fresh token to put in the cookie when the old one was due for renewal. `budget`: the answer of the
 * budget counted with the check (null: it could not be counted), absent when none was asked for.
 */
export type SessionResult =
  { user: StaffUser; renewed: string | null; budget?: BudgetAnswer | null } | { user: null; backendDown: boolean };

/**
 * Restore the user behind a token: expired tokens are rejected locally, forged or revoked ones by PocketBase
 * (it verifies the signature with the account's current token key and that the account still exists), on every
 * request. A token due for renewal comes back with the new one PocketBase issued. With `budget` (an action call),
 * the call is counted against the account's limit in the same round trip (src/platform/http/rate-limits.ts).
 */
export async function restoreSession(
  pb: PocketBase,
  token: string,
  options: { now?: number; budget?: SharedLimit } = {},
): Promise<SessionResult> {
  const now = options.now ?? Date.now();
  pb.authStore.save(token, null);
  if (!pb.authStore.isValid) {
    pb.authStore.clear();
    return { user: null, backendDown: false };
  }
  const renew = needsRenewal(token, now);
  // Counted under the id the token claims; PocketBase checks it is the account the token proves (or refuses it).
  const subject = String(getTokenPayload(token).id ?? '');
  const budget = options.budget ? { ...limitStep(options.budget, subject), now, subject } : undefined;
  try {
    const session = await checkSession(pb, { renew, budget });
    return { user: session.user, renewed: renew ? session.token : null, ...(budget ? { budget: session.budget } : {}) };
  } catch (error) {
    pb.authStore.clear();
    const backendDown = error instanceof ClientResponseError && error.status === 0;
    if (backendDown) console.error(`[session] PocketBase unreachable during the session check: ${error.message}`);
    return { user: null, backendDown };
  }
}
