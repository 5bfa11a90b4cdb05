import { defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { toActionError } from '../platform/errors/action-error.ts';
import { AppError, SignInRequired, TooManyRequests } from '../platform/errors/index.ts';
import { practiceRequestSchema } from '../domain/progress/practice-schema.ts';
import { progressBatchSchema } from '../domain/progress/schema.ts';
import { responsesSchema } from '../domain/assessment/response-schema.ts';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { gradePracticeAnswer, lessonStatus } from '../domain/progress/service.ts';
import { answerPractice, reportStudy } from '../domain/progress/study-clock.ts';
import { actionCalls, hitLimit } from '../platform/http/rate-limits.ts';
import { appAttemptContextForAttempt } from '../domain/assessment/attempt-context.ts';
import { saveResponses, submitAttemptBrief } from '../domain/assessment/service.ts';

/** The signed-in user, within their per-minute budget of action calls (counted for all app processes together). */
async function signedIn(context: ActionAPIContext) {
  const user = context.locals.user;
  if (!user) throw toActionError(new AppError(SignInRequired), 'actions');
  if (!(await hitLimit(appAdmin(), actionCalls, user.id)).allowed)
    throw toActionError(new AppError(TooManyRequests, { log: [user.id] }), 'actions');
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
      const user = await signedIn(context);
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
      const user = await signedIn(context);
      try {
        const result = await submitAttemptBrief(
          await appAttemptContextForAttempt(user, attemptId),
          user.id,
          attemptId,
          responses,
        );
        return {
          attemptId: result.attemptId,
          passed: result.passed,
          percent: result.percent,
          resultUrl: `/learn/attempts/${result.attemptId}`,
        };
      } catch (error) {
        throw toActionError(error, 'submitAttempt');
      }
    },
  }),
  /**
   * Lesson progress events (queued in the browser while offline); retries are harmless. Heartbeats are claims:
   * the server credits them on its own clock. Returns the status of each lesson in the batch.
   */
  recordProgress: defineAction({
    input: progressBatchSchema,
    handler: async ({ events }, context) => {
      const user = await signedIn(context);
      try {
        const result = await reportStudy(await appAdmin(), user.id, events, new Date());
        return {
          applied: result.applied,
          duplicates: result.duplicates,
          credited: result.credited,
          completedLessons: result.completedLessons,
          lessons: result.lessons,
        };
      } catch (error) {
        throw toActionError(error, 'recordProgress');
      }
    },
  }),
  /** The signed-in learner's progress in one lesson (what the lesson page shows on arrival). */
  lessonStatus: defineAction({
    input: z.object({ lesson: z.string().regex(/^[a-z-]+\/[a-z0-9-]+$/) }),
    handler: async ({ lesson }, context) => {
      const user = await signedIn(context);
      try {
        return await lessonStatus(await appAdmin(), user.id, lesson);
      } catch (error) {
        throw toActionError(error, 'lessonStatus');
      }
    },
  }),
  /**
   * Grade a practice check on the server (its answers never reach the browser). For a signed-in learner the
   * result is recorded — the only way a check becomes passed; visitors get the grade and feedback only.
   */
  checkPractice: defineAction({
    input: practiceRequestSchema,
    handler: async ({ lesson, checkId, answer }, context) => {
      const user = context.locals.user;
      if (user) await signedIn(context);
      else if (!(await hitLimit(appAdmin(), actionCalls, `address:${context.clientAddress}`)).allowed) {
        throw toActionError(
          new AppError(TooManyRequests, { log: [`address ${context.clientAddress}`] }),
          'checkPractice',
        );
      }
      try {
        if (!user) return { grade: gradePracticeAnswer(lesson, checkId, answer).grade, passed: null, status: null };
        const outcome = await answerPractice(await appAdmin(), user.id, lesson, checkId, answer, new Date());
        return { grade: outcome.grade, passed: outcome.passed, status: outcome.status };
      } catch (error) {
        throw toActionError(error, 'checkPractice');
      }
    },
  }),
};
