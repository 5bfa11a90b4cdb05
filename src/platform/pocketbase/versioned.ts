import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';

/**
 * Compare-and-set writes for records that the app reads, changes and writes back (attempts, lesson progress, module
 * progress, cohort members). Several app processes share one PocketBase, so an in-process lock cannot protect a
 * read-modify-write: instead each such record carries a `version`, and a write lands only if the version is still
 * the one the writer read (hook route src/db/hooks/versioned.pb.js, one transaction). The loser re-reads and redoes
 * its change on the fresh copy (`untilWritten`).
 */

export type VersionedCollection =
  | 'attempts'
  | 'lesson_progress'
  | 'module_progress'
  | 'cohorts'
  | 'question_drafts'
  | 'published_questions'
  | 'call_runs'
  | 'notification_deliveries'
  | 'scheduler_leases'
  | 'xapi_statements'
  | 'achievement_followups';

/**
 * A write to another record in the same transaction, applied only when the version check passes: an update, or with
 * `create` a new record with that id (the pending follow-up of a grade or of a lesson started or completed).
 */
export interface CompanionWrite {
  collection: 'attempt_keys' | 'achievement_followups';
  id: string;
  data: Record<string, unknown>;
  create?: boolean;
}

type Answer = { ok: true; record: RecordModel } | { ok: false; version: number };

/** One request to the hook route: one transaction. */
function sendVersioned(admin: PocketBase, body: Record<string, unknown>): Promise<Answer> {
  return admin.send('/api/academy/versioned', { method: 'POST', body, requestKey: null });
}

/**
 * Update record `id` of `collection` with `data` only if its version is still `version` (and bump it), together with
 * `companions`. Returns the written record, or null when another writer changed it first.
 */
export async function updateIfVersion(
  admin: PocketBase,
  collection: VersionedCollection,
  id: string,
  version: number,
  data: Record<string, unknown>,
  companions: readonly CompanionWrite[] = [],
): Promise<RecordModel | null> {
  const answer = await sendVersioned(admin, { collection, id, version, data, companions });
  return answer.ok ? answer.record : null;
}

/**
 * Create a record of `collection` at version 1 (with `companions`, in the same transaction). Returns null when
 * PocketBase refused it with a 400 — for these collections a unique index (another writer created the same record
 * first); the caller re-reads.
 */
export async function createVersioned(
  admin: PocketBase,
  collection: VersionedCollection,
  data: Record<string, unknown>,
  companions: readonly CompanionWrite[] = [],
): Promise<RecordModel | null> {
  try {
    if (!companions.length)
      return await admin.collection(collection).create({ ...data, version: 1 }, { requestKey: null });
    const answer = await sendVersioned(admin, { collection, data, companions });
    return answer.ok ? answer.record : null;
  } catch (error) {
    if ((error as { status?: number }).status === 400) return null;
    throw error;
  }
}

/** Create a record that is never changed afterwards (no version) together with `companions`, in one transaction. */
export async function createWithCompanions(
  admin: PocketBase,
  collection: 'practical_assessments',
  data: Record<string, unknown>,
  companions: readonly CompanionWrite[],
): Promise<RecordModel> {
  const answer = await sendVersioned(admin, { collection, data, companions });
  if (!answer.ok) throw new Error(`create of ${collection} answered without a record`);
  return answer.record;
}

/** What a step of `untilWritten` returns when another writer was first: read again and redo the change. */
export const conflict = Symbol('version conflict');

/** How often a read-change-write is redone before giving up (each redo means another writer made progress). */
const maxRounds = 25;

/**
 * Run `step` (read, change, conditional write) until it does not report a conflict. Each conflict means another
 * writer's write landed, so this ends; a short random pause keeps two writers from colliding in step again.
 */
export async function untilWritten<T>(
  label: string,
  step: (round: number) => Promise<T | typeof conflict>,
): Promise<T> {
  for (let round = 0; round < maxRounds; round++) {
    const outcome = await step(round);
    if (outcome !== conflict) return outcome;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 5 * 2 ** round)));
  }
  throw new Error(`${label}: still conflicting after ${maxRounds} rounds`);
}
