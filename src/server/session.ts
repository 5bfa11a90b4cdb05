import type { AstroCookies } from 'astro';
import PocketBase, { ClientResponseError, getTokenPayload } from 'pocketbase';
import { expiringCache } from '../lib/expiring-cache.ts';
import { staffUserSchema, type StaffUser } from '../schemas/user.ts';

/** httpOnly cookie holding the user's PocketBase auth token. */
export const authCookieName = 'ha_auth';
/** PocketBase 0.22 issues auth tokens for 14 days by default; the cookie lives as long. */
const tokenLifetimeSeconds = 14 * 24 * 60 * 60;

/**
 * Tokens PocketBase confirmed in the last 30 seconds, with their user. Asking PocketBase on every request was one
 * round trip per page and action (a quarter of an autosave's cost). The price: a token PocketBase stops accepting
 * (account deleted, token key changed) and a changed role take up to 30 seconds to reach the app.
 */
export const sessionRecheckMs = 30_000;
const confirmed = expiringCache<StaffUser>({ ttlMs: sessionRecheckMs, maxEntries: 50_000 });

export function writeAuthCookie(cookies: AstroCookies, token: string, secure: boolean) {
  cookies.set(authCookieName, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: tokenLifetimeSeconds });
}

/** True when a token has used up half of its lifetime (or cannot be read), so the cookie should be renewed. */
export function needsRenewal(token: string, now = Date.now()): boolean {
  const exp = Number(getTokenPayload(token).exp);
  return !exp || exp * 1000 - now < (tokenLifetimeSeconds * 1000) / 2;
}

/** Sign out: forget the cookie, and the token's confirmation so it is checked with PocketBase again. */
export function clearAuthCookie(cookies: AstroCookies) {
  const token = cookies.get(authCookieName)?.value;
  if (token) confirmed.delete(token);
  cookies.delete(authCookieName, { path: '/' });
}

/** `renewed`: the fresh token to put in the cookie when the old one was due for renewal. */
export type SessionResult = { user: StaffUser; renewed: string | null } | { user: null; backendDown: boolean };

/**
 * Restore the user behind a token: expired tokens are rejected locally, forged or revoked ones by
 * PocketBase (authRefresh verifies the signature and that the account still exists). A token due for renewal
 * always goes to PocketBase, which issues the new one.
 */
export async function restoreSession(pb: PocketBase, token: string, now = Date.now()): Promise<SessionResult> {
  pb.authStore.save(token, null);
  if (!pb.authStore.isValid) {
    pb.authStore.clear();
    return { user: null, backendDown: false };
  }
  const renew = needsRenewal(token, now);
  const known = renew ? undefined : confirmed.get(token, now);
  if (known) {
    pb.authStore.save(token, known);
    return { user: known, renewed: null };
  }
  try {
    const { record, token: fresh } = await pb.collection('users').authRefresh({ requestKey: null });
    const user = staffUserSchema.parse(record);
    confirmed.set(token, user, now);
    return { user, renewed: renew ? fresh : null };
  } catch (error) {
    pb.authStore.clear();
    const backendDown = error instanceof ClientResponseError && error.status === 0;
    if (backendDown) console.error(`[session] PocketBase unreachable during authRefresh: ${error.message}`);
    return { user: null, backendDown };
  }
}
