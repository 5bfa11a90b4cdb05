import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { appErrors } from '../lib/errors.ts';
import { progressBatchSchema } from '../schemas/progress.ts';
import { responsesSchema } from '../schemas/response.ts';
import { afterAchievement } from '../server/achievements.ts';
import { appAdmin } from '../server/app-admin.ts';
import { recordProgress } from '../server/progress.ts';
import { actionCalls } from '../server/rate-limits.ts';
import { appAttemptContextForAttempt } from '../server/attempt-context.ts';
import { toActionError } from '../server/attempt-errors.ts';
import { saveResponses, submitAttempt } from '../server/attempts.ts';

/** The signed-in user, within their per-minute budget of action calls. */
function signedIn(context: ActionAPIContext) {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: appErrors.SignInRequired.message });
  if (!actionCalls.hit(user.id, Date.now()).allowed) {
    console.warn(`[actions] rate limit reached for ${user.id}`);
    throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: appErrors.TooManyRequests.message });
  }
  return user;
}

// Input validation messages reach users through the islands: in Chinese.
z.config(z.locales.zhCN());

const attemptId = z.string().regex(/^[a-z0-9]{15}$/);

export const server = {
  /** Autosave the answers of an open attempt (debounced by the quiz page). */
  saveAnswers: defineAction({
    input: z.object({ attemptId, responses: responsesSchema }),
    handler: async ({ attemptId, responses }, context) => {
      const user = signedIn(context);
      try {
        return await saveResponses(await appAttemptContextForAttempt(user, attemptId), user.id, attemptId, responses);
      } catch (error) {
        throw toActionError(error, 'saveAnswers');
      }
    },
  }),
  /** Submit and grade; returns where the result can be read. Submitting twice is harmless. */
  submitAttempt: defineAction({
    input: z.object({ attemptId, responses: responsesSchema.optional() }),
    handler: async ({ attemptId, responses }, context) => {
      const user = signedIn(context);
      try {
        const result = await submitAttempt(await appAttemptContextForAttempt(user, attemptId), user.id, attemptId, responses);
        return { attemptId: result.attemptId, passed: result.passed, percent: result.percent, resultUrl: `/learn/attempts/${result.attemptId}` };
      } catch (error) {
        throw toActionError(error, 'submitAttempt');
      }
    },
  }),
  /** Lesson progress events (queued in the browser while offline); retries are harmless. */
  recordProgress: defineAction({
    input: progressBatchSchema,
    handler: async ({ events }, context) => {
      const user = signedIn(context);
      try {
        const admin = await appAdmin();
        const now = new Date();
        const result = await recordProgress(admin, user.id, events, now);
        // Heartbeats only add time; module status and certificates change when a lesson starts or completes.
        const changed = [...result.startedLessons, ...result.completedLessons];
        if (changed.length) await afterAchievement(admin, user.id, { modules: changed.map((l) => l.split('/')[0]!) }, now);
        return { applied: result.applied, duplicates: result.duplicates, completedLessons: result.completedLessons };
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('Unknown lesson')) {
          console.warn(`[recordProgress] ${error.message}`);
          throw new ActionError({ code: 'BAD_REQUEST', message: '学习记录中包含不存在的课程，请刷新页面后重试。' });
        }
        console.error('[recordProgress] failed:', error);
        throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: appErrors.BackendUnavailable.message });
      }
    },
  }),
};
