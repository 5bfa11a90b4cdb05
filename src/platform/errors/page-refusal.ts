import { AppError } from './app-error.ts';
import { BackendUnavailable } from './errors-data.ts';

/**
 * For a page's `catch`: the refusal to show (its Chinese `message`, its `status` for `Astro.response.status`),
 * logged as a warning with the English cause. Anything that is not an {@link AppError} is rethrown (a server fault
 * goes to the error page).
 */
export function refusalForPage(error: unknown, where: string): AppError {
  if (!(error instanceof AppError)) throw error;
  console.warn(`[${where}] ${error.name}: ${error.log}`);
  return error;
}

/**
 * The JSON answer of an API route for an error: `{ error, title, message }` with the entry's status. An
 * {@link AppError} is logged as a warning; anything else is logged in full and answered as {@link BackendUnavailable}.
 */
export function jsonRefusal(error: unknown, where: string): Response {
  const refusal =
    error instanceof AppError ? error : new AppError(BackendUnavailable, { log: [String(error)], cause: error });
  if (refusal === error) console.warn(`[${where}] ${refusal.name}: ${refusal.log}`);
  else console.error(`[${where}] unexpected failure:`, error);
  return Response.json(
    { error: refusal.name, title: refusal.title, message: refusal.message },
    { status: refusal.status },
  );
}
