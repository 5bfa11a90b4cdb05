import { ActionError, type ActionErrorCode } from 'astro:actions';
import { appErrors, type AppErrorName } from '../lib/errors.ts';
import { formatDateTime } from '../lib/format.ts';
import { AttemptError } from './attempts.ts';

const byCode: Record<AttemptError['code'], AppErrorName> = {
  'quiz-not-found': 'QuizNotFound',
  'attempt-not-found': 'AttemptNotFound',
  closed: 'AttemptClosed',
  'invalid-responses': 'InvalidResponses',
  'in-progress': 'AttemptInProgress',
  passed: 'AlreadyPassed',
  'no-attempts-left': 'NoAttemptsLeft',
  waiting: 'MustWait',
};

/** The Chinese message for an attempt refusal (with the time to wait until, where there is one). */
export function attemptErrorMessage(error: AttemptError): { name: AppErrorName; title: string; message: string; status: number } {
  const name = byCode[error.code];
  const entry = appErrors[name];
  let message: string = error.until ? `${entry.message}下次可参加的时间：${formatDateTime(error.until)}。` : entry.message;
  if (error.questionNo) message = `第 ${error.questionNo} 题：${message}`;
  return { name, title: entry.title, message, status: entry.status };
}

const statusToCode: Record<number, ActionErrorCode> = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

/** Turn anything an attempt operation throws into an ActionError with a Chinese message; log the cause. */
export function toActionError(error: unknown, where: string): ActionError {
  if (error instanceof AttemptError) {
    const { message, status } = attemptErrorMessage(error);
    console.warn(`[${where}] ${error.code}: ${error.message}`);
    return new ActionError({ code: statusToCode[status] ?? 'BAD_REQUEST', message });
  }
  console.error(`[${where}] unexpected failure:`, error);
  return new ActionError({ code: 'SERVICE_UNAVAILABLE', message: appErrors.BackendUnavailable.message });
}
