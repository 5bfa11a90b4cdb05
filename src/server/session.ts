import type { AstroCookies } from 'astro';
import PocketBase, { ClientResponseError, getTokenPayload } from 'pocketbase';
import { staffUserSchema, type StaffUser } from '../schemas/user.ts';

/** httpOnly cookie holding the user's PocketBase auth token. */
export const authCookieName = 'ha_auth';
/** PocketBase 0.22 issues auth tokens for 14 days by default; the cookie lives as long. */
const tokenLifetimeSeconds = 14 * 24 * 60 * 60;

export function writeAuthCookie(cookies: AstroCookies, token: string, secure: boolean) {
  cookies.set(authCookieName, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: tokenLifetimeSeconds });
}

/** True when a token has used up half of its lifetime (or cannot be read), so the cookie should be renewed. */
export function needsRenewal(token: string, now = Date.now()): boolean {
  const exp = Number(getTokenPayload(token).exp);
  return !exp || exp * 1000 - now < (tokenLifetimeSeconds * 1000) / 2;
}

export function clearAuthCookie(cookies: AstroCookies) {
  cookies.delete(authCookieName, { path: '/' });
}

export type SessionResult = { user: StaffUser } | { user: null; backendDown: boolean };

/**
 * Restore the user behind a token: expired tokens are rejected locally, forged or revoked ones by
 * PocketBase (authRefresh verifies the signature and that the account still exists).
 */
export async function restoreSession(pb: PocketBase, token: string): Promise<SessionResult> {
  pb.authStore.save(token, null);
  if (!pb.authStore.isValid) {
    pb.authStore.clear();
    return { user: null, backendDown: false };
  }
  try {
    const { record } = await pb.collection('users').authRefresh({ requestKey: null });
    return { user: staffUserSchema.parse(record) };
  } catch (error) {
    pb.authStore.clear();
    const backendDown = error instanceof ClientResponseError && error.status === 0;
    if (backendDown) console.error(`[session] PocketBase unreachable during authRefresh: ${error.message}`);
    return { user: null, backendDown };
  }
}
