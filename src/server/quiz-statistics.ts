import type PocketBase from 'pocketbase';
import { computeItemExposure, computeItemStatistics, type AttemptScores, type ItemExposureReport, type ItemStatisticsReport } from '../lib/item-statistics.ts';
import type { StaffUser } from '../schemas/user.ts';
import { attemptKeysSchema } from './attempt-store.ts';
import { visibleTraineeIds } from './training.ts';

/**
 * Item statistics of a quiz over its submitted attempts: all of them for HR, those of the trainer's own
 * cohorts for a trainer.
 */
export async function quizStatistics(admin: PocketBase, viewer: StaffUser, quizId: string): Promise<ItemStatisticsReport> {
  const allowed = await visibleTraineeIds(admin, viewer);
  const keys = await admin.collection('attempt_keys').getFullList({
    filter: admin.filter('attempt.quiz = {:q} && attempt.status = "submitted"', { q: quizId }),
    expand: 'attempt',
    fields: 'id,attempt,seed,questions,results,expand.attempt.user',
    requestKey: null,
  });
  const attempts: AttemptScores[] = [];
  for (const record of keys) {
    const user = (record.expand?.attempt as { user?: string } | undefined)?.user;
    if (allowed && (!user || !allowed.has(user))) continue;
    const parsed = attemptKeysSchema.parse(record);
    const score = new Map(parsed.results.map((r) => [r.questionId, r.score]));
    attempts.push({ attemptId: parsed.attempt, questions: Object.fromEntries(parsed.questions.map((q) => [q.id, { score: score.get(q.id) ?? 0, max: 1 }])) });
  }
  return computeItemStatistics(attempts);
}

/**
 * Exposure of a quiz's items: in how many sittings (every learner's attempts, open or submitted) each item was
 * shown. Counted over all sittings whoever the viewer is — item wear is a property of the item, and the figure
 * names no one. `candidates` (the items the quiz can draw) are listed even when never shown.
 */
export async function quizExposure(admin: PocketBase, quizId: string, candidates: readonly string[]): Promise<ItemExposureReport> {
  const sittings = await admin.collection('attempts').getFullList({
    filter: admin.filter('quiz = {:q}', { q: quizId }),
    fields: 'questionIds',
    requestKey: null,
  });
  return computeItemExposure(sittings.map((s) => (Array.isArray(s.questionIds) ? (s.questionIds as unknown[]).filter((id): id is string => typeof id === 'string') : [])), candidates);
}
