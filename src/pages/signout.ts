import type { APIRoute } from 'astro';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { setFlash } from '../platform/http/flash.ts';
import { clearAuthCookie, endSessions } from '../domain/identity/session.ts';

/**
 * Sign out (POST only, so a link or image cannot sign someone out): PocketBase gives the account a new token key,
 * so this cookie, its token and the sessions on the user's other devices stop working at once (PocketBase 0.22
 * cannot end one device's session alone). The form field `scope=all` (「退出所有设备」) does the same and says so.
 */
export const POST: APIRoute = async ({ cookies, redirect, locals, request, url }) => {
  const user = locals.user;
  const secure = url.protocol === 'https:';
  const form = await request.formData().catch(() => null);
  const everywhere = form?.get('scope') === 'all';
  locals.pb?.authStore.clear();
  clearAuthCookie(cookies);
  if (!user) return redirect('/', 303);
  try {
    await endSessions(await appAdmin(), user.id);
    console.info(`[signout] ended all sessions of user ${user.id}${everywhere ? ' (all devices requested)' : ''}`);
    setFlash(cookies, everywhere ? 'signedOutEverywhere' : 'signedOut', secure);
  } catch (error) {
    console.error(`[signout] could not end the sessions of user ${user.id}: ${(error as Error).message}`);
    setFlash(cookies, 'signOutIncomplete', secure);
  }
  return redirect('/', 303);
};
