/**
 * One error type for everything a user may be refused (in the spirit of Astro's `AstroError`): each situation is a
 * named entry in `errors-data.ts`; code throws `new AppError(Entry, { message: [...], log: [...] })`; the adapters
 * (`action-error.ts` for Astro actions, `page-refusal.ts` for pages and API routes) turn it into an answer.
 */

/** One user-facing error: what the user reads (Chinese) and what the server logs (English). */
export interface AppErrorData {
  /** Stable name, the same as the exported constant; logs and clients refer to it. */
  name: string;
  /** HTTP status of the answer; for actions it becomes the matching `ActionError` code. */
  status: number;
  /** Short Chinese heading. */
  title: string;
  /** Chinese message: what happened and what to do next. A function where it names values (a date, a file kind…). */
  message: string | ((...params: never[]) => string);
  /** The precise English cause for the server log, never shown to users. */
  log: string | ((...params: never[]) => string);
  /** For developers (English): where the error comes from and what to check. */
  hint: string;
}

type Slot<K extends string, F> = F extends (...args: infer P) => string
  ? [] extends P
    ? { [k in K]?: P }
    : { [k in K]: P }
  : { [k in K]?: never };

/** The parameters of an entry's message and log functions (required where the function needs them). */
export type AppErrorParams<E extends AppErrorData> = Slot<'message', E['message']> &
  Slot<'log', E['log']> & { cause?: unknown };

type Rest<E extends AppErrorData> =
  object extends AppErrorParams<E> ? [params?: AppErrorParams<E>] : [params: AppErrorParams<E>];

function render(text: string | ((...params: never[]) => string), params: readonly unknown[] | undefined): string {
  return typeof text === 'function' ? (text as (...p: unknown[]) => string)(...(params ?? [])) : text;
}

/**
 * A request refused for a reason the user can act on (or a failure they should be told about). `message` is the
 * Chinese text, safe to show; `log` the English cause; `status` the HTTP status; `name` the catalogue entry's name.
 */
export class AppError<E extends AppErrorData = AppErrorData> extends Error {
  /** The catalogue entry this error was built from. */
  readonly entry: E;
  readonly status: number;
  readonly title: string;
  /** English, for the server log. */
  readonly log: string;
  readonly hint: string;

  constructor(entry: E, ...[params]: Rest<E>) {
    const p = params as { message?: unknown[]; log?: unknown[]; cause?: unknown } | undefined;
    super(render(entry.message, p?.message), p?.cause === undefined ? undefined : { cause: p.cause });
    this.name = entry.name;
    this.entry = entry;
    this.status = entry.status;
    this.title = entry.title;
    this.log = render(entry.log, p?.log);
    this.hint = entry.hint;
  }

  /** Whether this error was built from `entry`. */
  is(entry: AppErrorData): boolean {
    return this.entry === entry;
  }
}
