/**
 * User-facing errors: the catalogue (`errors-data.ts`), the one error type (`AppError`) and the answer for pages
 * and API routes (`page-refusal.ts`). Astro actions map errors with `toActionError` from `action-error.ts`
 * (kept apart because it imports `astro:actions`).
 */
import * as appErrors from './errors-data.ts';

export { AppError, type AppErrorData, type AppErrorParams } from './app-error.ts';
export * from './errors-data.ts';
export { appErrors };
export { invalidInput } from './invalid-input.ts';
export { refusalForPage, jsonRefusal } from './page-refusal.ts';

/** Every entry of the catalogue by name. */
export type AppErrors = typeof appErrors;

/** Entries whose message needs no parameters: the ones a page may name directly (error pages, sign-in results). */
export type AppErrorName = {
  [K in keyof AppErrors]: AppErrors[K]['message'] extends string ? K : never;
}[keyof AppErrors];
