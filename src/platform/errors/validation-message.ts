import type { z } from 'zod';

/**
 * One readable line per zod issue, naming the file and the field path,
 * e.g. `content/modules/x/a.mdx: objectives: Too small: expected array to have >=2 items`.
 */
export function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    return `${where}: ${path}: ${issue.message}`;
  });
}

/** Parse `data` with `schema`, or throw an Error whose message lists every problem with file and field. */
export function parseOrExplain<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new Error(`Invalid data in ${where}:\n  ${describeIssues(where, result.error).join('\n  ')}`);
}
