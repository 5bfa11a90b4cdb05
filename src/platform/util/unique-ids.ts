import { z } from 'zod';

/** A non-empty list of records whose `id`s must not repeat (content files: exercises, model clips …). */
export function uniqueIdList<T extends z.ZodType<{ id: string }>>(item: T, what: string) {
  return z
    .array(item)
    .min(1)
    .refine((list) => new Set(list.map((x) => x.id)).size === list.length, { message: `${what} ids must be unique.` });
}
