import { defineMiddleware } from 'astro:middleware';
import { accessFor } from './domain/identity/access.ts';
import { appErrors } from './platform/errors/index.ts';
import { appEnv } from './platform/process/app-env.ts';
import { appAdmin, onFirstAdminSignIn } from './platform/pocketbase/app-admin.ts';
import { pocketBaseClient } from './platform/pocketbase/client.ts';
import { syncPrograms } from './domain/certification/program-sync.ts';
import { server } from './actions/index.ts';
import { startBackgroundWork } from './platform/process/background-work.ts';
import { backgroundJobs } from './background-jobs.ts';
import { actionCalls } from './platform/http/rate-limits.ts';
import { authCookieName, clearAuthCookie, restoreSession, writeAuthCookie } from './domain/identity/session.ts';

/**
 * Astro answers an action call whose JSON body does not parse with a bare 500; answer it as the bad request it is,
 * in the shape the action client understands.
 */
async function refuseMalformedActionBody(request: Request): Promise<Response | null> {
  if (request.method !== 'POST' || !request.headers.get('content-type')?.includes('application/json')) return null;
  const body = await request.clone().text();
  if (!body) return null;
  try {
    JSON.parse(body);
    return null;
  } catch {
    console.warn(`[actions] malformed JSON body for ${new URL(request.url).pathname}`);
    return Response.json(
      { type: 'AstroActionError', code: 'BAD_REQUEST', status: 400, message: appErrors.MalformedRequest.message },
      { status: 400 },
    );
  }
}

// Once per process: content/certifications → the programs collection the HR views read.
onFirstAdminSignIn(syncPrograms);

/** One PocketBase client per request, signed in from the auth cookie; role gates for /learn, /trainer, /hr. */
export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  // Once per process, on its first request (the start-up health check; never while the build prerenders): the
  // follow-up sweep, reminders, the xAPI sender (src/background-jobs.ts).
  startBackgroundWork(backgroundJobs);
  const pb = pocketBaseClient(appEnv().PB_URL);
  context.locals.pb = pb;
  context.locals.admin = appAdmin;
  context.locals.user = null;
  context.locals.backendDown = false;

  const token = context.cookies.get(authCookieName)?.value;
  // An action call (JSON or form) is counted against the user's action budget with the session check: one round trip.
  const actionCall =
    context.url.pathname.startsWith('/_actions/') ||
    (context.request.method === 'POST' && context.url.searchParams.has('_action'));
  if (token) {
    const session = await restoreSession(pb, token, { budget: actionCall ? actionCalls : undefined });
    if (session.user) {
      context.locals.user = session.user;
      if (session.budget !== undefined) context.locals.actionBudget = session.budget;
      // Renewed only in the second half of the token's life (see needsRenewal): writing the cookie on every
      // response would let a background request still in flight sign the user back in after they sign out.
      if (session.renewed) writeAuthCookie(context.cookies, session.renewed, context.url.protocol === 'https:');
    } else if (session.backendDown) {
      context.locals.backendDown = true;
    } else {
      clearAuthCookie(context.cookies);
    }
  }

  if (context.url.pathname.startsWith('/_actions/')) {
    const refusal = await refuseMalformedActionBody(context.request);
    if (refusal) return refusal;
  }
  // A form post naming no action of the app (?_action=%, ?_action=constructor…) can make Astro fail with a 500 while
  // looking it up: answer the bad request it is.
  const formAction = context.url.searchParams.get('_action');
  if (context.request.method === 'POST' && formAction !== null && !Object.hasOwn(server, formAction)) {
    console.warn(`[actions] unknown form action name on ${context.url.pathname}`);
    return new Response(`${appErrors.UnknownFormAction.title}：${appErrors.UnknownFormAction.message}`, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }

  const access = accessFor(context.url.pathname, context.locals.user?.role ?? null);
  if (access !== 'allow' && context.locals.backendDown) return context.rewrite('/503');
  if (access === 'signin')
    return context.redirect(`/signin?next=${encodeURIComponent(context.url.pathname + context.url.search)}`);
  if (access === 'forbidden') return context.rewrite('/403');
  return next();
});
