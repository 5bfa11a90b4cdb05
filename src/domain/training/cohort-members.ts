import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { conflict, untilWritten, updateIfVersion } from '../../platform/pocketbase/versioned.ts';

/**
 * Cohort membership and other cross-user references are plain ids, not relations (migration
 * 1733200000_relation_side_channel.js): PocketBase 0.22 lets a list filter follow a relation without applying the
 * joined collection's rules, so a relation from a user to their cohorts would let any member learn the cohort's other
 * members, its trainer and its recordings' answer keys. This module is the one place that reads and changes members.
 */

const opts = { requestKey: null };

/** `cohorts.members` as stored: a JSON array of user ids (null or anything else counts as empty). */
export const memberIdsSchema = z
  .unknown()
  .transform((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));

/** The filter (on `cohorts`) for cohorts that have `userId` as a member. Ids are 15 × [a-z0-9], so a match is a whole id. */
export const hasMember = (admin: PocketBase, userId: string) => admin.filter('members ~ {:u}', { u: userId });

/** Ids of the cohorts `userId` belongs to. */
export async function cohortIdsOf(admin: PocketBase, userId: string): Promise<string[]> {
  const list = await admin
    .collection('cohorts')
    .getFullList({ filter: hasMember(admin, userId), fields: 'id,members', ...opts });
  // Re-check on the parsed array: the filter is a substring match on the JSON text.
  return list.filter((c) => memberIdsSchema.parse(c.members).includes(userId)).map((c) => c.id);
}

/** `field = id1 || field = id2 …` with bound parameters, or null when there are no ids. */
export function anyOf(
  admin: PocketBase,
  field: string,
  ids: readonly string[],
  operator: '=' | '~' = '=',
): string | null {
  if (!ids.length) return null;
  return admin.filter(
    ids.map((_, i) => `${field} ${operator} {:v${i}}`).join(' || '),
    Object.fromEntries(ids.map((id, i) => [`v${i}`, id])),
  );
}

/** Users by id (at most 100 per request), as id → record with the given fields. */
export async function usersByIds<T extends Record<string, unknown>>(
  admin: PocketBase,
  ids: readonly string[],
  fields: string,
): Promise<Map<string, T & { id: string }>> {
  const unique = [...new Set(ids)].filter((id) => /^[a-z0-9]{15}$/.test(id));
  const out = new Map<string, T & { id: string }>();
  for (let i = 0; i < unique.length; i += 100) {
    const list = await admin
      .collection('users')
      .getFullList({ filter: anyOf(admin, 'id', unique.slice(i, i + 100))!, fields: `id,${fields}`, ...opts });
    for (const u of list) out.set(u.id, u as unknown as T & { id: string });
  }
  return out;
}

/**
 * Change a cohort's members (read, change, write). PocketBase has no atomic append for a JSON field, so the write is a
 * compare-and-set on the cohort's version (src/platform/pocketbase/versioned.ts): when another change landed first, in this
 * process or another, the change is redone on the fresh member list, so no member change is lost.
 */
export function changeMembers(admin: PocketBase, cohortId: string, change: (ids: string[]) => string[]) {
  return untilWritten(`members of ${cohortId}`, async () => {
    const cohort = await admin.collection('cohorts').getOne(cohortId, { fields: 'id,members,version', ...opts });
    const ids = memberIdsSchema.parse(cohort.members);
    const written = await updateIfVersion(admin, 'cohorts', cohortId, Number(cohort.version ?? 0), {
      members: [...new Set(change(ids))],
    });
    return written ?? conflict;
  });
}
