import cluster from 'node:cluster';
import type PocketBase from 'pocketbase';
import { expiringCache } from '../../platform/util/expiring-cache.ts';
import { processFollowUp } from './follow-ups.ts';
import { attemptStore, quizOfAttempt, type AttemptRecord } from './repo.ts';
import type { AttemptContext } from './service.ts';
import { appAdmin } from '../../platform/pocketbase/app-admin.ts';
import { quizCatalog } from './catalog.ts';
import { catalogWithUpload, uploadRecordId } from '../training/call-recordings.ts';
import type { StaffUser } from '../identity/schema.ts';
import { catalogWithPublishedItems } from './question-bank.ts';
import { learningEventWritten } from '../xapi/learning-events.ts';
import type { AttemptGraded, AttemptStarted } from '../xapi/schema.ts';

/** The learning event an attempt write is: started (in progress) or graded (submitted). */
export function attemptEvent(a: AttemptRecord): AttemptStarted | AttemptGraded | null {
  if (!a.startedAt) return null;
  const facts = {
    attemptId: a.id,
    userId: a.user,
    quiz: a.quiz,
    quizKind: a.kind,
    attemptNo: a.attemptNo,
    startedAt: a.startedAt,
  };
  if (a.status === 'in-progress') return { kind: 'attempt-started', ...facts };
  if (!a.submittedAt) return null;
  return {
    kind: 'attempt-graded',
    ...facts,
    submittedAt: a.submittedAt,
    percent: a.score,
    passed: a.passed,
    late: a.late,
  };
}

/**
 * The attempt service on an admin client: grades lead to module progress and certificates through the attempt's
 * durable follow-up (src/domain/assessment/follow-ups.ts). By default the grading call waits for it; with
 * `followUp: 'background'` (the app's requests) it is started and the request answers at once.
 */
export function attemptContextFor(
  admin: PocketBase,
  now: () => Date = () => new Date(),
  options: { followUp?: 'wait' | 'background' } = {},
): AttemptContext {
  return {
    store: attemptStore(admin),
    catalog: quizCatalog(),
    now,
    afterSubmit: async (attempt) => {
      // Fault injection for tests/integration/follow-ups.test.ts: the whole app dies between the grade and its
      // follow-up (a worker's cluster primary too, or it would start a new worker that finishes the job itself).
      if (options.followUp === 'background' && process.env.ACADEMY_FAULT === 'kill-after-grade') {
        if (cluster.isWorker) process.kill(process.ppid, 'SIGKILL');
        process.kill(process.pid, 'SIGKILL');
      }
      const work = processFollowUp(admin, attempt.id, now);
      if (options.followUp !== 'background') return work;
      work.catch((error: unknown) =>
        console.error(`[follow-ups] attempt ${attempt.id} left for the sweep: ${(error as Error).message}`),
      );
    },
    attemptWritten: (attempt) => {
      const event = attemptEvent(attempt);
      return event ? learningEventWritten(admin, event) : Promise.resolve();
    },
  };
}

/**
 * The attempt service for one quiz as seen by `user`: trainers' uploaded call recordings are quizzes that exist
 * only in the database, so their questions join the catalog here. Null when the user may not take that quiz.
 */
export async function appAttemptContextForQuiz(
  user: StaffUser,
  quizId: string,
  fresh = false,
): Promise<AttemptContext | null> {
  const admin = await appAdmin();
  const ctx = await withPublishedItems(admin, attemptContextFor(admin, undefined, { followUp: 'background' }), fresh);
  const recordId = uploadRecordId(quizId);
  if (!recordId) return ctx;
  const catalog = await catalogWithUpload(admin, ctx.catalog, user, recordId);
  return catalog ? { ...ctx, catalog } : null;
}

/** The context with the items trainers published joined to the file banks (draws, grading, review). */
async function withPublishedItems(admin: PocketBase, ctx: AttemptContext, fresh: boolean): Promise<AttemptContext> {
  return { ...ctx, catalog: await catalogWithPublishedItems(admin, ctx.catalog, fresh) };
}

// An attempt's quiz never changes, so it is looked up once per attempt, not on every autosave.
const quizOfAttemptCache = expiringCache<string>({ ttlMs: 12 * 3600_000, maxEntries: 100_000 });

/** The attempt service for an existing attempt (whatever quiz it belongs to). */
export async function appAttemptContextForAttempt(user: StaffUser, attemptId: string): Promise<AttemptContext> {
  const admin = await appAdmin();
  let quiz = quizOfAttemptCache.get(attemptId, Date.now());
  if (!quiz && /^[a-z0-9]{15}$/.test(attemptId)) {
    quiz = (await quizOfAttempt(admin, attemptId)) ?? undefined;
    if (quiz) quizOfAttemptCache.set(attemptId, quiz, Date.now());
  }
  // An existing attempt may hold an item another process published a moment ago: check the snapshot's key now.
  return (
    (quiz ? await appAttemptContextForQuiz(user, quiz, true) : null) ??
    (await withPublishedItems(admin, attemptContextFor(admin, undefined, { followUp: 'background' }), true))
  );
}
