import type { ActionAPIContext } from 'astro:actions';
import { toActionError } from '../platform/errors/action-error.ts';
import { AppError, Forbidden, SignInRequired, TooManyRequests } from '../platform/errors/index.ts';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { actionCalls, hitLimit, limitUnavailable } from '../platform/http/rate-limits.ts';

/**
 * This call's count against the user's action budget: made by the middleware with the session check (one round
 * trip), or here when the middleware did not count it.
 */
async function actionBudget(context: ActionAPIContext, userId: string) {
  const counted = context.locals.actionBudget;
  if (counted === undefined) return hitLimit(appAdmin(), actionCalls, userId);
  return counted ?? limitUnavailable(actionCalls, 'not counted with the session check');
}

/** The signed-in user, within their per-minute budget of action calls (counted for all app processes together). */
export async function signedIn(context: ActionAPIContext) {
  const user = context.locals.user;
  if (!user) throw toActionError(new AppError(SignInRequired), 'actions');
  if (!(await actionBudget(context, user.id)).allowed)
    throw toActionError(new AppError(TooManyRequests, { log: [user.id] }), 'actions');
  return user;
}

/** A signed-in trainer or HR member (the /trainer area's roles), within their action budget. */
export async function staffMember(context: ActionAPIContext, what: string) {
  const user = await signedIn(context);
  if (user.role !== 'trainer' && user.role !== 'hr')
    throw toActionError(new AppError(Forbidden, { log: [user.id, what] }), what);
  return user;
}
