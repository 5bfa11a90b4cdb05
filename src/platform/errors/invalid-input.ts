import type { z } from 'zod';
import { AppError } from './app-error.ts';
import { InvalidInput } from './errors-data.ts';

/**
 * A form that failed its zod schema, refused with the first issue's message (the schemas carry Chinese messages)
 * and logged with the field paths and zod issue codes (English).
 */
export function invalidInput(what: string, error: z.ZodError): AppError<typeof InvalidInput> {
  const issue = error.issues[0];
  const message = issue?.message ?? '提交的内容无法识别，请检查后重试。';
  return new AppError(InvalidInput, {
    message: [message],
    log: [what, error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join(', ')],
  });
}
