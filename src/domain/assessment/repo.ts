import { randomInt } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { pbDateSchema as pbDate } from '../../platform/pocketbase/dates.ts';
import type { AttemptSummary, ModuleScore } from './rules.ts';
import type { QuestionGrade } from './grading.ts';
import type { DrawnQuestion } from './draw.ts';
import type { Responses } from './response-schema.ts';
import { updateIfVersion } from '../../platform/pocketbase/versioned.ts';

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

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A PocketBase record id (15 × [a-z0-9]) chosen by the server. */
export const newRecordId = () => Array.from({ length: 15 }, () => idAlphabet[randomInt(idAlphabet.length)]).join('');

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
     * Create an attempt with its keys. The keys are written first, under the attempt's id chosen here, so no process
     * ever sees an attempt without keys (at worst keys without an attempt are left behind, which nothing reads).
     * Returns null when the unique (user, quiz, attemptNo) index refused the attempt: another request started it first.
     */
    async create(data: Record<string, unknown>, seed: string, drawn: DrawnQuestion[]): Promise<AttemptRecord | null> {
      const id = newRecordId();
      const keysRecord = await keys.create({ attempt: id, seed, questions: drawn }, opts);
      try {
        return attemptRecordSchema.parse(await attempts.create({ ...data, id, version: 1 }, opts));
      } catch (error) {
        if ((error as { status?: number }).status !== 400) throw error;
        await keys.delete(keysRecord.id, opts).catch(() => undefined);
        return null;
      }
    },
    /**
     * Write `data` to the attempt only if nobody changed it since `attempt` was read (and, when given, the graded
     * results to its keys in the same transaction). Null when another writer was first.
     */
    async updateIfUnchanged(
      attempt: AttemptRecord,
      data: Record<string, unknown>,
      results?: { keysId: string; results: QuestionGrade[] },
    ): Promise<AttemptRecord | null> {
      const companions = results
        ? [{ collection: 'attempt_keys' as const, id: results.keysId, data: { results: results.results } }]
        : [];
      const written = await updateIfVersion(admin, 'attempts', attempt.id, attempt.version, data, companions);
      return written ? attemptRecordSchema.parse(written) : null;
    },
  };
}
export type AttemptStore = ReturnType<typeof attemptStore>;
