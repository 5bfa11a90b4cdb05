import type PocketBase from 'pocketbase';
import type { ListRead } from '../../platform/pocketbase/reads.ts';
import { z } from 'zod';
import { pbDateSchema, pbDateText } from '../../platform/pocketbase/dates.ts';
import { achievementSchema, type Achievement } from './schema.ts';
import { firstOrNull, getOneOrNull, newRecordId } from '../../platform/pocketbase/records.ts';
import { createVersioned, updateIfVersion, type CompanionWrite } from '../../platform/pocketbase/versioned.ts';

// The progress area's collections: `lesson_progress`, `module_progress`, `study_clocks` and `achievement_followups`. This is the only file
// that names them; the service (service.ts, learner-dashboard.ts, lesson-state.ts) works on the typed records.
const opts = { requestKey: null };

/** A `lesson_progress` record as the progress service reads it (one per user and lesson, unique index). */
export const progressRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  lesson: z.string(),
  module: z.string(),
  startedAt: pbDateSchema,
  completedAt: pbDateSchema,
  seconds: z.number(),
  position: z.number(),
  reachedEnd: z.boolean(),
  practice: z
    .record(z.string(), z.boolean())
    .nullable()
    .transform((p) => p ?? {}),
  cardsSeen: z
    .record(z.string(), z.array(z.number()))
    .nullish()
    .transform((c) => c ?? {}),
  lastEventAt: pbDateSchema,
  updated: pbDateSchema,
  eventIds: z
    .array(z.string())
    .nullable()
    .transform((e) => e ?? []),
  /** Bumped by every write (compare-and-set, src/platform/pocketbase/versioned.ts); 0 on rows older than the field. */
  version: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
});
export type ProgressRecord = z.infer<typeof progressRecordSchema>;

/** What `writeLessonProgress` stores (dates as ISO strings, '' for "not completed"). */
export interface LessonProgressData {
  user: string;
  lesson: string;
  module: string;
  startedAt: string;
  completedAt: string;
  seconds: number;
  position: number;
  reachedEnd: boolean;
  practice: Record<string, boolean>;
  cardsSeen: Record<string, number[]>;
  lastEventAt: string;
  eventIds: string[];
}

/** A user's progress record in one lesson, or null when they never opened it. */
export function lessonProgressRecord(
  admin: PocketBase,
  userId: string,
  lesson: string,
): Promise<ProgressRecord | null> {
  return firstOrNull(
    admin.collection('lesson_progress'),
    admin.filter('user = {:u} && lesson = {:l}', { u: userId, l: lesson }),
    opts,
    progressRecordSchema,
  );
}

/**
 * Write a lesson's progress if nobody wrote it since `existing` was read (compare-and-set on its version; a create
 * is decided by the unique (user, lesson) index). False when another writer was first: read again and redo.
 */
export async function writeLessonProgress(
  admin: PocketBase,
  existing: ProgressRecord | null,
  data: LessonProgressData,
  followUp: FollowUpRecord | null = null,
): Promise<boolean> {
  const companions = followUp ? [followUpCompanion(followUp)] : [];
  const written = existing
    ? await updateIfVersion(admin, 'lesson_progress', existing.id, existing.version, { ...data }, companions)
    : await createVersioned(admin, 'lesson_progress', { ...data }, companions);
  return written !== null;
}

const lessonRowSchema = z.object({
  lesson: z.string(),
  module: z.string(),
  completedAt: pbDateSchema,
  seconds: z
    .number()
    .nullish()
    .transform((v) => v || 0),
});
export type LessonProgressRow = z.output<typeof lessonRowSchema>;

/** Every lesson a user has opened: when it was completed (null if not yet) and the study seconds credited. */
export const lessonProgressRead = (userId: string): ListRead<LessonProgressRow> => ({
  collection: 'lesson_progress',
  where: { user: userId },
  fields: 'lesson,module,completedAt,seconds',
  row: lessonRowSchema,
});

/** What the module page and the module summary need of one `lesson_progress` row. */
const lessonProgressSummarySchema = z.object({
  lesson: z.string(),
  completedAt: z
    .string()
    .nullish()
    .transform((v) => v || null),
  seconds: z
    .number()
    .nullish()
    .transform((v) => v || 0),
});
export type LessonProgressSummary = z.infer<typeof lessonProgressSummarySchema>;

/** The learner's lesson progress rows in one module (at most one per lesson). */
export async function lessonProgressInModule(
  admin: PocketBase,
  userId: string,
  module: string,
): Promise<LessonProgressSummary[]> {
  const rows = await admin.collection('lesson_progress').getFullList({
    filter: admin.filter('user = {:u} && module = {:m}', { u: userId, m: module }),
    fields: 'lesson,completedAt,seconds',
    ...opts,
  });
  return rows.map((r) => lessonProgressSummarySchema.parse(r));
}

/** The lesson the learner was last active in and has not completed ("<module>/<lesson>"), or null. */
export async function lastUnfinishedLesson(admin: PocketBase, userId: string): Promise<string | null> {
  const list = await admin.collection('lesson_progress').getList(1, 1, {
    filter: admin.filter('user = {:u} && completedAt = ""', { u: userId }),
    sort: '-lastEventAt',
    fields: 'lesson',
    ...opts,
  });
  return list.items[0] ? z.object({ lesson: z.string() }).parse(list.items[0]).lesson : null;
}

const count = z
  .number()
  .nullish()
  .transform((v) => v ?? 0);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v === true);

/** A `module_progress` row: one per user and module, recomputed by `refreshModuleProgress`. */
const moduleProgressSchema = z.object({
  id: z.string(),
  user: z.string(),
  module: z.string(),
  lessonsStarted: count,
  lessonsCompleted: count,
  quizPassed: flag,
  quizAttempted: flag,
  seconds: count,
  /** As stored ("" when not complete); written back unchanged while the module stays complete. */
  completedAt: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  version: count,
});
export type ModuleProgressRecord = z.infer<typeof moduleProgressSchema>;

/** The `module_progress` rows of some users (every module they opened). */
export async function moduleProgressOf(admin: PocketBase, userIds: readonly string[]): Promise<ModuleProgressRecord[]> {
  if (!userIds.length) return [];
  const list = await admin
    .collection('module_progress')
    .getFullList({ filter: userIds.map((id) => admin.filter('user = {:id}', { id })).join(' || '), ...opts });
  return list.map((r) => moduleProgressSchema.parse(r));
}

/** A user's `module_progress` row for one module, or null when there is none yet. */
export function moduleProgressRecord(
  admin: PocketBase,
  userId: string,
  module: string,
): Promise<ModuleProgressRecord | null> {
  return firstOrNull(
    admin.collection('module_progress'),
    admin.filter('user = {:u} && module = {:m}', { u: userId, m: module }),
    opts,
    moduleProgressSchema,
  );
}

/** What `writeModuleProgress` stores. */
export interface ModuleProgressData {
  user: string;
  module: string;
  lessonsTotal: number;
  lessonsStarted: number;
  lessonsCompleted: number;
  quizPassed: boolean;
  quizAttempted: boolean;
  seconds: number;
  quizBest: number;
  completedAt: string;
}

/**
 * Write a module's progress row if nobody wrote it since `previous` was read (compare-and-set; a create is decided by
 * the unique (user, module) index). False when another writer was first.
 */
export async function writeModuleProgress(
  admin: PocketBase,
  previous: ModuleProgressRecord | null,
  data: ModuleProgressData,
): Promise<boolean> {
  const written = previous
    ? await updateIfVersion(admin, 'module_progress', previous.id, previous.version, { ...data })
    : await createVersioned(admin, 'module_progress', { ...data });
  return written !== null;
}

const studyClockSchema = z.object({ id: z.string(), seq: z.number(), until: z.number() });
export type StudyClock = z.infer<typeof studyClockSchema>;

/** The newest row of a user's study clock (highest `seq`), or null when the clock never ran. */
export async function latestStudyClock(admin: PocketBase, userId: string): Promise<StudyClock | null> {
  const latest = await admin.collection('study_clocks').getList(1, 1, {
    filter: admin.filter('user = {:u}', { u: userId }),
    sort: '-seq',
    ...opts,
  });
  return latest.items[0] ? studyClockSchema.parse(latest.items[0]) : null;
}

/**
 * Write the clock's next state as row `seq`. The unique (user, seq) index refuses a second writer of the same `seq`
 * with a 400 (thrown, like any other failure).
 */
export async function appendStudyClock(admin: PocketBase, userId: string, seq: number, until: number): Promise<void> {
  await admin.collection('study_clocks').create({ user: userId, seq, until }, opts);
}

/** Remove a superseded clock row. */
export async function removeStudyClock(admin: PocketBase, id: string): Promise<void> {
  await admin.collection('study_clocks').delete(id, opts);
}

const lessonDetailSchema = z.object({
  lesson: z.string(),
  module: z.string(),
  seconds: z
    .number()
    .nullish()
    .transform((v) => v || 0),
  /** PocketBase date text ('' while not completed). */
  completedAt: z.string().default(''),
  position: z.number().default(0),
  /** PocketBase date text of the last study event ('' for none). */
  lastEventAt: z.string().default(''),
});
export type LessonProgressDetail = z.output<typeof lessonDetailSchema>;

/** Every lesson a user has opened, by lesson id, with the last study event (a trainer's view of the trainee). */
export async function lessonProgressDetailOf(admin: PocketBase, userId: string): Promise<LessonProgressDetail[]> {
  const list = await admin.collection('lesson_progress').getFullList({
    filter: admin.filter('user = {:u}', { u: userId }),
    sort: 'lesson',
    fields: 'lesson,module,seconds,completedAt,position,lastEventAt',
    requestKey: null,
  });
  return list.map((r) => lessonDetailSchema.parse(r));
}

/**
 * A pending follow-up (src/domain/progress/follow-ups.ts): module progress and certificates after a graded attempt
 * at `quiz` (its id is the attempt's id), or after another `achievement` (quiz ''): a lesson started or completed, a
 * call passed, a practical assessment.
 */
export const followUpRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  quiz: z.string(),
  achievement: achievementSchema.nullable().catch(null),
  claimedUntil: z.number(),
  tries: z.number(),
  version: z.number(),
});
export type FollowUpRecord = z.infer<typeof followUpRecordSchema>;

const unclaimed = { claimedUntil: 0, tries: 0, version: 1 };

/** An attempt's follow-up as its grade writes it (same id as the attempt, so one per attempt). */
export function attemptFollowUp(attempt: { id: string; user: string; quiz: string }): FollowUpRecord {
  return { id: attempt.id, user: attempt.user, quiz: attempt.quiz, achievement: null, ...unclaimed };
}

/** The follow-up of another achievement, written with it (a fresh id each). */
export function achievementFollowUp(userId: string, achievement: Achievement): FollowUpRecord {
  return { id: newRecordId(), user: userId, quiz: '', achievement, ...unclaimed };
}

/** A follow-up created in the same transaction as the write that causes it (src/db/hooks/versioned.pb.js). */
export function followUpCompanion({ id, ...data }: FollowUpRecord): CompanionWrite {
  return { collection: 'achievement_followups', id, create: true, data };
}

/** Data access for `achievement_followups` (src/db/migrations/1735000000_achievement_followups.js). */
export function followUpStore(admin: PocketBase) {
  const followUps = admin.collection('achievement_followups');
  const parse = (r: unknown) => followUpRecordSchema.parse(r);
  return {
    async get(id: string): Promise<FollowUpRecord | null> {
      return getOneOrNull(followUps, id, opts, followUpRecordSchema);
    },
    /**
     * Follow-ups nobody holds a live claim on at `nowMs` (oldest first): of one user, or (for the sweep) those
     * recorded at least `minAgeMs` ago, leaving fresh ones to the process that recorded them.
     */
    async due(nowMs: number, limit: number, by: { userId?: string; minAgeMs?: number }): Promise<FollowUpRecord[]> {
      const filter = by.userId
        ? admin.filter('claimedUntil < {:now} && user = {:u}', { now: nowMs, u: by.userId })
        : admin.filter('claimedUntil < {:now} && created <= {:before}', {
            now: nowMs,
            before: pbDateText(new Date(nowMs - (by.minAgeMs ?? 0))),
          });
      const list = await followUps.getList(1, limit, { filter, sort: 'created', skipTotal: true, ...opts });
      return list.items.map(parse);
    },
    /**
     * Compare-and-set: set the claim (and count a try) only if nobody changed the follow-up since it was read. Null
     * when somebody did, or when it is gone: whoever claimed it first has done the work and forgotten it.
     */
    async claim(f: FollowUpRecord, untilMs: number): Promise<FollowUpRecord | null> {
      const written = await updateIfVersion(admin, 'achievement_followups', f.id, f.version, {
        claimedUntil: untilMs,
        tries: f.tries + 1,
      }).catch((error: unknown) => {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      });
      return written ? parse(written) : null;
    },
    /** Give up a claim after a failure, retrying not before `retryAtMs` (lost races are ignored). */
    async release(f: FollowUpRecord, retryAtMs: number, error: string): Promise<void> {
      await updateIfVersion(admin, 'achievement_followups', f.id, f.version, {
        claimedUntil: retryAtMs,
        lastError: error.slice(0, 2000),
      });
    },
    /** Forget a follow-up whose work is done (one already gone is fine): src/db/hooks/followups.pb.js. */
    async remove(id: string): Promise<void> {
      await admin.send(`/api/academy/followups/${encodeURIComponent(id)}/done`, { method: 'POST', ...opts });
    },
  };
}
