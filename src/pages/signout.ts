import type { APIRoute } from 'astro';
import { clearAuthCookie } from '../server/session.ts';

/** Sign out: forget the auth cookie. POST only, so a link or image cannot sign someone out. */
export const POST: APIRoute = ({ cookies, redirect, locals }) => {
  locals.pb?.authStore.clear();
  clearAuthCookie(cookies);
  return redirect('/', 303);
};
