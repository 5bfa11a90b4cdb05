import { ActionError } from 'astro:actions';
import { AppError } from './app-error.ts';
import { BackendUnavailable } from './errors-data.ts';

/**
 * Anything an action's work throws, as an `ActionError` the islands can show: an {@link AppError} keeps its Chinese
 * message and gets the code of its HTTP status (logged as a warning with the English cause); an `ActionError` passes
 * through; anything else is logged in full and answered as {@link BackendUnavailable} (503).
 */
export function toActionError(error: unknown, where: string): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof AppError) {
    console.warn(`[${where}] ${error.name}: ${error.log}`);
    return new ActionError({ code: ActionError.statusToCode(error.status), message: error.message });
  }
  console.error(`[${where}] unexpected failure:`, error);
  return new ActionError({
    code: ActionError.statusToCode(BackendUnavailable.status),
    message: BackendUnavailable.message,
  });
}
