import type PocketBase from 'pocketbase';
import { conflict, untilWritten } from '../../platform/pocketbase/versioned.ts';
import { cohortRepo } from './repo.ts';

/**
 * Cohort membership and other cross-user references are plain ids, not relations (migration
 * 1733200000_relation_side_channel.js): PocketBase 0.22 lets a list filter follow a relation without applying the
 * joined collection's rules, so a relation from a user to their cohorts would let any member learn the cohort's other
 * members, its trainer and its recordings' answer keys. This module is the one place that reads and changes members.
 */

export { memberIdsSchema } from './schema.ts';
export { anyOf } from '../../platform/pocketbase/filters.ts';
export { usersByIds } from '../identity/repo.ts';

/** Ids of the cohorts `userId` belongs to. */
export async function cohortIdsOf(admin: PocketBase, userId: string): Promise<string[]> {
  return (await cohortRepo(admin).withMember(userId)).map((c) => c.id);
}

/**
 * Change a cohort's members (read, change, write). PocketBase has no atomic append for a JSON field, so the write is a
 * compare-and-set on the cohort's version (src/platform/pocketbase/versioned.ts): when another change landed first, in this
 * process or another, the change is redone on the fresh member list, so no member change is lost.
 */
export function changeMembers(admin: PocketBase, cohortId: string, change: (ids: string[]) => string[]) {
  const cohorts = cohortRepo(admin);
  return untilWritten(`members of ${cohortId}`, async () => {
    const cohort = await cohorts.members(cohortId);
    const written = await cohorts.setMembersIfVersion(cohortId, cohort.version, [...new Set(change(cohort.members))]);
    return written ?? conflict;
  });
}
