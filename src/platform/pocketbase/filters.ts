import type PocketBase from 'pocketbase';

/** `field = id1 || field = id2 …` with bound parameters, or null when there are no ids. */
export function anyOf(pb: PocketBase, field: string, ids: readonly string[], operator: '=' | '~' = '='): string | null {
  if (!ids.length) return null;
  return pb.filter(
    ids.map((_, i) => `${field} ${operator} {:v${i}}`).join(' || '),
    Object.fromEntries(ids.map((id, i) => [`v${i}`, id])),
  );
}
