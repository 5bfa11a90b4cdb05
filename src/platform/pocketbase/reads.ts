import type PocketBase from 'pocketbase';
import { z } from 'zod';

/**
 * One list read, defined once: which rows of which collection (fields equal to values, all of them), in which
 * order, which fields, and the schema each row is parsed with. `readList` sends it alone through the records API,
 * `readLists` sends several in one round trip (src/db/hooks/reads.pb.js, plain SQL); both answer the same rows.
 */
export interface ListRead<T> {
  collection: string;
  where: Readonly<Record<string, string | number | boolean>>;
  sort?: string;
  fields?: string;
  row: z.ZodType<T, unknown>;
}

/** The records API's filter for `where`: every field equal to its value (bound, not spliced). */
export function whereFilter(pb: PocketBase, where: ListRead<unknown>['where']): string {
  const fields = Object.keys(where);
  if (!fields.length) throw new Error('a list read needs at least one condition');
  return pb.filter(fields.map((f) => `${f} = {:${f}}`).join(' && '), where);
}

type RowsOf<R extends Record<string, ListRead<unknown>>> = {
  [K in keyof R]: R[K] extends ListRead<infer T> ? T[] : never;
};

const opts = { requestKey: null };

/** Every row of one read (the records API, as many pages as it takes). */
export async function readList<T>(admin: PocketBase, read: ListRead<T>): Promise<T[]> {
  const { collection, where, sort, fields } = read;
  const filter = whereFilter(admin, where);
  const list = await admin
    .collection(collection)
    .getFullList({ filter, ...(sort ? { sort } : {}), ...(fields ? { fields } : {}), ...opts });
  return list.map((r) => read.row.parse(r));
}

const answerSchema = z.object({ results: z.array(z.array(z.unknown())) });

/** Every row of each named read, in one round trip (at most 12 reads). */
export async function readLists<const R extends Record<string, ListRead<unknown>>>(
  admin: PocketBase,
  reads: R,
): Promise<RowsOf<R>> {
  const named = Object.entries(reads);
  const answer = answerSchema.parse(
    await admin.send('/api/academy/read', {
      method: 'POST',
      body: { reads: named.map(([, { collection, where, sort, fields }]) => ({ collection, where, sort, fields })) },
      ...opts,
    }),
  );
  if (answer.results.length !== named.length)
    throw new Error(`/api/academy/read answered ${answer.results.length} results for ${named.length} reads`);
  return Object.fromEntries(
    named.map(([name, read], i) => [name, answer.results[i]!.map((r) => read.row.parse(r))]),
  ) as RowsOf<R>;
}
