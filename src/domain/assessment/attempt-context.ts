import cluster from 'node:cluster';
import type PocketBase from 'pocketbase';
import { followUpInBackground, processFollowUp } from '../progress/follow-ups.ts';
import { attemptFollowUp } from '../progress/repo.ts';
import { attemptStore, type AttemptKeys, type AttemptRecord, type AttemptStore } from './repo.ts';
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
 * durable follow-up (src/domain/progress/follow-ups.ts). By default the grading call waits for it; with
 * `followUp: 'background'` (the app's requests) it is started in its turn (`followUpInBackground`: a lane per process,
 * narrow while the server is busy) and the request answers at once.
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
      if (options.followUp !== 'background') return processFollowUp(admin, attempt.id, now, attemptFollowUp(attempt));
      followUpInBackground(admin, attemptFollowUp(attempt), now);
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

/** What `appAttemptContextForAttempt` reads up front: the attempt alone (autosave, result) or with its keys (submit). */
export type AttemptPreload = 'attempt' | 'bundle';
type Preloaded = { attempt: AttemptRecord; keys?: AttemptKeys | null };

/**
 * The store with the attempt read up front handed to the service's first read of it, so a request reads its attempt
 * once (issue 15: fewer round trips). Every later read (a retry after a compare-and-set conflict) goes to PocketBase.
 */
function withFirstRead(store: AttemptStore, found: Preloaded): AttemptStore {
  let used = false;
  const take = (id: string, needKeys: boolean) => {
    if (used || id !== found.attempt.id || (needKeys && found.keys === undefined)) return null;
    used = true;
    return found;
  };
  return {
    ...store,
    get: async (id) => take(id, false)?.attempt ?? store.get(id),
    bundle: async (id) => {
      const f = take(id, true);
      return f ? { attempt: f.attempt, keys: f.keys ?? null } : store.bundle(id);
    },
  };
}

/**
 * The attempt service for an existing attempt (whatever quiz it belongs to), with the attempt read once here: its
 * quiz decides the catalog, and the published items are re-read only when the attempt holds one this process has
 * not seen yet (another process published it a moment ago). An unknown id gets the plain context; the service then
 * refuses it as not found.
 */
export async function appAttemptContextForAttempt(
  user: StaffUser,
  attemptId: string,
  preload: AttemptPreload = 'attempt',
): Promise<AttemptContext> {
  const admin = await appAdmin();
  const base = attemptContextFor(admin, undefined, { followUp: 'background' });
  const found: Preloaded | null = !/^[a-z0-9]{15}$/.test(attemptId)
    ? null
    : preload === 'bundle'
      ? await base.store.bundle(attemptId)
      : await base.store.get(attemptId).then((attempt) => attempt && { attempt });
  let ctx = await withPublishedItems(admin, base, false);
  if (!found) return ctx;
  if (found.attempt.questionIds.some((id) => !ctx.catalog.questions.has(id)))
    ctx = await withPublishedItems(admin, base, true);
  const recordId = uploadRecordId(found.attempt.quiz);
  const catalog = recordId ? await catalogWithUpload(admin, ctx.catalog, user, recordId) : ctx.catalog;
  return { ...ctx, catalog: catalog ?? ctx.catalog, store: withFirstRead(ctx.store, found) };
}
