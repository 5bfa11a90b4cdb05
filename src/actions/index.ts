import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import { appErrors } from '../lib/errors.ts';
import { responsesSchema } from '../schemas/response.ts';
import { appAttemptContext } from '../server/attempt-context.ts';
import { toActionError } from '../server/attempt-errors.ts';
import { saveResponses, submitAttempt } from '../server/attempts.ts';

function signedIn(context: ActionAPIContext) {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: appErrors.SignInRequired.message });
  return user;
}

const attemptId = z.string().regex(/^[a-z0-9]{15}$/);

export const server = {
  /** Autosave the answers of an open attempt (debounced by the quiz page). */
  saveAnswers: defineAction({
    input: z.object({ attemptId, responses: responsesSchema }),
    handler: async ({ attemptId, responses }, context) => {
      const user = signedIn(context);
      try {
        return await saveResponses(await appAttemptContext(), user.id, attemptId, responses);
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
        const result = await submitAttempt(await appAttemptContext(), user.id, attemptId, responses);
        return { attemptId: result.attemptId, passed: result.passed, percent: result.percent, resultUrl: `/learn/attempts/${result.attemptId}` };
      } catch (error) {
        throw toActionError(error, 'submitAttempt');
      }
    },
  }),
};
