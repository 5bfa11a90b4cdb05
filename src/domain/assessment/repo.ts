import type PocketBase from 'pocketbase';
import type { ListRead } from '../../platform/pocketbase/reads.ts';
import { z } from 'zod';
import { pbDateSchema as pbDate, pbRequiredDateSchema } from '../../platform/pocketbase/dates.ts';
import type { AttemptSummary, ModuleScore } from './rules.ts';
import type { QuestionGrade } from './grading.ts';
import type { DrawnQuestion } from './draw.ts';
import type { Responses } from './response-schema.ts';
import { updateIfVersion, type CompanionWrite } from '../../platform/pocketbase/versioned.ts';
import { newRecordId } from '../../platform/pocketbase/records.ts';
import { anyOf } from '../training/cohort-members.ts';
import { attemptFollowUp, followUpCompanion } from '../progress/repo.ts';

/** An `attempts` record as the server reads it. */
export const attemptRecordSchema = z.object({
  id: z.string(),
  user: z.string(),
  quiz: z.string(),
  kind: z.enum(['module', 'exam']),
  attemptNo: z.number(),
  status: z.enum(['in-progress', 'submitted']),
  startedAt: pbDate,
  deadline: pbDate,
  submittedAt: pbDate,
  savedAt: pbDate,
  late: z.boolean(),
  questionIds: z.array(z.string()),
  responses: z
    .record(z.string(), z.unknown())
    .nullable()
    .transform((r) => (r ?? {}) as Responses),
  score: z.number(),
  passed: z.boolean(),
  breakdown: z
    .array(z.object({ module: z.string(), earned: z.number(), possible: z.number(), percent: z.number() }))
    .nullable()
    .transform((b): ModuleScore[] => b ?? []),
  /** Bumped by every write (compare-and-set, src/platform/pocketbase/versioned.ts); 0 on rows older than the field. */
  version: z
    .number()
    .nullish()
    .transform((v) => v ?? 0),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

/** An `attempt_keys` record: server-only. */
export const attemptKeysSchema = z.object({
  id: z.string(),
  attempt: z.string(),
  seed: z.string(),
  questions: z
    .array(z.object({ id: z.string(), module: z.string(), layout: z.record(z.string(), z.unknown()) }))
    .transform((q) => q as DrawnQuestion[]),
  results: z
    .array(z.object({ questionId: z.string(), score: z.number(), status: z.string() }))
    .nullable()
    .transform((r) => (r ?? []) as QuestionGrade[]),
});
export type AttemptKeys = z.infer<typeof attemptKeysSchema>;

export function toSummary(a: AttemptRecord): AttemptSummary {
  return { attemptNo: a.attemptNo, status: a.status, passed: a.passed, submittedAt: a.submittedAt };
}

/** Data access for attempts through the admin client. */
export function attemptStore(admin: PocketBase) {
  const attempts = admin.collection('attempts');
  const keys = admin.collection('attempt_keys');
  const opts = { requestKey: null };
  /** The attempt's keys, or null (only if the process died between the two writes of `create`). */
  const findKeys = async (attemptId: string): Promise<AttemptKeys | null> => {
    const found = await keys.getList(1, 1, {
      filter: admin.filter('attempt = {:a}', { a: attemptId }),
      skipTotal: true,
      ...opts,
    });
    return found.items[0] ? attemptKeysSchema.parse(found.items[0]) : null;
  };
  return {
    async get(id: string): Promise<AttemptRecord | null> {
      try {
        return attemptRecordSchema.parse(await attempts.getOne(id, opts));
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async listFor(userId: string, quizId: string): Promise<AttemptRecord[]> {
      const list = await attempts.getFullList({
        ...opts,
        filter: admin.filter('user = {:user} && quiz = {:quiz}', { user: userId, quiz: quizId }),
        sort: 'attemptNo',
      });
      return list.map((r) => attemptRecordSchema.parse(r));
    },
    findKeys,
    async keysFor(attemptId: string): Promise<AttemptKeys> {
      const found = await findKeys(attemptId);
      if (!found) throw new Error(`Attempt ${attemptId} has no keys`);
      return found;
    },
    async remove(attemptId: string): Promise<void> {
      // `attempt_keys.attempt` is a plain id (no back-relation a filter could follow), so PocketBase no longer
      // cascades the delete: remove any keys first. Another process may be removing it too: a 404 is fine.
      const gone = (e: { status?: number }) => {
        if (e.status !== 404) throw e;
      };
      const found = await findKeys(attemptId);
      if (found) await keys.delete(found.id, opts).catch(gone);
      await attempts.delete(attemptId, opts).catch(gone);
    },
    /**
     * Create an attempt with its keys, in one transaction (hook route src/db/hooks/attempts.pb.js): no process ever
     * sees an attempt without keys. Returns null when the unique (user, quiz, attemptNo) index refused the attempt:
     * another request started it first.
     */
    async create(data: Record<string, unknown>, seed: string, drawn: DrawnQuestion[]): Promise<AttemptRecord | null> {
      try {
        const answer: { attempt: unknown } = await admin.send('/api/academy/attempts/start', {
          method: 'POST',
          body: { attempt: { ...data, id: newRecordId() }, keys: { seed, questions: drawn } },
          requestKey: null,
        });
        return attemptRecordSchema.parse(answer.attempt);
      } catch (error) {
        if ((error as { status?: number }).status !== 400) throw error;
        return null;
      }
    },
    /** A learner's attempts at one quiz (by attemptNo) and the keys of the open one, in one round trip. */
    async state(userId: string, quizId: string): Promise<{ attempts: AttemptRecord[]; openKeys: AttemptKeys | null }> {
      const answer: { attempts: unknown[]; keys: unknown } = await admin.send('/api/academy/attempts/state', {
        method: 'POST',
        body: { user: userId, quiz: quizId },
        requestKey: null,
      });
      return {
        attempts: answer.attempts.map((r) => attemptRecordSchema.parse(r)),
        openKeys: answer.keys ? attemptKeysSchema.parse(answer.keys) : null,
      };
    },
    /** One attempt with its keys (null keys: half-written), in one round trip; null when there is no such attempt. */
    async bundle(id: string): Promise<{ attempt: AttemptRecord; keys: AttemptKeys | null } | null> {
      try {
        const answer: { attempt: unknown; keys: unknown } = await admin.send(
          `/api/academy/attempts/${encodeURIComponent(id)}/bundle`,
          { method: 'GET', requestKey: null },
        );
        return {
          attempt: attemptRecordSchema.parse(answer.attempt),
          keys: answer.keys ? attemptKeysSchema.parse(answer.keys) : null,
        };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    /**
     * Write `data` to the attempt only if nobody changed it since `attempt` was read (and, when given, the graded
     * results to its keys and the attempt's pending follow-up in the same transaction). Null when another writer
     * was first.
     */
    async updateIfUnchanged(
      attempt: AttemptRecord,
      data: Record<string, unknown>,
      results?: { keysId: string; results: QuestionGrade[]; followUp: boolean },
    ): Promise<AttemptRecord | null> {
      const companions: CompanionWrite[] = results
        ? [
            { collection: 'attempt_keys', id: results.keysId, data: { results: results.results } },
            ...(results.followUp ? [followUpCompanion(attemptFollowUp(attempt))] : []),
          ]
        : [];
      const written = await updateIfVersion(admin, 'attempts', attempt.id, attempt.version, data, companions);
      return written ? attemptRecordSchema.parse(written) : null;
    },
  };
}
export type AttemptStore = ReturnType<typeof attemptStore>;

const passedAttemptSchema = z.object({ quiz: z.string(), score: z.number(), submittedAt: pbRequiredDateSchema });
export type PassedAttempt = z.output<typeof passedAttemptSchema>;

/** A user's passed, submitted attempts (quizzes and exams), oldest first. */
export const passedAttemptsRead = (userId: string): ListRead<PassedAttempt> => ({
  collection: 'attempts',
  where: { user: userId, status: 'submitted', passed: true },
  fields: 'quiz,score,submittedAt',
  sort: 'submittedAt',
  row: passedAttemptSchema,
});

const scoredAttemptSchema = z.object({ score: z.number(), passed: z.boolean() });
export type ScoredAttempt = z.output<typeof scoredAttemptSchema>;

/** A user's submitted attempts at one quiz: score and whether each passed (module progress counts them). */
export async function submittedAttemptsAt(admin: PocketBase, userId: string, quizId: string): Promise<ScoredAttempt[]> {
  const list = await admin.collection('attempts').getFullList({
    filter: admin.filter('user = {:u} && quiz = {:q} && status = "submitted"', { u: userId, q: quizId }),
    fields: 'score,passed,submittedAt',
    requestKey: null,
  });
  return list.map((r) => scoredAttemptSchema.parse(r));
}

const recentAttemptSchema = z.object({
  id: z.string(),
  quiz: z.string(),
  score: z.number(),
  passed: z.boolean(),
  submittedAt: pbRequiredDateSchema,
});
export type RecentAttempt = z.output<typeof recentAttemptSchema>;

/** A user's `limit` most recently submitted attempts (quizzes and exams), newest first. */
export async function recentSubmittedAttempts(
  admin: PocketBase,
  userId: string,
  limit: number,
): Promise<RecentAttempt[]> {
  const list = await admin.collection('attempts').getList(1, limit, {
    filter: admin.filter('user = {:u} && status = "submitted"', { u: userId }),
    sort: '-submittedAt',
    requestKey: null,
  });
  return list.items.map((r) => recentAttemptSchema.parse(r));
}

const attemptOwnerSchema = z.object({ id: z.string(), user: z.string() });

/** Every submitted attempt at a quiz: its id and whose it is. */
export async function submittedAttemptOwners(
  admin: PocketBase,
  quizId: string,
): Promise<{ id: string; user: string }[]> {
  const list = await admin.collection('attempts').getFullList({
    filter: admin.filter('quiz = {:q} && status = "submitted"', { q: quizId }),
    fields: 'id,user',
    requestKey: null,
  });
  return list.map((r) => attemptOwnerSchema.parse(r));
}

/** The keys of these attempts (fetched 100 ids per request; an attempt without keys is left out). */
export async function keysOfAttempts(admin: PocketBase, attemptIds: readonly string[]): Promise<AttemptKeys[]> {
  // attempt_keys.attempt is a plain id (no relation a filter could follow), so the keys are fetched by attempt id.
  const chunks = Array.from({ length: Math.ceil(attemptIds.length / 100) }, (_, i) =>
    attemptIds.slice(i * 100, i * 100 + 100),
  );
  const lists = await Promise.all(
    chunks.map((chunk) =>
      admin.collection('attempt_keys').getFullList({
        filter: anyOf(admin, 'attempt', chunk)!,
        fields: 'id,attempt,seed,questions,results',
        requestKey: null,
      }),
    ),
  );
  return lists.flat().map((r) => attemptKeysSchema.parse(r));
}

const shownSchema = z.object({
  questionIds: z
    .unknown()
    .transform((v) => (Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : [])),
});

/** The question ids shown in every sitting of a quiz (open or submitted, whoever sat it), one list per attempt. */
export async function questionIdsShown(admin: PocketBase, quizId: string): Promise<string[][]> {
  const list = await admin.collection('attempts').getFullList({
    filter: admin.filter('quiz = {:q}', { q: quizId }),
    fields: 'questionIds',
    requestKey: null,
  });
  return list.map((r) => shownSchema.parse(r).questionIds);
}

const submittedAttemptSchema = z.object({
  id: z.string(),
  quiz: z.string(),
  attemptNo: z.number(),
  score: z.number(),
  passed: z.boolean(),
  late: z.boolean(),
  submittedAt: z.string(),
});
export type SubmittedAttempt = z.output<typeof submittedAttemptSchema>;

/** A user's submitted attempts (quizzes and exams), newest first, as a trainer's view of the trainee lists them. */
export async function submittedAttemptsOf(admin: PocketBase, userId: string): Promise<SubmittedAttempt[]> {
  const list = await admin.collection('attempts').getFullList({
    filter: admin.filter('user = {:u} && status = "submitted"', { u: userId }),
    sort: '-submittedAt',
    fields: 'id,quiz,attemptNo,score,passed,late,submittedAt',
    requestKey: null,
  });
  return list.map((r) => submittedAttemptSchema.parse(r));
}
