import type PocketBase from 'pocketbase';
import { z } from 'zod';
import { pbDateSchema as pbDate } from '../schemas/pocketbase.ts';
import type { AttemptSummary, ModuleScore } from '../lib/attempt-rules.ts';
import type { QuestionGrade } from '../lib/grade-question.ts';
import type { DrawnQuestion } from '../lib/quiz-draw.ts';
import type { Responses } from '../schemas/response.ts';


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
  responses: z.record(z.string(), z.unknown()).nullable().transform((r) => (r ?? {}) as Responses),
  score: z.number(),
  passed: z.boolean(),
  breakdown: z.array(z.object({ module: z.string(), earned: z.number(), possible: z.number(), percent: z.number() })).nullable().transform((b): ModuleScore[] => b ?? []),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

/** An `attempt_keys` record: server-only. */
export const attemptKeysSchema = z.object({
  id: z.string(),
  attempt: z.string(),
  seed: z.string(),
  questions: z.array(z.object({ id: z.string(), module: z.string(), layout: z.record(z.string(), z.unknown()) })).transform((q) => q as DrawnQuestion[]),
  results: z.array(z.object({ questionId: z.string(), score: z.number(), status: z.string() })).nullable().transform((r) => (r ?? []) as QuestionGrade[]),
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
    const found = await keys.getList(1, 1, { filter: admin.filter('attempt = {:a}', { a: attemptId }), skipTotal: true, ...opts });
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
      const list = await attempts.getFullList({ ...opts, filter: admin.filter('user = {:user} && quiz = {:quiz}', { user: userId, quiz: quizId }), sort: 'attemptNo' });
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
      // cascades the delete: remove any keys first.
      const found = await findKeys(attemptId);
      if (found) await keys.delete(found.id, opts);
      await attempts.delete(attemptId, opts);
    },
    async create(data: Record<string, unknown>, seed: string, drawn: DrawnQuestion[]): Promise<AttemptRecord> {
      const record = attemptRecordSchema.parse(await attempts.create(data, opts));
      try {
        await keys.create({ attempt: record.id, seed, questions: drawn }, opts);
      } catch (error) {
        // Never leave an attempt without its keys.
        await attempts.delete(record.id, opts).catch(() => undefined);
        throw error;
      }
      return record;
    },
    async update(id: string, data: Record<string, unknown>): Promise<AttemptRecord> {
      return attemptRecordSchema.parse(await attempts.update(id, data, opts));
    },
    async saveResults(keysId: string, results: QuestionGrade[]): Promise<void> {
      await keys.update(keysId, { results }, opts);
    },
  };
}
export type AttemptStore = ReturnType<typeof attemptStore>;
